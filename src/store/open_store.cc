// OpenStore: the one place that knows which locations name which backend.
#include <fmt/format.h>

#include "store/postgres_store.h"
#include "store/sqlite_store.h"
#include "store/store.h"

namespace hikeshi {

Result<std::unique_ptr<Store>> OpenStore(std::string_view location, const StoreOptions& options) {
  if (location.starts_with("postgresql://") || location.starts_with("postgres://")) {
    auto store = PostgresStore::Open(std::string(location), options);
    if (!store) return std::unexpected(store.error());
    return std::unique_ptr<Store>(std::move(*store));
  }
  std::string_view path = location;
  for (std::string_view scheme : {"sqlite://", "sqlite:"}) {  // longest first
    if (path.starts_with(scheme)) {
      path.remove_prefix(scheme.size());
      break;
    }
  }
  if (path.empty()) {
    return Fail(ErrorCode::kInvalid,
                fmt::format("store location \"{}\" names no database file", location));
  }
  auto store = SqliteStore::Open(std::string(path), options);
  if (!store) return std::unexpected(store.error());
  return std::unique_ptr<Store>(std::move(*store));
}

}  // namespace hikeshi
