// The ownership index as `serve` holds it: loaded from the index file at start and reloaded
// when the file changes (its modification time, size or inode, checked at most once a second
// on lookup), so `hikeshi db import` on a running server takes effect without a restart.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "coord/ownership_index.h"
#include "core/error.h"
#include "core/ownership.h"

namespace hikeshi::coord {

class WatchedIndex final : public OwnershipLookup {
 public:
  // Loads `path` now. A missing file is not an error (lookups find nothing until it appears);
  // a corrupt one is (kCorrupt), so `serve` refuses to start on it.
  static Result<std::unique_ptr<WatchedIndex>> Open(
      std::string path, std::chrono::milliseconds check_interval = std::chrono::seconds(1));

  // Thread-safe. A changed file that fails to load is reported on stderr once and the previous
  // index stays in use.
  std::optional<Ownership> Lookup(std::string_view query) const override;
  std::shared_ptr<const OwnershipIndex> Current() const;  // null when no index is loaded
  // Checks the file now; kCorrupt when it changed and cannot be loaded.
  Status Refresh() const;

 private:
  struct Stamp {
    int64_t mtime_ns = -1, size = -1, inode = -1;
    bool operator==(const Stamp&) const = default;
  };
  WatchedIndex(std::string path, std::chrono::milliseconds check_interval)
      : path_(std::move(path)), check_interval_(check_interval) {}
  Stamp StampNow() const;
  Status RefreshLocked() const;  // reload_mutex_ held

  const std::string path_;
  const std::chrono::milliseconds check_interval_;
  mutable std::mutex reload_mutex_;  // one reload at a time; held while reading the file
  mutable Stamp stamp_;              // guarded by reload_mutex_
  mutable std::atomic<int64_t> next_check_ns_{0};
  mutable std::mutex current_mutex_;  // guards current_ (a pointer copy, never held long)
  mutable std::shared_ptr<const OwnershipIndex> current_;
};

}  // namespace hikeshi::coord
