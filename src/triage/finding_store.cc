#include "triage/finding_store.h"

#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>

namespace hikeshi::triage {

bool FindingOrder(const Finding& a, const Finding& b) {
  // nullopt sorts before any time, as std::optional's ordering does.
  return std::tie(a.time, a.source, a.offset, a.rule_id) <
         std::tie(b.time, b.source, b.offset, b.rule_id);
}

namespace {

// Heap bytes of a string (nothing while it fits the small-string buffer), with the
// allocator's overhead.
size_t HeapBytes(const std::string& text) {
  return text.capacity() > 15 ? text.capacity() + 16 : 0;
}

size_t EstimateBytes(const Finding& f) {
  size_t n = sizeof(Finding) + HeapBytes(f.rule_id) + HeapBytes(f.rule_title) + HeapBytes(f.level) +
             HeapBytes(f.source) + HeapBytes(f.group_key);
  n += f.tags.capacity() * sizeof(std::string) + 16;
  for (const std::string& tag : f.tags) n += HeapBytes(tag);
  n += f.matched_fields.capacity() * sizeof(f.matched_fields[0]) + 16;
  for (const auto& [name, value] : f.matched_fields) n += HeapBytes(name) + HeapBytes(value);
  return n;
}

void PutU64(std::string& out, uint64_t value) {
  char bytes[8];
  std::memcpy(bytes, &value, 8);  // the file is read back by this process only
  out.append(bytes, 8);
}

void PutString(std::string& out, std::string_view text) {
  PutU64(out, text.size());
  out.append(text);
}

void Encode(const Finding& f, std::string& out) {
  uint64_t flags = (f.time ? 1u : 0u) | (f.correlation ? 2u : 0u);
  PutU64(out, flags);
  PutU64(out, f.time ? static_cast<uint64_t>(ToMicros(*f.time)) : 0);
  PutU64(out, f.offset);
  PutU64(out, f.count);
  for (const std::string* text : {&f.rule_id, &f.rule_title, &f.level, &f.source, &f.group_key}) {
    PutString(out, *text);
  }
  PutU64(out, f.tags.size());
  for (const std::string& tag : f.tags) PutString(out, tag);
  PutU64(out, f.matched_fields.size());
  for (const auto& [name, value] : f.matched_fields) {
    PutString(out, name);
    PutString(out, value);
  }
}

// Reads one run back from the temporary file, buffered, with pread (each run its own cursor).
class RunReader {
 public:
  RunReader(int fd, uint64_t offset, uint64_t count) : fd_(fd), pos_(offset), left_(count) {}

  // Decodes the next finding into `f`; false at the end of the run (or on a read error,
  // which cannot happen short of the disk failing under us: the run then ends early).
  bool Next(Finding& f) {
    if (left_ == 0) return false;
    --left_;
    uint64_t flags = 0, time = 0;
    if (!U64(flags) || !U64(time) || !U64(f.offset) || !U64(f.count)) return Fail();
    f.time = (flags & 1) ? std::optional(FromMicros(static_cast<int64_t>(time))) : std::nullopt;
    f.correlation = (flags & 2) != 0;
    for (std::string* text : {&f.rule_id, &f.rule_title, &f.level, &f.source, &f.group_key}) {
      if (!String(*text)) return Fail();
    }
    uint64_t n = 0;
    if (!U64(n)) return Fail();
    f.tags.resize(n);
    for (std::string& tag : f.tags) {
      if (!String(tag)) return Fail();
    }
    if (!U64(n)) return Fail();
    f.matched_fields.resize(n);
    for (auto& [name, value] : f.matched_fields) {
      if (!String(name) || !String(value)) return Fail();
    }
    return true;
  }

 private:
  static constexpr size_t kBuffer = 64 << 10;

  bool Fail() {
    left_ = 0;
    return false;
  }

  bool Need(size_t n) {
    if (buffer_.size() - at_ >= n) return true;
    buffer_.erase(0, at_);
    at_ = 0;
    size_t have = buffer_.size();
    size_t want = std::max(n - have, kBuffer);
    buffer_.resize(have + want);
    ssize_t got = pread(fd_, buffer_.data() + have, want, static_cast<off_t>(pos_));
    buffer_.resize(have + static_cast<size_t>(std::max<ssize_t>(got, 0)));
    if (got > 0) pos_ += static_cast<uint64_t>(got);
    return buffer_.size() >= n;
  }

  bool U64(uint64_t& value) {
    if (!Need(8)) return false;
    std::memcpy(&value, buffer_.data() + at_, 8);
    at_ += 8;
    return true;
  }

  bool String(std::string& text) {
    uint64_t size = 0;
    if (!U64(size) || size > (uint64_t{1} << 32) || !Need(size)) return false;
    text.assign(buffer_.data() + at_, size);
    at_ += size;
    return true;
  }

  int fd_;
  uint64_t pos_;
  uint64_t left_;
  std::string buffer_;
  size_t at_ = 0;
};

}  // namespace

struct FindingStore::Merge {
  struct Cursor {
    std::unique_ptr<RunReader> reader;  // a spilled run; null for the memory batch
    Finding current;
    const std::vector<Finding>* batch = nullptr;
    size_t index = 0;
    const Finding& Current() const { return reader ? current : (*batch)[index]; }
    bool Advance() {
      if (reader) return reader->Next(current);
      return ++index < batch->size();
    }
  };
  std::vector<Cursor> cursors;
  std::vector<size_t> heap;  // cursors not exhausted, earliest on top

  // True when cursor a comes after cursor b: later finding, or equal and a later run.
  bool After(size_t a, size_t b) const {
    const Finding& x = cursors[a].Current();
    const Finding& y = cursors[b].Current();
    if (FindingOrder(y, x)) return true;
    if (FindingOrder(x, y)) return false;
    return a > b;
  }
  void Push(size_t cursor) {
    heap.push_back(cursor);
    std::push_heap(heap.begin(), heap.end(), [this](size_t a, size_t b) { return After(a, b); });
  }
  void PopAdvance() {
    std::pop_heap(heap.begin(), heap.end(), [this](size_t a, size_t b) { return After(a, b); });
    size_t top = heap.back();
    heap.pop_back();
    if (cursors[top].Advance()) Push(top);
  }
};

FindingStore::Iterator::Iterator(std::shared_ptr<Merge> merge) : merge_(std::move(merge)) {}
bool FindingStore::Iterator::AtEnd() const { return !merge_ || merge_->heap.empty(); }
const Finding& FindingStore::Iterator::operator*() const {
  return merge_->cursors[merge_->heap.front()].Current();
}
FindingStore::Iterator& FindingStore::Iterator::operator++() {
  merge_->PopAdvance();
  return *this;
}

FindingStore::FindingStore(size_t memory_bytes) : memory_bytes_(memory_bytes) {}

FindingStore::~FindingStore() {
  if (file_) std::fclose(file_);
}

FindingStore::FindingStore(FindingStore&& other) noexcept { *this = std::move(other); }

FindingStore& FindingStore::operator=(FindingStore&& other) noexcept {
  if (this == &other) return *this;
  if (file_) std::fclose(file_);
  memory_bytes_ = other.memory_bytes_;
  count_ = std::exchange(other.count_, 0);
  batch_bytes_ = std::exchange(other.batch_bytes_, 0);
  batch_ = std::move(other.batch_);
  batch_sorted_ = std::exchange(other.batch_sorted_, true);
  runs_ = std::move(other.runs_);
  file_ = std::exchange(other.file_, nullptr);
  file_size_ = std::exchange(other.file_size_, 0);
  spill_failed_ = other.spill_failed_;
  return *this;
}

void FindingStore::Add(Finding finding) {
  batch_bytes_ += EstimateBytes(finding);
  batch_.push_back(std::move(finding));
  batch_sorted_ = false;
  ++count_;
  if (batch_bytes_ + batch_.capacity() * sizeof(Finding) > memory_bytes_ && !spill_failed_) {
    Spill();
  }
}

void FindingStore::Spill() {
  if (!file_) file_ = std::tmpfile();
  if (!file_) {
    spill_failed_ = true;
    return;
  }
  std::stable_sort(batch_.begin(), batch_.end(), FindingOrder);
  Run run{file_size_, batch_.size()};
  std::string buffer;
  for (const Finding& finding : batch_) {
    Encode(finding, buffer);
    if (buffer.size() >= (1 << 20)) {
      if (std::fwrite(buffer.data(), 1, buffer.size(), file_) != buffer.size()) break;
      file_size_ += buffer.size();
      buffer.clear();
    }
  }
  bool written = std::fwrite(buffer.data(), 1, buffer.size(), file_) == buffer.size() &&
                 std::fflush(file_) == 0;
  file_size_ += buffer.size();
  if (!written || file_size_ - run.offset == 0) {
    spill_failed_ = true;  // keep this batch (and the rest) in memory
    batch_sorted_ = true;
    return;
  }
  runs_.push_back(run);
  batch_.clear();
  batch_.shrink_to_fit();
  batch_sorted_ = true;
  batch_bytes_ = 0;
}

FindingStore::Iterator FindingStore::begin() const {
  if (!batch_sorted_) {
    std::stable_sort(batch_.begin(), batch_.end(), FindingOrder);
    batch_sorted_ = true;
  }
  auto merge = std::make_shared<Merge>();
  merge->cursors.resize(runs_.size() + 1);
  for (size_t i = 0; i < runs_.size(); ++i) {
    Merge::Cursor& cursor = merge->cursors[i];
    cursor.reader = std::make_unique<RunReader>(fileno(file_), runs_[i].offset, runs_[i].count);
    if (cursor.reader->Next(cursor.current)) merge->Push(i);
  }
  Merge::Cursor& memory = merge->cursors.back();
  memory.batch = &batch_;
  if (!batch_.empty()) merge->Push(runs_.size());
  return Iterator(std::move(merge));
}

std::vector<Finding> FindingStore::ToVector() const {
  std::vector<Finding> all;
  all.reserve(count_);
  for (const Finding& finding : *this) all.push_back(finding);
  return all;
}

}  // namespace hikeshi::triage
