// Named problems found while reading an ownership source: counted in full, the first few kept
// with their line numbers so the operator can find them. Reading goes on after each one.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hikeshi::coord {

struct ImportProblems {
  static constexpr size_t kKept = 50;
  uint64_t count = 0;
  std::vector<std::string> first;  // "line 12: inetnum: unparseable range 'x'"

  void Add(uint64_t line, std::string_view what) {
    ++count;
    if (first.size() < kKept) first.push_back(fmt::format("line {}: {}", line, what));
  }
};

}  // namespace hikeshi::coord
