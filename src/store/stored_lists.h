// How both stores keep small lists in one text column: ids comma-separated ("3,7,12"), lines
// (e-mail addresses, anomalies, missing evidence) newline-separated. One encoding, so
// `hikeshi db copy` moves the columns unchanged.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hikeshi {

std::string JoinIds(const std::vector<int64_t>& ids);
std::vector<int64_t> SplitIds(std::string_view text);  // parts that are not numbers are skipped
std::string JoinLines(const std::vector<std::string>& lines);
std::vector<std::string> SplitLines(std::string_view text);  // no trailing empty line

}  // namespace hikeshi
