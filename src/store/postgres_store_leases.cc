// PostgresStore: leases. One statement does the whole decision under the row's lock: insert the
// lease, or take it over when it has expired or is already ours; a live lease of another holder
// makes the upsert's WHERE false and nothing is returned.
#include "store/postgres_params.h"
#include "store/postgres_store.h"

namespace hikeshi {

using postgres::Exec;
using postgres::Params;

Result<bool> PostgresStore::TryAcquireLease(std::string_view name, std::string_view holder,
                                            std::chrono::milliseconds ttl, Timestamp now) {
  bool acquired = false;
  auto ok = pool_->Run([&](pqxx::work& work) -> Status {
    auto rows = Exec(work,
                     "INSERT INTO leases (name, holder, expires_at) VALUES ($1, $2, $3) "
                     "ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, "
                     "expires_at = EXCLUDED.expires_at "
                     "WHERE leases.holder = EXCLUDED.holder OR leases.expires_at <= $4 "
                     "RETURNING holder",
                     Params().Add(name).Add(holder).Add(now + ttl).Add(now));
    acquired = !rows.empty();
    return {};
  });
  if (!ok) return std::unexpected(ok.error());
  return acquired;
}

Status PostgresStore::ReleaseLease(std::string_view name, std::string_view holder) {
  return pool_->Run([&](pqxx::work& work) -> Status {
    Exec(work, "DELETE FROM leases WHERE name = $1 AND holder = $2",
         Params().Add(name).Add(holder));
    return {};
  });
}

}  // namespace hikeshi
