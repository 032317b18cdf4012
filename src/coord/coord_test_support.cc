#include "coord/coord_test_support.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <fstream>
#include <sstream>

#include "coord/rpsl_ownership.h"
#include "coord/rpsl_reader.h"

namespace hikeshi::coord::testing {

std::string ReadTestData(std::string_view relative_path) {
  std::ifstream in(std::string(HIKESHI_TEST_DATA) + "/" + std::string(relative_path),
                   std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

OwnershipData DataFromRpsl(std::string_view text, size_t piece) {
  RpslOwnership ownership;
  RpslReader reader({}, [&](const RpslObject& object) { ownership.Add(object); });
  for (size_t at = 0; at < text.size(); at += piece) reader.Feed(text.substr(at, piece));
  reader.Finish();
  OwnershipBuilder builder;
  ownership.Finish(builder);
  return builder.Finish();
}

std::string DescribeQueries(const OwnershipIndex& index, std::string_view queries) {
  std::string out;
  std::istringstream lines{std::string(queries)};
  for (std::string query; std::getline(lines, query);) {
    if (query.empty()) continue;
    auto found = index.Lookup(query);
    if (!found) {
      out += fmt::format("{} -> none\n", query);
      continue;
    }
    out += fmt::format("{} -> {} | {} | {} | {} | {} | csirt={}{}{}{}\n", query, found->netblock,
                       found->owner, found->country, fmt::join(found->abuse_mailboxes, ","),
                       found->source, found->national_csirt,
                       found->language.empty() ? "" : " | lang=" + found->language,
                       found->constituent ? " | constituent" : "",
                       found->as_name.empty() ? "" : " | as-name=" + found->as_name);
  }
  return out;
}

}  // namespace hikeshi::coord::testing
