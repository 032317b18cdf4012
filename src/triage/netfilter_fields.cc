#include "triage/netfilter_fields.h"

#include "triage/text_scan.h"

namespace hikeshi::triage {
namespace {

// Keys get taxonomy aliases; the raw key is always kept as well. Switch on length and first
// byte: this runs for every pair of every firewall line.
std::string_view AliasOf(std::string_view key) {
  if (key.size() == 3) {
    if (key == "SRC") return "src_ip";
    if (key == "DST") return "dst_ip";
    if (key == "SPT") return "src_port";
    if (key == "DPT") return "dst_port";
  } else if (key.size() == 5 && key == "PROTO") {
    return "protocol";
  }
  return {};
}

constexpr size_t kMaxPairs = 64;  // a LOG line has about 20; more is not netfilter's doing

}  // namespace

bool ExtractNetfilterFields(std::string_view message, Event& event) {
  size_t in_at = message.starts_with("IN=") ? 0 : Find(message, " IN=");
  if (in_at == std::string_view::npos) return false;
  size_t fields_before = event.fields.size();
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
  bool has_source = false;
  // One pass over the bytes (tokens are short: a loop beats a memchr call per token).
  const char* p = rest.data();
  const char* end = p + rest.size();
  while (p < end && pairs < kMaxPairs) {
    const char* token = p;
    const char* equals = nullptr;
    while (p < end && *p != ' ') {
      if (*p == '=' && equals == nullptr) equals = p;
      ++p;
    }
    if (equals != nullptr && equals != token) {  // else a flag: SYN, DF, …
      std::string_view key(token, static_cast<size_t>(equals - token));
      std::string_view value(equals + 1, static_cast<size_t>(p - equals - 1));
      event.fields.push_back({key, value});
      if (std::string_view alias = AliasOf(key); !alias.empty()) {
        event.fields.push_back({alias, value});
        has_source = has_source || alias == "src_ip";
      }
      ++pairs;
    }
    ++p;
  }
  if (!has_source) {
    event.fields.resize(fields_before);  // "IN=" without "SRC=": some other kernel message
    return false;
  }
  return true;
}

}  // namespace hikeshi::triage
