// The driver: reads a log file (plain or gzip, told apart by magic bytes), splits it into lines
// with bounded length, detects the format from the first lines unless told, and feeds each line
// to a LineParser, handing every event to a sink.
//
// Streaming: one fixed buffer per read (ReadOptions::buffer_size, 4 MiB by default) whatever
// the file size, so memory stays flat on a 10 GB input. Parallel: LogFile::Split cuts a plain
// file into chunks at line boundaries; each chunk is read independently (its own descriptor,
// buffer and LineParser), on any thread. Chunks of one file give exactly the events a
// sequential read gives (RFC 3164 year inference is per line, see SyslogYear). Gzip files and
// W3C files (whose "#Fields:" header governs what follows) are one chunk.
//
// Event::offset is the byte offset of the line in the file, or in the decompressed stream for
// gzip, so (source, offset) orders events with equal timestamps deterministically.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/time.h"
#include "triage/anomaly.h"
#include "triage/event.h"
#include "triage/line_parser.h"
#include "triage/log_format.h"

namespace hikeshi::triage {

enum class OverlongLines {
  kTruncate,  // emit the first max_line_length bytes as the line (default; rules still see it)
  kSkip,      // drop the line
};

struct ReadOptions {
  std::optional<LogFormat> format;  // nullopt (default): detect from the first 64 KiB
  // Local zone of times without one; default UTC. See ParseOptions.
  std::chrono::minutes utc_offset{0};
  // RFC 3164 year reference; nullopt (default): the file's modification time (standard input:
  // the time the read starts).
  std::optional<Timestamp> year_reference;
  size_t buffer_size = 4 << 20;       // bytes read at a time; at least 2 × max_line_length
  size_t max_line_length = 64 << 10;  // longer lines are an kOverlongLine anomaly
  OverlongLines overlong = OverlongLines::kTruncate;
};

struct ReadStats {
  std::optional<LogFormat> format;  // the format read (nullopt: undetectable, nothing parsed)
  uint64_t bytes = 0;               // bytes consumed (decompressed for gzip)
  uint64_t lines = 0;
  uint64_t events = 0;
  AnomalyCounts anomalies;

  ReadStats& operator+=(const ReadStats& other);
};

// Receives each event; the event and its views are valid only during the call.
using EventSink = std::function<void(const Event&)>;

// A byte range [begin, end) of a plain file starting at a line start.
struct Chunk {
  uint64_t begin = 0;
  uint64_t end = UINT64_MAX;
};

class LogFile {
 public:
  // Opens `path`, sniffs gzip magic (1f 8b), reads its modification time and detects the
  // format (unless options.format is set). kNotFound / kUnavailable on I/O errors; kInvalid when
  // the format cannot be detected.
  static Result<LogFile> Open(const std::filesystem::path& path, const ReadOptions& options = {});

  LogFormat format() const { return format_; }
  bool compressed() const { return compressed_; }
  uint64_t size() const { return size_; }  // on disk (compressed size for gzip)
  Timestamp modified() const { return modified_; }
  const std::string& source() const { return source_; }

  // At most `max_chunks` chunks of at least `min_chunk_bytes`, at line boundaries, covering
  // the file. One chunk for gzip and W3C files.
  Result<std::vector<Chunk>> Split(size_t max_chunks, uint64_t min_chunk_bytes = 8 << 20) const;

  // Reads one chunk (default: the whole file). Thread-safe: calls share no state.
  Result<ReadStats> Read(const EventSink& sink, Chunk chunk = {}) const;

 private:
  std::filesystem::path path_;
  std::string source_;
  ReadOptions options_;
  LogFormat format_ = LogFormat::kSyslog3164;
  bool compressed_ = false;
  uint64_t size_ = 0;
  Timestamp modified_{};
};

// Reads an already open descriptor to its end (standard input, a pipe), plain or gzip, with
// the same detection and limits; `source` names it in events ("-" for standard input).
Result<ReadStats> ReadLogStream(int fd, std::string_view source, const ReadOptions& options,
                                const EventSink& sink);

}  // namespace hikeshi::triage
