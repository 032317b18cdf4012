#include "intake/received.h"

#include <arpa/inet.h>
#include <libpsl.h>

#include <array>
#include <cstring>

namespace hikeshi::intake {
namespace {

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

std::string ToLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = Lower(c);
  return out;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool StartsWithWord(std::string_view text, std::size_t at, std::string_view word) {
  if (at + word.size() > text.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (Lower(text[at + i]) != word[i]) return false;
  }
  std::size_t end = at + word.size();
  return end == text.size() || IsSpace(text[end]) || text[end] == '(';
}

// The token starting at `at`: up to whitespace, '(' or ';'.
std::string_view TokenAt(std::string_view text, std::size_t at) {
  while (at < text.size() && IsSpace(text[at])) ++at;
  std::size_t end = at;
  while (end < text.size() && !IsSpace(text[end]) && text[end] != '(' && text[end] != ';') ++end;
  return text.substr(at, end - at);
}

// Position of the keyword `word` outside comments (parentheses) at or after `at`, or npos.
std::size_t FindKeyword(std::string_view text, std::size_t at, std::string_view word) {
  int depth = 0;
  for (std::size_t i = at; i < text.size(); ++i) {
    char c = text[i];
    if (c == '(') ++depth;
    if (c == ')' && depth > 0) --depth;
    if (depth == 0 && (i == 0 || IsSpace(text[i - 1])) && StartsWithWord(text, i, word)) return i;
  }
  return std::string_view::npos;
}

std::string_view StripIpDecoration(std::string_view text) {
  while (!text.empty() && (text.front() == '[' || text.front() == '(')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ']' || text.back() == ')' || text.back() == '.')) {
    text.remove_suffix(1);
  }
  if (text.size() > 5 && ToLower(text.substr(0, 5)) == "ipv6:") text.remove_prefix(5);
  return text;
}

bool IsIp(std::string_view text) {
  if (text.empty() || text.size() > 45) return false;
  char buffer[64];
  std::memcpy(buffer, text.data(), text.size());
  buffer[text.size()] = '\0';
  unsigned char address[16];
  return inet_pton(AF_INET, buffer, address) == 1 || inet_pton(AF_INET6, buffer, address) == 1;
}

// Finds the connecting address in the "from" clause: a "[ip]" literal first (Postfix, Sendmail,
// Exchange, Exim), then a bare "(ip)" (qmail), then the from token itself.
void FindFromAddress(std::string_view clause, ReceivedHop& hop) {
  for (std::size_t open = clause.find('['); open != std::string_view::npos;
       open = clause.find('[', open + 1)) {
    std::size_t close = clause.find(']', open);
    if (close == std::string_view::npos) break;
    std::string_view inside = StripIpDecoration(clause.substr(open, close - open + 1));
    if (!IsIp(inside)) continue;
    hop.from_ip = std::string(inside);
    // "(rdns [ip])": the word just before the bracket, inside the same parentheses.
    std::size_t word_end = open;
    while (word_end > 0 && IsSpace(clause[word_end - 1])) --word_end;
    std::size_t word_start = word_end;
    while (word_start > 0 && !IsSpace(clause[word_start - 1]) && clause[word_start - 1] != '(') {
      --word_start;
    }
    if (word_start > 0 && clause[word_start - 1] == '(' && word_end > word_start) {
      std::string_view rdns = clause.substr(word_start, word_end - word_start);
      if (rdns.find('=') == std::string_view::npos) hop.from_rdns = ToLower(rdns);
    }
    return;
  }
  for (std::size_t open = clause.find('('); open != std::string_view::npos;
       open = clause.find('(', open + 1)) {
    std::size_t close = clause.find(')', open);
    if (close == std::string_view::npos) break;
    std::string_view inside = StripIpDecoration(clause.substr(open, close - open + 1));
    if (IsIp(inside)) {
      hop.from_ip = std::string(inside);
      return;
    }
  }
  std::string_view host = StripIpDecoration(hop.from_host);
  if (IsIp(host)) hop.from_ip = std::string(host);
}

bool SameRegistrableDomain(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty() || IsIp(a) || IsIp(b)) return false;
  static const psl_ctx_t* const psl = psl_builtin();
  std::string left(a), right(b);
  while (!left.empty() && left.back() == '.') left.pop_back();
  while (!right.empty() && right.back() == '.') right.pop_back();
  if (psl == nullptr) return false;
  const char* left_domain = psl_registrable_domain(psl, left.c_str());
  const char* right_domain = psl_registrable_domain(psl, right.c_str());
  return left_domain != nullptr && right_domain != nullptr &&
         std::strcmp(left_domain, right_domain) == 0;
}

bool MatchesTrusted(std::string_view host, const std::vector<std::string>& trusted) {
  if (host.empty()) return false;
  for (const std::string& entry : trusted) {
    if (host == entry) return true;
    if (host.size() > entry.size() && host.ends_with(entry) &&
        host[host.size() - entry.size() - 1] == '.') {
      return true;
    }
  }
  return false;
}

}  // namespace

ReceivedHop ParseReceived(std::string_view value) {
  ReceivedHop hop;
  hop.raw = std::string(value);
  // The date follows the last ';' (RFC 5321); comments may hold ';' so take the last one.
  std::size_t semicolon = value.rfind(';');
  std::string_view trace = value;
  if (semicolon != std::string_view::npos) {
    hop.timestamp = ParseMailDate(value.substr(semicolon + 1));
    trace = value.substr(0, semicolon);
  }
  std::size_t from = FindKeyword(trace, 0, "from");
  std::size_t by = FindKeyword(trace, from == std::string_view::npos ? 0 : from + 4, "by");
  if (by != std::string_view::npos) hop.by_host = ToLower(TokenAt(trace, by + 2));
  if (from != std::string_view::npos) {
    hop.from_host = ToLower(TokenAt(trace, from + 4));
    std::size_t clause_end = by == std::string_view::npos ? trace.size() : by;
    FindFromAddress(trace.substr(from + 4, clause_end - from - 4), hop);
  }
  return hop;
}

std::vector<ReceivedHop> ParseReceivedChain(const ParsedMail& mail) {
  std::vector<ReceivedHop> hops;
  for (const MailHeader* header : mail.Headers("Received")) {
    hops.push_back(ParseReceived(header->value));
  }
  return hops;
}

bool IsPrivateAddress(std::string_view ip) {
  char buffer[64];
  if (ip.empty() || ip.size() >= sizeof buffer) return false;
  std::memcpy(buffer, ip.data(), ip.size());
  buffer[ip.size()] = '\0';
  unsigned char a[16];
  if (inet_pton(AF_INET, buffer, a) == 1) {
    return a[0] == 0 || a[0] == 10 || a[0] == 127 || (a[0] == 169 && a[1] == 254) ||
           (a[0] == 172 && (a[1] & 0xF0) == 16) || (a[0] == 192 && a[1] == 168) ||
           (a[0] == 100 && (a[1] & 0xC0) == 64);
  }
  if (inet_pton(AF_INET6, buffer, a) == 1) {
    static constexpr std::array<unsigned char, 16> kZero{};
    bool unspecified_or_loopback =
        std::memcmp(a, kZero.data(), 15) == 0 && (a[15] == 0 || a[15] == 1);
    bool mapped_v4 = std::memcmp(a, kZero.data(), 10) == 0 && a[10] == 0xFF && a[11] == 0xFF;
    if (mapped_v4) {
      char v4[INET_ADDRSTRLEN];
      inet_ntop(AF_INET, a + 12, v4, sizeof v4);
      return IsPrivateAddress(v4);
    }
    return unspecified_or_loopback || (a[0] & 0xFE) == 0xFC ||
           (a[0] == 0xFE && (a[1] & 0xC0) == 0x80);
  }
  return false;
}

std::optional<AccusedSource> PickAccusedSource(const std::vector<ReceivedHop>& hops,
                                               const SourceOptions& options) {
  for (std::size_t i = 0; i < hops.size(); ++i) {
    const ReceivedHop& hop = hops[i];
    if (hop.from_ip.empty()) continue;  // local hand-off or submission: no connecting address
    if (IsPrivateAddress(hop.from_ip)) continue;
    const std::string& from_name = hop.from_rdns.empty() ? hop.from_host : hop.from_rdns;
    if (MatchesTrusted(from_name, options.trusted_hosts) ||
        MatchesTrusted(hop.from_host, options.trusted_hosts)) {
      continue;
    }
    if (SameRegistrableDomain(from_name, hop.by_host)) continue;  // relay inside one domain
    std::string reason = "first hop from outside the receiving domain";
    if (!hop.by_host.empty()) reason += " (received by " + hop.by_host + ")";
    return AccusedSource{hop.from_ip, i, std::move(reason)};
  }
  return std::nullopt;
}

}  // namespace hikeshi::intake
