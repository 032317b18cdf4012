#include "coord/constituency.h"

#include <fmt/format.h>

#include <cctype>
#include <nlohmann/json.hpp>
#include <vector>

#include "core/ascii.h"

namespace hikeshi::coord {
namespace {

using json = nlohmann::json;

bool IsMailbox(std::string_view text) {
  size_t at = text.find('@');
  if (text.size() > 254 || at == 0 || at == std::string_view::npos || at + 1 >= text.size()) {
    return false;
  }
  for (char c : text) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f || c == '<' || c == '>' || c == ',') {
      return false;
    }
  }
  return text.find('@', at + 1) == std::string_view::npos;
}

bool IsLanguage(std::string_view text) {  // a BCP 47 tag such as "ja", "en", "pt-BR"
  if (text.empty() || text.size() > 35) return false;
  for (char c : text) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
  }
  return true;
}

// The strings of `constituent[key]`, naming anything that is not an array of strings.
std::vector<std::string> Strings(const json& constituent, const char* key, uint64_t position,
                                 size_t max_values, ImportProblems& problems) {
  std::vector<std::string> out;
  auto found = constituent.find(key);
  if (found == constituent.end()) return out;
  if (!found->is_array()) {
    problems.Add(position, fmt::format("{} must be an array of strings", key));
    return out;
  }
  if (found->size() > max_values) {
    problems.Add(position, fmt::format("more than {} {}; the rest ignored", max_values, key));
  }
  for (const json& value : *found) {
    if (out.size() >= max_values) break;
    if (!value.is_string()) {
      problems.Add(position, fmt::format("{}: a value is not a string", key));
      continue;
    }
    out.push_back(value.get<std::string>());
  }
  return out;
}

std::string StringField(const json& constituent, const char* key) {
  auto found = constituent.find(key);
  return found != constituent.end() && found->is_string() ? found->get<std::string>() : "";
}

}  // namespace

std::optional<std::string> NormaliseDomain(std::string_view text) {
  if (!text.empty() && text.back() == '.') text.remove_suffix(1);
  if (text.empty() || text.size() > 253) return std::nullopt;
  std::string out = AsciiLower(text);
  size_t label = 0;
  int labels = 1;
  for (char c : out) {
    if (c == '.') {
      if (label == 0) return std::nullopt;
      label = 0;
      ++labels;
      continue;
    }
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return std::nullopt;
    if (++label > 63) return std::nullopt;
  }
  if (label == 0 || labels < 2) return std::nullopt;
  return out;
}

Result<ConstituencyCounts> ReadConstituency(std::string_view text, OwnershipBuilder& builder,
                                            const ConstituencyLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return Fail(ErrorCode::kTooLarge,
                fmt::format("constituency file over {} bytes", limits.max_bytes));
  }
  json document = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) return Fail(ErrorCode::kInvalid, "constituency file is not JSON");
  if (!document.is_object() || !document.contains("constituents") ||
      !document["constituents"].is_array()) {
    return Fail(ErrorCode::kInvalid,
                "constituency file must be an object with a \"constituents\" array");
  }
  const json& constituents = document["constituents"];
  if (constituents.size() > limits.max_constituents) {
    return Fail(ErrorCode::kTooLarge,
                fmt::format("more than {} constituents", limits.max_constituents));
  }
  ConstituencyCounts counts;
  uint64_t position = 0;
  for (const json& constituent : constituents) {
    ++position;
    if (!constituent.is_object()) {
      counts.problems.Add(position, "a constituent must be an object");
      continue;
    }
    std::string name = StringField(constituent, "name").substr(0, 256);
    std::string language = StringField(constituent, "language");
    if (!language.empty() && !IsLanguage(language)) {
      counts.problems.Add(position, "language must be a BCP 47 tag such as \"ja\"");
      language.clear();
    }
    std::string country = StringField(constituent, "country");
    for (char& c : country) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (!country.empty() && (country.size() != 2 || !std::isalpha((unsigned char)country[0]) ||
                             !std::isalpha((unsigned char)country[1]))) {
      counts.problems.Add(position, "country must be an ISO 3166-1 alpha-2 code");
      country.clear();
    }
    std::vector<std::string> contacts;
    for (std::string& contact :
         Strings(constituent, "contacts", position, limits.max_values, counts.problems)) {
      if (IsMailbox(contact)) {
        contacts.push_back(std::move(contact));
      } else {
        counts.problems.Add(position, "contacts: not a mail address");
      }
    }
    uint32_t record = builder.AddRecord(name, country, language, "constituency", contacts,
                                        SourceRank::kConstituency);
    ++counts.constituents;
    for (const std::string& netblock :
         Strings(constituent, "netblocks", position, limits.max_values, counts.problems)) {
      auto range = ParseIpRange(netblock);
      if (!range) {
        counts.problems.Add(position, fmt::format("netblocks: unparseable '{}'",
                                                  std::string_view(netblock).substr(0, 60)));
        continue;
      }
      builder.AddRange(*range, record);
      ++counts.netblocks;
    }
    for (const std::string& domain :
         Strings(constituent, "domains", position, limits.max_values, counts.problems)) {
      auto normalised = NormaliseDomain(domain);
      if (!normalised) {
        counts.problems.Add(position, "domains: not a domain name");
        continue;
      }
      builder.AddDomain(*normalised, record);
      ++counts.domains;
    }
  }
  return counts;
}

}  // namespace hikeshi::coord
