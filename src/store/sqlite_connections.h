// Hands out SQLite connections so that each is used by one thread at a time: the single writer
// connection under a mutex (SQLite allows one writer at a time anyway), and read-only
// connections from a small pool so reads run in parallel with each other and with the writer
// (WAL mode). An in-memory database exists only inside its one connection, so there every read
// goes through the writer too.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/error.h"
#include "store/sqlite_db.h"

namespace hikeshi::sqlite {

class Connections {
 public:
  // Exclusive use of one connection until destroyed.
  class Lease {
   public:
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    SqliteDb& Db() const { return *db_; }

   private:
    friend class Connections;
    Lease(SqliteDb* db, std::unique_lock<std::mutex> writer_lock);
    Lease(Connections* pool, std::unique_ptr<SqliteDb> reader);

    SqliteDb* db_;
    std::unique_lock<std::mutex> writer_lock_;  // held while the writer is leased
    Connections* pool_ = nullptr;               // where `reader_` goes back to
    std::unique_ptr<SqliteDb> reader_;
  };

  // `writer` is open, configured and migrated. Readers are opened on demand from `path`, at most
  // `max_readers` at once; with max_readers == 0 (":memory:") reads lease the writer.
  Connections(std::unique_ptr<SqliteDb> writer, std::string path, int busy_timeout_ms,
              int max_readers);
  Connections(const Connections&) = delete;
  Connections& operator=(const Connections&) = delete;

  // Blocks while another thread holds the writer.
  Lease Writer();
  // Blocks while all max_readers readers are leased; fails if a new reader cannot be opened.
  Result<Lease> Reader();

 private:
  void Return(std::unique_ptr<SqliteDb> reader);

  std::mutex writer_mutex_;
  std::unique_ptr<SqliteDb> writer_;

  const std::string path_;
  const int busy_timeout_ms_;
  const int max_readers_;
  std::mutex readers_mutex_;
  std::condition_variable reader_returned_;
  std::vector<std::unique_ptr<SqliteDb>> idle_readers_;
  int open_readers_ = 0;  // idle plus leased
};

}  // namespace hikeshi::sqlite
