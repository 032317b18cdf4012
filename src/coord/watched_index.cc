#include "coord/watched_index.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <cstdio>

#include "coord/index_file.h"

namespace hikeshi::coord {
namespace {

int64_t SteadyNowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Result<std::unique_ptr<WatchedIndex>> WatchedIndex::Open(std::string path,
                                                         std::chrono::milliseconds interval) {
  std::unique_ptr<WatchedIndex> index(new WatchedIndex(std::move(path), interval));
  if (auto loaded = index->Refresh(); !loaded) return std::unexpected(loaded.error());
  return index;
}

WatchedIndex::Stamp WatchedIndex::StampNow() const {
  struct stat info {};
  if (::stat(path_.c_str(), &info) != 0) return {};
  return {static_cast<int64_t>(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec,
          static_cast<int64_t>(info.st_size), static_cast<int64_t>(info.st_ino)};
}

Status WatchedIndex::Refresh() const {
  std::lock_guard reload(reload_mutex_);
  return RefreshLocked();
}

Status WatchedIndex::RefreshLocked() const {
  next_check_ns_.store(SteadyNowNs() + check_interval_.count() * 1'000'000);
  Stamp now = StampNow();
  if (now == stamp_) return {};
  stamp_ = now;
  std::shared_ptr<const OwnershipIndex> fresh;
  if (now.inode != -1) {
    auto data = ReadIndexFile(path_);
    if (!data) {
      if (data.error().code == ErrorCode::kNotFound) {
        stamp_ = {};
      } else {
        return std::unexpected(data.error());
      }
    } else {
      fresh = std::make_shared<const OwnershipIndex>(std::move(*data));
    }
  }
  std::lock_guard lock(current_mutex_);
  current_ = std::move(fresh);
  return {};
}

std::shared_ptr<const OwnershipIndex> WatchedIndex::Current() const {
  if (SteadyNowNs() >= next_check_ns_.load(std::memory_order_relaxed)) {
    // One caller reloads; the others keep answering from the current index meanwhile.
    std::unique_lock reload(reload_mutex_, std::try_to_lock);
    if (reload.owns_lock()) {
      if (auto refreshed = RefreshLocked(); !refreshed) {
        fmt::print(stderr, "hikeshi: keeping the loaded ownership index: {}\n",
                   refreshed.error().message);
      }
    }
  }
  std::lock_guard lock(current_mutex_);
  return current_;
}

std::optional<Ownership> WatchedIndex::Lookup(std::string_view query) const {
  auto index = Current();
  if (!index) return std::nullopt;
  return index->Lookup(query);
}

}  // namespace hikeshi::coord
