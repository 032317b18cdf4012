#include "store/sqlite_checkpointer.h"

#include <fmt/format.h>

namespace hikeshi::sqlite {

Result<std::unique_ptr<Checkpointer>> Checkpointer::Start(SqliteDb& writer, const std::string& path,
                                                          std::string_view synchronous,
                                                          int busy_timeout_ms) {
  auto connection = SqliteDb::Open(path, {.busy_timeout_ms = busy_timeout_ms});
  if (!connection) return std::unexpected(connection.error());
  // A checkpoint fsyncs as the connection running it is configured to.
  if (auto ok = (*connection)->Execute(fmt::format("PRAGMA synchronous = {}", synchronous)); !ok) {
    return std::unexpected(ok.error());
  }
  if (auto ok = writer.Execute("PRAGMA wal_autocheckpoint = 0"); !ok) {
    return std::unexpected(ok.error());
  }
  auto checkpointer =
      std::unique_ptr<Checkpointer>(new Checkpointer(writer, std::move(*connection)));
  // Replaces the automatic-checkpoint hook that wal_autocheckpoint = 0 just removed.
  sqlite3_wal_hook(writer.Raw(), &Checkpointer::OnCommit, checkpointer.get());
  return checkpointer;
}

Checkpointer::Checkpointer(SqliteDb& writer, std::unique_ptr<SqliteDb> connection)
    : writer_(writer.Raw()), connection_(std::move(connection)), thread_([this] { Run(); }) {}

Checkpointer::~Checkpointer() {
  sqlite3_wal_hook(writer_, nullptr, nullptr);
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

int Checkpointer::OnCommit(void* self, sqlite3* db, const char* schema, int frames) {
  auto* checkpointer = static_cast<Checkpointer*>(self);
  if (frames >= kInlineFrames) {
    // SQLITE_BUSY here only means the background pass holds the checkpoint lock right now; the
    // next commit tries again. Either way the commit itself has succeeded.
    sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  } else if (frames >= kBackgroundFrames) {
    {
      std::lock_guard lock(checkpointer->mutex_);
      if (frames < checkpointer->last_frames_) checkpointer->last_frames_ = 0;  // WAL restarted
      if (frames - checkpointer->last_frames_ < kBackgroundFrames) return SQLITE_OK;
      checkpointer->last_frames_ = frames;
      checkpointer->requested_ = true;
    }
    checkpointer->wake_.notify_one();
  }
  return SQLITE_OK;
}

void Checkpointer::Run() {
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, [&] { return requested_ || stopping_; });
    if (stopping_) return;
    requested_ = false;
    lock.unlock();
    // Failures (busy, I/O) leave the WAL as it is; the next request, or the inline limit,
    // tries again. Nothing is lost: committed data is in the WAL either way.
    sqlite3_wal_checkpoint_v2(connection_->Raw(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr,
                              nullptr);
    lock.lock();
  }
}

}  // namespace hikeshi::sqlite
