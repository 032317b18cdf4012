// Bounded import benchmark: writes a generated RPSL dump of the requested size (default 1 GB)
// to /tmp unless it exists, then imports it the way `hikeshi db import rpsl` does
// (coord::ImportIntoIndex, 1 MiB pieces) and prints wall time, rate and peak RSS.
//
//   build/release/bench/ownership_import_bench [BYTES] [DUMP] [INDEX]
// The dump has RIPE's shape: one role and one organisation per 50 inetnums, inetnums of /24 to
// /29 and non-CIDR ranges with descr, remarks and the usual admin attributes (~600 bytes each).
#include <fmt/format.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>

#include "coord/ownership_import.h"

namespace {

void Generate(const std::string& path, uint64_t bytes) {
  std::FILE* out = std::fopen(path.c_str(), "w");
  if (!out) std::exit(2);
  std::mt19937_64 random(11);
  uint64_t written = 0;
  std::string object;
  for (uint64_t i = 0; written < bytes; ++i) {
    object.clear();
    if (i % 50 == 0) {
      object += fmt::format(
          "role:           Example Abuse Team {0}\naddress:        Example Street {0}\n"
          "abuse-mailbox:  abuse{0}@example.net\nnic-hdl:        AR{0}-TEST\n"
          "mnt-by:         EXAMPLE{0}-MNT\nsource:         RIPE # Filtered\n\n"
          "organisation:   ORG-E{0}-TEST\norg-name:       Example Network {0} B.V.\n"
          "org-type:       LIR\naddress:        Example Street {0}\nabuse-c:        AR{0}-TEST\n"
          "mnt-ref:        EXAMPLE{0}-MNT\nsource:         RIPE # Filtered\n\n",
          i / 50);
    }
    uint32_t base = static_cast<uint32_t>(random()) & 0xffffff00u;
    uint32_t size =
        (random() % 4 == 0) ? 1 + static_cast<uint32_t>(random() % 200) : 256u >> (random() % 6);
    uint32_t last = base + size - 1;
    object += fmt::format(
        "inetnum:        {}.{}.{}.{} - {}.{}.{}.{}\nnetname:        EXAMPLE-NET-{}\n"
        "descr:          Example customer network number {}\n"
        "descr:          with a second line of description\ncountry:        NL\n"
        "org:            ORG-E{}-TEST\nadmin-c:        DUMY-RIPE\ntech-c:         DUMY-RIPE\n"
        "status:         ASSIGNED PA\nmnt-by:         EXAMPLE-MNT\n"
        "remarks:        ****************************************************\n"
        "remarks:        * generated for the import benchmark               *\n"
        "remarks:        ****************************************************\n"
        "created:        2020-01-01T00:00:00Z\nlast-modified:  2024-01-01T00:00:00Z\n"
        "source:         RIPE # Filtered\n\n",
        base >> 24, (base >> 16) & 255, (base >> 8) & 255, base & 255, last >> 24,
        (last >> 16) & 255, (last >> 8) & 255, last & 255, i, i, i / 50);
    std::fwrite(object.data(), 1, object.size(), out);
    written += object.size();
  }
  std::fclose(out);
}

}  // namespace

int main(int argc, char** argv) {
  uint64_t bytes = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1'000'000'000ull;
  std::string dump = argc > 2 ? argv[2] : "/tmp/hikeshi-bench-ripe.db";
  std::string index = argc > 3 ? argv[3] : "/tmp/hikeshi-bench.ownership";
  std::error_code ignored;
  if (std::filesystem::file_size(dump, ignored) < bytes || ignored) {
    fmt::print("generating {} bytes into {}\n", bytes, dump);
    Generate(dump, bytes);
  }
  std::filesystem::remove(index, ignored);
  struct rusage before {};
  getrusage(RUSAGE_SELF, &before);
  auto start = std::chrono::steady_clock::now();
  auto summary =
      hikeshi::coord::ImportIntoIndex(hikeshi::coord::ImportKind::kRpsl, {dump}, index, {});
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!summary) {
    fmt::print(stderr, "import failed: {}\n", summary.error().message);
    return 1;
  }
  struct rusage after {};
  getrusage(RUSAGE_SELF, &after);
  fmt::print("imported {:.0f} MB in {:.1f} s ({:.0f} MB/s): {}; {} prefixes; index {:.0f} MB\n",
             summary->bytes / 1e6, seconds, summary->bytes / 1e6 / seconds, summary->counts,
             summary->index_prefixes, std::filesystem::file_size(index, ignored) / 1e6);
  fmt::print("peak RSS {:.0f} MB (before the import {:.0f} MB)\n", after.ru_maxrss / 1024.0,
             before.ru_maxrss / 1024.0);
  return 0;
}
