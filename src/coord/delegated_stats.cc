#include "coord/delegated_stats.h"

#include <fmt/format.h>

#include <array>
#include <optional>

namespace hikeshi::coord {
namespace {

constexpr size_t kFields = 7;  // the opaque id and extensions after them are not needed

std::optional<uint64_t> Decimal(std::string_view text, uint64_t max) {
  if (text.empty() || text.size() > 20) return std::nullopt;
  uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<uint64_t>(c - '0');
    if (value > max) return std::nullopt;
  }
  return value;
}

bool IsCountry(std::string_view text) {
  return text.size() == 2 && text[0] >= 'A' && text[0] <= 'Z' && text[1] >= 'A' && text[1] <= 'Z' &&
         text != "ZZ";
}

}  // namespace

DelegatedStatsReader::DelegatedStatsReader(OwnershipBuilder& builder, size_t max_line_bytes)
    : builder_(builder), splitter_(max_line_bytes) {}

void DelegatedStatsReader::Feed(std::string_view bytes) {
  splitter_.Feed(bytes, [this](const Line& line) { OnLine(line); });
}

void DelegatedStatsReader::Finish() {
  splitter_.Finish([this](const Line& line) { OnLine(line); });
}

void DelegatedStatsReader::OnLine(const Line& line) {
  std::string_view text = line.text;
  if (text.empty() || text.front() == '#') return;
  if (line.overlong) return problems_.Add(line.number, "line over the length limit");
  std::array<std::string_view, kFields> fields;
  size_t count = 0;
  while (count < kFields) {
    size_t bar = text.find('|');
    fields[count++] = text.substr(0, bar);
    if (bar == std::string_view::npos) break;
    text.remove_prefix(bar + 1);
  }
  // The version line ("2|ripencc|20261124|...") and summaries ("ripencc|*|ipv4|*|n|summary").
  if (!fields[0].empty() && fields[0].find_first_not_of("0123456789.") == std::string_view::npos) {
    return void(++counts_.skipped);
  }
  if (count >= 6 && fields[5] == "summary") return void(++counts_.skipped);
  if (count < kFields) {
    return problems_.Add(line.number, fmt::format("expected {} '|'-separated fields", kFields));
  }
  std::string_view type = fields[2];
  std::string_view status = fields[6];
  if (type == "asn" || status == "available" || status == "reserved") {
    return void(++counts_.skipped);
  }
  if (type != "ipv4" && type != "ipv6") {
    return problems_.Add(line.number, "type must be ipv4, ipv6 or asn");
  }
  if (!IsCountry(fields[1])) return void(++counts_.skipped);  // allocated but no country
  auto start = ParseAddress(fields[3]);
  if (!start || start->is_v6 != (type == "ipv6")) {
    return problems_.Add(line.number, "unparseable start address");
  }
  IpRange range{start->is_v6, start->address, start->address};
  if (type == "ipv4") {
    auto addresses = Decimal(fields[4], uint64_t{1} << 32);
    if (!addresses || *addresses == 0 || start->address + *addresses - 1 > 0xffffffffu) {
      return problems_.Add(line.number, "ipv4 count out of range");
    }
    range.last = start->address + *addresses - 1;
    ++counts_.ipv4;
  } else {
    auto length = Decimal(fields[4], 128);
    if (!length) return problems_.Add(line.number, "ipv6 prefix length out of range");
    range = PrefixRange({true, start->address, static_cast<uint8_t>(*length)});
    range.first = start->address;
    if (range.last < range.first || *length == 0) {
      return problems_.Add(line.number, "ipv6 prefix length out of range");
    }
    ++counts_.ipv6;
  }
  uint32_t record = builder_.AddRecord("", fields[1], "", "delegated", {}, SourceRank::kDelegated);
  builder_.AddRange(range, record);
}

}  // namespace hikeshi::coord
