// The driver end to end: the input is a whole file (plain or gzip, told by its magic bytes)
// read through ReadLogStream with format detection, tiny buffers and a tiny line limit so
// buffer refills, overlong lines and the last unterminated line are all exercised. Byte 0
// chooses the line limit and the overlong policy. See README.md.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "reader_fuzz_support.h"
#include "triage/log_reader.h"

using namespace hikeshi::triage;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  ReadOptions options;
  options.max_line_length = 1 + data[0] % 64 * 4;
  options.buffer_size = 2 * options.max_line_length + 1 + data[0] % 7;
  options.overlong = (data[0] & 0x80) ? OverlongLines::kSkip : OverlongLines::kTruncate;
  options.year_reference = hikeshi::FromMicros(0);
  int fd = memfd_create("log_reader_fuzz", MFD_CLOEXEC);
  if (fd < 0) return 0;
  size_t written = 0;
  while (written < size - 1) {
    ssize_t n = write(fd, data + 1 + written, size - 1 - written);
    if (n <= 0) break;
    written += static_cast<size_t>(n);
  }
  lseek(fd, 0, SEEK_SET);
  uint64_t last_offset = 0;
  bool first = true;
  auto stats = ReadLogStream(fd, "fuzz", options, [&](const Event& event) {
    CheckEvent(event);
    if (event.line.size() > options.max_line_length) std::abort();
    if (!first && event.offset <= last_offset) std::abort();  // offsets strictly increase
    first = false;
    last_offset = event.offset;
  });
  close(fd);
  if (stats && stats->events > stats->lines) std::abort();
  return 0;
}
