#include "triage/log_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "triage/log_input.h"

namespace hikeshi::triage {
namespace {

constexpr size_t kDetectBytes = 64 << 10;

Error IoError(std::string_view what, const std::string& source) {
  ErrorCode code = errno == ENOENT ? ErrorCode::kNotFound : ErrorCode::kUnavailable;
  return Error{code, std::string(what) + " " + source + ": " + std::strerror(errno)};
}

// Reads until `size` bytes or the end; fewer means the end was reached.
Result<size_t> ReadFully(LogInput& input, char* out, size_t size) {
  size_t total = 0;
  while (total < size) {
    auto n = input.Read(out + total, size - total);
    if (!n) return std::unexpected(n.error());
    if (*n == 0) break;
    total += *n;
  }
  return total;
}

// The line loop shared by files, chunks and streams. `format` may be empty: it is then detected
// from the first buffer.
class LineLoop {
 public:
  LineLoop(const ReadOptions& options, std::string_view source, const EventSink& sink)
      : options_(options), source_(source), sink_(sink) {}

  Result<ReadStats> Run(LogInput& input, std::optional<LogFormat> format, Timestamp reference,
                        uint64_t base_offset) {
    size_t max_line = std::max<size_t>(options_.max_line_length, 1);
    std::vector<char> buffer(std::max(options_.buffer_size, 2 * max_line + 1));
    uint64_t buffer_offset = base_offset;
    size_t filled = 0;
    size_t start = 0;
    bool skipping = false;  // discarding the rest of an overlong line
    bool at_end = false;
    ReadStats stats;

    // The first fill is large enough to detect the format from.
    auto first = ReadFully(input, buffer.data(), std::min(buffer.size(), kDetectBytes));
    if (!first) return std::unexpected(first.error());
    filled = *first;
    at_end = filled < std::min(buffer.size(), kDetectBytes);
    if (!format) format = DetectLogFormat(std::string_view(buffer.data(), filled));
    if (!format) {
      if (filled == 0) return stats;  // empty input: nothing to read, nothing wrong
      return Fail(ErrorCode::kInvalid, "cannot detect the log format of " + std::string(source_) +
                                           "; name it explicitly");
    }
    stats.format = format;
    ParseOptions parse{options_.utc_offset, options_.year_reference.value_or(reference)};
    LineParser parser(*format, parse);
    stats.bytes = filled;

    while (true) {
      while (start < filled) {
        char* begin = buffer.data() + start;
        auto* newline = static_cast<char*>(std::memchr(begin, '\n', filled - start));
        if (newline == nullptr) break;
        size_t length = static_cast<size_t>(newline - begin);
        if (skipping) {
          skipping = false;  // the rest of a line already truncated or skipped
        } else {
          Emit(parser, begin, length, buffer_offset + start, stats);
        }
        start += length + 1;
      }
      size_t partial = filled - start;
      if (at_end) {
        if (partial > 0 && !skipping) {
          Emit(parser, buffer.data() + start, partial, buffer_offset + start, stats);
        }
        break;
      }
      if (!skipping && partial > max_line) {
        // No newline within the limit: this line is overlong; deal with it now.
        Emit(parser, buffer.data() + start, partial, buffer_offset + start, stats);
        skipping = true;
      }
      if (skipping) {
        buffer_offset += filled;
        filled = start = 0;
      } else {
        std::memmove(buffer.data(), buffer.data() + start, partial);
        buffer_offset += start;
        filled = partial;
        start = 0;
      }
      auto n = input.Read(buffer.data() + filled, buffer.size() - filled);
      if (!n) return std::unexpected(n.error());
      if (*n == 0) at_end = true;
      filled += *n;
      stats.bytes += *n;
    }
    if (input.corrupt()) parser.anomalies().Add(Anomaly::kCorruptGzip);
    stats.anomalies = parser.anomalies();
    return stats;
  }

 private:
  void Emit(LineParser& parser, const char* data, size_t length, uint64_t offset,
            ReadStats& stats) {
    ++stats.lines;
    if (length > options_.max_line_length) {
      parser.anomalies().Add(Anomaly::kOverlongLine);
      if (options_.overlong == OverlongLines::kSkip) return;
      length = options_.max_line_length;
    }
    std::string_view line(data, length);
    if (offset == 0 && line.starts_with("\xEF\xBB\xBF")) {
      line.remove_prefix(3);  // a UTF-8 byte-order mark is not part of the first record
      offset = 3;
    }
    if (!parser.Parse(line, event_)) return;
    event_.source = source_;
    event_.offset = offset;
    ++stats.events;
    sink_(event_);
  }

  const ReadOptions& options_;
  std::string_view source_;
  const EventSink& sink_;
  Event event_;
};

Timestamp ModificationTime(const struct stat& info) {
  return FromMicros(static_cast<int64_t>(info.st_mtim.tv_sec) * 1000000 +
                    info.st_mtim.tv_nsec / 1000);
}

}  // namespace

ReadStats& ReadStats::operator+=(const ReadStats& other) {
  if (!format) format = other.format;
  bytes += other.bytes;
  lines += other.lines;
  events += other.events;
  anomalies += other.anomalies;
  return *this;
}

Result<LogFile> LogFile::Open(const std::filesystem::path& path, const ReadOptions& options) {
  LogFile file;
  file.path_ = path;
  file.source_ = path.string();
  file.options_ = options;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::unexpected(IoError("cannot open", file.source_));
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    Error error = IoError("cannot stat", file.source_);
    ::close(fd);
    return std::unexpected(error);
  }
  if (!S_ISREG(info.st_mode)) {
    ::close(fd);
    return Fail(ErrorCode::kInvalid, file.source_ + " is not a regular file");
  }
  file.size_ = static_cast<uint64_t>(info.st_size);
  file.modified_ = ModificationTime(info);
  char magic[2] = {};
  ssize_t got = ::pread(fd, magic, 2, 0);
  file.compressed_ = got == 2 && HasGzipMagic(magic, 2);
  std::unique_ptr<LogInput> input = MakeDescriptorInput(fd, true, true, 0, UINT64_MAX);
  if (file.compressed_) input = MakeGzipInput(std::move(input));
  if (options.format) {
    file.format_ = *options.format;
    return file;
  }
  std::string head(kDetectBytes, '\0');
  auto n = ReadFully(*input, head.data(), head.size());
  if (!n) return std::unexpected(n.error());
  head.resize(*n);
  if (head.find_first_not_of(" \t\r\n") == std::string::npos) {
    file.format_ = LogFormat::kSyslog3164;  // empty: any format reads it as nothing
    return file;
  }
  auto format = DetectLogFormat(head);
  if (!format) {
    return Fail(ErrorCode::kInvalid,
                "cannot detect the log format of " + file.source_ + "; name it explicitly");
  }
  file.format_ = *format;
  return file;
}

Result<std::vector<Chunk>> LogFile::Split(size_t max_chunks, uint64_t min_chunk_bytes) const {
  std::vector<Chunk> chunks;
  size_t count = std::max<size_t>(1, max_chunks);
  if (min_chunk_bytes > 0)
    count = std::min<uint64_t>(count, std::max<uint64_t>(1, size_ / min_chunk_bytes));
  bool splittable = !compressed_ && LogFormats()[static_cast<size_t>(format_)].splittable;
  if (!splittable || count <= 1) {
    chunks.push_back({0, UINT64_MAX});
    return chunks;
  }
  int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::unexpected(IoError("cannot open", source_));
  std::vector<char> window(64 << 10);
  uint64_t begin = 0;
  for (size_t i = 1; i < count; ++i) {
    // The chunk boundary is the first line start at or after the even split point.
    uint64_t position = std::max(begin, size_ * i / count - 1);
    uint64_t boundary = UINT64_MAX;
    while (position < size_ && boundary == UINT64_MAX) {
      ssize_t n = ::pread(fd, window.data(), window.size(), static_cast<off_t>(position));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      auto* newline = static_cast<char*>(std::memchr(window.data(), '\n', static_cast<size_t>(n)));
      if (newline != nullptr) {
        boundary = position + static_cast<uint64_t>(newline - window.data()) + 1;
      } else {
        position += static_cast<uint64_t>(n);
      }
    }
    if (boundary >= size_) break;
    if (boundary > begin) {
      chunks.push_back({begin, boundary});
      begin = boundary;
    }
  }
  ::close(fd);
  chunks.push_back({begin, UINT64_MAX});
  return chunks;
}

Result<ReadStats> LogFile::Read(const EventSink& sink, Chunk chunk) const {
  int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::unexpected(IoError("cannot open", source_));
  std::unique_ptr<LogInput> input;
  uint64_t base_offset = 0;
  if (compressed_) {
    input = MakeGzipInput(MakeDescriptorInput(fd, true, true, 0, UINT64_MAX));
  } else {
    input = MakeDescriptorInput(fd, true, true, chunk.begin, chunk.end);
    base_offset = chunk.begin;
  }
  LineLoop loop(options_, source_, sink);
  return loop.Run(*input, format_, modified_, base_offset);
}

Result<ReadStats> ReadLogStream(int fd, std::string_view source, const ReadOptions& options,
                                const EventSink& sink) {
  char magic[2];
  size_t got = 0;
  while (got < 2) {
    ssize_t n = ::read(fd, magic + got, 2 - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return std::unexpected(IoError("cannot read", std::string(source)));
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  std::unique_ptr<LogInput> input =
      MakeDescriptorInput(fd, false, false, 0, UINT64_MAX, std::string(magic, got));
  if (HasGzipMagic(magic, got)) input = MakeGzipInput(std::move(input));
  LineLoop loop(options, source, sink);
  return loop.Run(*input, options.format, SystemClock().Now(), 0);
}

}  // namespace hikeshi::triage
