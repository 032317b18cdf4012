#include "store/sqlite_connections.h"

#include <utility>

namespace hikeshi::sqlite {

Connections::Lease::Lease(SqliteDb* db, std::unique_lock<std::mutex> writer_lock)
    : db_(db), writer_lock_(std::move(writer_lock)) {}

Connections::Lease::Lease(Connections* pool, std::unique_ptr<SqliteDb> reader)
    : db_(reader.get()), pool_(pool), reader_(std::move(reader)) {}

Connections::Lease::~Lease() {
  if (reader_ != nullptr) pool_->Return(std::move(reader_));
}

Connections::Connections(std::unique_ptr<SqliteDb> writer, std::string path, int busy_timeout_ms,
                         int max_readers)
    : writer_(std::move(writer)),
      path_(std::move(path)),
      busy_timeout_ms_(busy_timeout_ms),
      max_readers_(max_readers) {}

Connections::Lease Connections::Writer() {
  return Lease(writer_.get(), std::unique_lock(writer_mutex_));
}

Result<Connections::Lease> Connections::Reader() {
  if (max_readers_ == 0) return Writer();
  std::unique_lock lock(readers_mutex_);
  reader_returned_.wait(lock,
                        [&] { return !idle_readers_.empty() || open_readers_ < max_readers_; });
  if (!idle_readers_.empty()) {
    std::unique_ptr<SqliteDb> reader = std::move(idle_readers_.back());
    idle_readers_.pop_back();
    return Lease(this, std::move(reader));
  }
  ++open_readers_;
  lock.unlock();  // opening touches the file system; do not make other readers wait for it
  auto reader = SqliteDb::Open(path_, {.read_only = true, .busy_timeout_ms = busy_timeout_ms_});
  if (!reader) {
    lock.lock();
    --open_readers_;
    lock.unlock();
    reader_returned_.notify_one();
    return std::unexpected(reader.error());
  }
  return Lease(this, std::move(*reader));
}

void Connections::Return(std::unique_ptr<SqliteDb> reader) {
  {
    std::lock_guard lock(readers_mutex_);
    idle_readers_.push_back(std::move(reader));
  }
  reader_returned_.notify_one();
}

}  // namespace hikeshi::sqlite
