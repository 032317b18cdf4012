// Byte inputs for the log driver: a file descriptor (whole or a byte range) and a gzip
// decompressor over another input. Internal to log_reader.cc and its tests.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "core/error.h"

namespace hikeshi::triage {

class LogInput {
 public:
  virtual ~LogInput() = default;
  // Reads up to `size` bytes; 0 at the end. Errors are I/O failures (kUnavailable).
  virtual Result<size_t> Read(char* out, size_t size) = 0;
  // True when the input ended early because the data was corrupt (gzip); the bytes before
  // the damage were delivered.
  virtual bool corrupt() const { return false; }
};

// Reads `fd` from `begin` up to `end` with pread (or read() when `positional` is false, for
// pipes). Closes the descriptor when `owned`. `prefix` is delivered first (bytes already taken
// from a pipe to sniff it).
std::unique_ptr<LogInput> MakeDescriptorInput(int fd, bool owned, bool positional, uint64_t begin,
                                              uint64_t end, std::string prefix = {});

// Decompresses gzip (concatenated members too, like gzip -d) from `compressed`.
std::unique_ptr<LogInput> MakeGzipInput(std::unique_ptr<LogInput> compressed);

inline bool HasGzipMagic(const char* data, size_t size) {
  return size >= 2 && static_cast<unsigned char>(data[0]) == 0x1f &&
         static_cast<unsigned char>(data[1]) == 0x8b;
}

}  // namespace hikeshi::triage
