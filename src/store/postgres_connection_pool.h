// A bounded pool of PostgreSQL connections (libpqxx) and the one way the PostgreSQL store talks
// to the database: Run(), which lends a connection, runs a function in a transaction and turns
// every libpqxx exception into an Error.
//
// Contract:
//  - At most `size` connections exist; a caller that finds them all lent waits up to
//    `acquire_timeout` and then gets kUnavailable ("pool exhausted").
//  - Connections are opened lazily. A connection that breaks is dropped together with every idle
//    one (a restarted server broke them all) and the transaction is tried again on a fresh one
//    (it was rolled back with the lost connection); a commit whose outcome is unknown is not.
//    So hikeshi recovers when the database comes back, without a restart.
//  - Errors: cannot connect / connection lost → kUnavailable; unique or foreign-key violations
//    → kConflict / kNotFound (callers may refine the message); bad data (SQLSTATE class 22)
//    → kInvalid; a serialization failure or deadlock is retried a few times, then kConflict;
//    anything else → kInternal. The message always says what PostgreSQL said.
//  - Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "core/error.h"

namespace hikeshi::postgres {

struct PoolOptions {
  int size = 8;  // connections at most (StoreOptions::postgres_pool_size)
  std::chrono::milliseconds acquire_timeout{5000};
  std::chrono::seconds connect_timeout{5};
};

class ConnectionPool {
 public:
  ConnectionPool(std::string url, PoolOptions options);
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // Runs `body` in a read-committed transaction and commits it when `body` succeeds (rolls
  // back otherwise). `body` may run more than once (after a serialization failure), so it must
  // not have effects outside the transaction other than filling its results afresh.
  Status Run(const std::function<Status(pqxx::work&)>& body);

  const std::string& Url() const { return url_; }
  int Size() const { return options_.size; }

 private:
  struct Lent {
    std::unique_ptr<pqxx::connection> connection;
    uint64_t generation = 0;
  };
  Result<Lent> Acquire();
  void Release(Lent lent, bool broken);

  const std::string url_;
  const PoolOptions options_;
  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<pqxx::connection>> idle_;
  int open_ = 0;             // connections that exist: idle plus lent
  uint64_t generation_ = 0;  // bumped when a broken connection drops the idle ones
};

// Maps a libpqxx/std exception caught in the store to an Error (see the contract above).
Error ErrorFromException(const std::exception& e);

}  // namespace hikeshi::postgres
