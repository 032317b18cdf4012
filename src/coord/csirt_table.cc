#include "coord/csirt_table.h"

#include <cctype>
#include <set>
#include <string>

#include "coord/line_splitter.h"

namespace hikeshi::coord {
namespace {

constexpr size_t kMaxBytes = 1 << 20;

std::string_view NextToken(std::string_view& text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  size_t end = 0;
  while (end < text.size() && text[end] != ' ' && text[end] != '\t') ++end;
  std::string_view token = text.substr(0, end);
  text.remove_prefix(end);
  return token;
}

}  // namespace

Result<CsirtTableCounts> ReadCsirtTable(std::string_view text, OwnershipBuilder& builder) {
  if (text.size() > kMaxBytes) return Fail(ErrorCode::kTooLarge, "CSIRT table over 1 MiB");
  CsirtTableCounts counts;
  std::set<std::string> seen;
  LineSplitter splitter(1024);
  auto on_line = [&](const Line& line) {
    std::string_view rest = line.text.substr(0, line.text.find('#'));
    std::string_view country = NextToken(rest);
    if (country.empty()) return;
    std::string_view contact = NextToken(rest);
    if (line.overlong || country.size() != 2 || !std::isalpha((unsigned char)country[0]) ||
        !std::isalpha((unsigned char)country[1]) || contact.empty() || contact.size() > 254 ||
        contact.find('@') == std::string_view::npos || !NextToken(rest).empty()) {
      return counts.problems.Add(line.number, "expected \"<country code> <mail address>\"");
    }
    std::string upper{static_cast<char>(std::toupper((unsigned char)country[0])),
                      static_cast<char>(std::toupper((unsigned char)country[1]))};
    if (!seen.insert(upper).second) {
      return counts.problems.Add(line.number, "country listed twice; the first line counts");
    }
    builder.AddCsirt(upper, contact);
    ++counts.entries;
  };
  splitter.Feed(text, on_line);
  splitter.Finish(on_line);
  return counts;
}

}  // namespace hikeshi::coord
