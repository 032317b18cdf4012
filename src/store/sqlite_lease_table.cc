#include "store/sqlite_lease_table.h"

namespace hikeshi::sqlite {

bool LeaseTable::TryAcquire(std::string_view name, std::string_view holder,
                            std::chrono::milliseconds ttl, Timestamp now) {
  std::lock_guard lock(mutex_);
  auto found = leases_.find(name);
  if (found == leases_.end()) {
    leases_.emplace(std::string(name), Lease{std::string(holder), now + ttl});
    return true;
  }
  if (found->second.holder != holder && found->second.expires_at > now) return false;
  found->second = Lease{std::string(holder), now + ttl};
  return true;
}

void LeaseTable::Release(std::string_view name, std::string_view holder) {
  std::lock_guard lock(mutex_);
  auto found = leases_.find(name);
  if (found != leases_.end() && found->second.holder == holder) leases_.erase(found);
}

}  // namespace hikeshi::sqlite
