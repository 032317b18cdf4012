// Copies the write-ahead log back into the database file on a background thread.
//
// Why: with synchronous=normal a WAL commit is a plain write; the only fsyncs are those of
// checkpoints. SQLite's automatic checkpoint runs inside the commit that crosses the threshold,
// so every few hundred creates one of them waited milliseconds for the disk — about half the
// average cost of a create. Here commits only count WAL frames; a thread with its own connection
// does the (PASSIVE: never blocking writers or readers) checkpoints.
//
// A passive checkpoint racing a steady stream of commits may never reach the end of the WAL, and
// the WAL only starts over once it has. So past a hard limit the committing writer checkpoints
// inline, as SQLite would have done, which always catches up (the background pass has already
// copied most frames by then).
#pragma once

#include <sqlite3.h>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "core/error.h"
#include "store/sqlite_db.h"

namespace hikeshi::sqlite {

class Checkpointer {
 public:
  // WAL size (in frames, i.e. pages) at which the background checkpoint starts: SQLite's default.
  static constexpr int kBackgroundFrames = 1000;
  // WAL size at which the committing writer checkpoints inline (about 32 MiB of 4 KiB pages).
  static constexpr int kInlineFrames = 8000;

  // Turns off `writer`'s automatic checkpoints, hooks its commits, and starts the thread, which
  // checkpoints through its own connection to `path` with the given synchronous setting.
  // `writer` must outlive the Checkpointer and must not commit while it is being destroyed.
  static Result<std::unique_ptr<Checkpointer>> Start(SqliteDb& writer, const std::string& path,
                                                     std::string_view synchronous,
                                                     int busy_timeout_ms);
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;
  ~Checkpointer();

 private:
  Checkpointer(SqliteDb& writer, std::unique_ptr<SqliteDb> connection);
  static int OnCommit(void* self, sqlite3* db, const char* schema, int frames);
  void Run();

  sqlite3* writer_;
  std::unique_ptr<SqliteDb> connection_;  // used only by thread_
  std::mutex mutex_;
  std::condition_variable wake_;
  bool requested_ = false;
  int last_frames_ = 0;  // WAL size when the last background pass was requested
  bool stopping_ = false;
  std::thread thread_;  // last: starts after everything it uses exists
};

}  // namespace hikeshi::sqlite
