// Leases for the SQLite store, held in this process's memory.
//
// Why not a table: the SQLite store is the single-process deployment (one `hikeshi serve` on one
// file), where a lease only has to keep two threads of that process apart, and the schema's next
// version is reserved for other work. A deployment with several servers uses PostgreSQL, whose
// leases are rows (postgres_store_leases.cc). Same contract as Store::TryAcquireLease.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "core/time.h"

namespace hikeshi::sqlite {

class LeaseTable {
 public:
  bool TryAcquire(std::string_view name, std::string_view holder, std::chrono::milliseconds ttl,
                  Timestamp now);
  void Release(std::string_view name, std::string_view holder);

 private:
  struct Lease {
    std::string holder;
    Timestamp expires_at;
  };
  std::mutex mutex_;
  std::map<std::string, Lease, std::less<>> leases_;
};

}  // namespace hikeshi::sqlite
