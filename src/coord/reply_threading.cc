#include "coord/reply_threading.h"

#include <algorithm>
#include <array>

#include "core/ascii.h"

namespace hikeshi::coord {
namespace {

constexpr size_t kMaxHeaderBytes = 64 * 1024;
constexpr size_t kMaxIds = 20;
constexpr size_t kMaxTextBytes = 256 * 1024;

// The unfolded value of every header named `name` (case-insensitive) in the header block.
std::vector<std::string> HeaderValues(std::string_view raw, std::string_view name) {
  std::string_view headers = raw.substr(0, kMaxHeaderBytes);
  std::vector<std::string> values;
  size_t position = 0;
  bool in_wanted = false;  // the previous header line was one of ours: continuations belong to it
  while (position < headers.size()) {
    size_t end = headers.find('\n', position);
    if (end == std::string_view::npos) end = headers.size();
    std::string_view line = headers.substr(position, end - position);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) break;  // end of the header block
    bool continuation = line.front() == ' ' || line.front() == '\t';
    if (continuation) {
      if (in_wanted && values.back().size() < 4096) values.back().append(line);
    } else {
      in_wanted = line.size() > name.size() && line[name.size()] == ':' &&
                  EqualsIgnoringAsciiCase(line.substr(0, name.size()), name);
      if (in_wanted) values.emplace_back(line.substr(name.size() + 1));
    }
    position = end + 1;
  }
  return values;
}

}  // namespace

std::optional<int64_t> FindTicketTag(std::string_view subject) {
  subject = subject.substr(0, 4096);
  constexpr std::string_view kOpen = "[hikeshi #";
  for (size_t at = 0; at + kOpen.size() < subject.size(); ++at) {
    if (!EqualsIgnoringAsciiCase(subject.substr(at, kOpen.size()), kOpen)) continue;
    size_t digits = at + kOpen.size();
    int64_t value = 0;
    size_t count = 0;
    while (digits + count < subject.size() && count < 18 && subject[digits + count] >= '0' &&
           subject[digits + count] <= '9') {
      value = value * 10 + (subject[digits + count] - '0');
      ++count;
    }
    if (count > 0 && digits + count < subject.size() && subject[digits + count] == ']' &&
        value > 0) {
      return value;
    }
  }
  return std::nullopt;
}

std::vector<std::string> ReplyMessageIds(std::string_view raw) {
  std::vector<std::string> ids;
  for (std::string_view name : {std::string_view("In-Reply-To"), std::string_view("References")}) {
    for (const std::string& value : HeaderValues(raw, name)) {
      size_t position = 0;
      while (ids.size() < kMaxIds) {
        size_t open = value.find('<', position);
        if (open == std::string::npos) break;
        size_t close = value.find('>', open);
        if (close == std::string::npos) break;
        std::string id = value.substr(open + 1, close - open - 1);
        if (!id.empty() && id.size() <= 250 && std::find(ids.begin(), ids.end(), id) == ids.end()) {
          ids.push_back(std::move(id));
        }
        position = close + 1;
      }
    }
  }
  return ids;
}

bool SaysFixed(std::string_view text) {
  text = text.substr(0, kMaxTextBytes);
  std::string lower = AsciiLower(text);
  constexpr std::array<std::string_view, 7> kNegations = {
      "not fixed",        "not yet fixed", "not resolved", "未対応",
      "対応していません", "未解決",        "対応中"};
  for (std::string_view negation : kNegations) {
    if (lower.find(negation) != std::string::npos) return false;
  }
  constexpr std::array<std::string_view, 8> kFixed = {
      "fixed",        "resolved",     "has been cleaned", "対応済み",
      "対応しました", "解決しました", "修正しました",     "対処しました"};
  return std::any_of(kFixed.begin(), kFixed.end(),
                     [&](std::string_view word) { return lower.find(word) != std::string::npos; });
}

}  // namespace hikeshi::coord
