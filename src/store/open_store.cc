// OpenStore: the one place that knows which locations name which backend.
#include <fmt/format.h>

#include "store/sqlite_store.h"
#include "store/store.h"

namespace hikeshi {

Result<std::unique_ptr<Store>> OpenStore(std::string_view location, const StoreOptions& options) {
  if (location.starts_with("postgresql://") || location.starts_with("postgres://")) {
    return Fail(ErrorCode::kInvalid, "PostgreSQL support is not built yet");
  }
  std::string_view path = location;
  if (path.starts_with("sqlite://")) {
    path.remove_prefix(std::string_view("sqlite://").size());
  } else if (path.starts_with("sqlite:")) {
    path.remove_prefix(std::string_view("sqlite:").size());
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
