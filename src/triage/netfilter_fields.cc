#include "triage/netfilter_fields.h"

#include "triage/text_scan.h"

namespace hikeshi::triage {
namespace {

// Keys get taxonomy aliases; the raw key is always kept as well.
std::string_view AliasOf(std::string_view key) {
  if (key == "SRC") return "src_ip";
  if (key == "DST") return "dst_ip";
  if (key == "PROTO") return "protocol";
  if (key == "SPT") return "src_port";
  if (key == "DPT") return "dst_port";
  return {};
}

constexpr size_t kMaxPairs = 64;  // a LOG line has about 20; more is not netfilter's doing

}  // namespace

bool ExtractNetfilterFields(std::string_view message, Event& event) {
  size_t in_at = message.starts_with("IN=") ? 0 : message.find(" IN=");
  if (in_at == std::string_view::npos || message.find("SRC=") == std::string_view::npos) {
    return false;
  }
  std::string_view prefix = message.substr(0, in_at);
  // The kernel's "[ 1234.567890] " uptime stamp is not part of the administrator's prefix.
  if (prefix.starts_with("[")) {
    size_t close = prefix.find(']');
    std::string_view stamp = prefix.substr(1, close == std::string_view::npos ? 0 : close - 1);
    if (close != std::string_view::npos &&
        TrimSpaces(stamp).find_first_not_of("0123456789.") == std::string_view::npos) {
      prefix.remove_prefix(close + 1);
    }
  }
  prefix = TrimSpaces(prefix);
  if (!prefix.empty()) event.fields.push_back({"prefix", prefix});
  std::string_view rest = message.substr(in_at == 0 ? 0 : in_at + 1);
  size_t pairs = 0;
  while (!rest.empty() && pairs < kMaxPairs) {
    std::string_view token = NextToken(rest);
    size_t equals = token.find('=');
    if (equals == std::string_view::npos || equals == 0) continue;  // a flag: SYN, DF, …
    std::string_view key = token.substr(0, equals);
    std::string_view value = token.substr(equals + 1);
    event.fields.push_back({key, value});
    if (std::string_view alias = AliasOf(key); !alias.empty()) {
      event.fields.push_back({alias, value});
    }
    ++pairs;
  }
  return true;
}

}  // namespace hikeshi::triage
