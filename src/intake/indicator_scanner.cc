#include "intake/indicator_scanner.h"

#include <algorithm>
#include <string>

#include "core/observable.h"
#include "core/utf8.h"
#include "intake/ip_address.h"
#include "intake/scan_text.h"

namespace hikeshi::intake {
namespace {

constexpr size_t kMaxUrl = 8192;
constexpr size_t kMaxLocalPart = 64;

class Scanner {
 public:
  Scanner(const NormalizedText& text, const PublicSuffixList& suffixes,
          const TimestampContext& timestamps, IndicatorSink& sink)
      : t_(text.text()), suffixes_(suffixes), timestamps_(timestamps), sink_(sink) {}

  // Every indicator holds a digit, '.', ':' or '@' (a 32+ character hash without a single digit
  // has odds of 1e-14), so the scan jumps from one such anchor to the next and only then looks
  // at the run of host characters around it.
  void Run() {
    const size_t n = t_.size();
    size_t i = 0;
    while ((i = NextAnchor(t_, i)) < n) {
      size_t anchor = i;
      size_t begin = anchor;
      while (begin > floor_ && ClassOf(t_[begin - 1]) != 0) --begin;
      size_t end = anchor;
      uint8_t mask = 0;
      for (uint8_t k; end < n && (k = ClassOf(t_[end])) != 0; ++end) mask |= k;
      if (begin == end) {  // ':' or '@' with no run before it
        size_t ipv6_end = t_[anchor] == ':' && At(anchor + 1) == ':' ? TryIpv6(anchor) : 0;
        i = ipv6_end != 0 ? ipv6_end : anchor + 1;
        if (ipv6_end != 0) floor_ = i;
        continue;
      }
      for (size_t k = begin; k < anchor; ++k) mask |= ClassOf(t_[k]);
      i = std::max(ProcessRun(begin, end, mask), end);
      floor_ = i;
      if (sink_.full()) return;
    }
  }

 private:
  char At(size_t i) const { return i < t_.size() ? t_[i] : '\0'; }

  // Returns where scanning resumes (the run's end unless a longer indicator was consumed).
  size_t ProcessRun(size_t begin, size_t end, uint8_t mask) {
    if ((mask & (kDigit | kLetter)) == 0) return end;
    char next = At(end);
    if (size_t stamp_end = TryTimestamp(begin, end, mask, next)) return stamp_end;
    if (next == ':') {
      if (t_.substr(end, 3) == "://") {
        if ((mask & ~kLetter) == 0) {
          if (size_t url_end = TryUrl(begin, end)) return url_end;
        }
      } else if ((mask & ~kHex) == 0 && end - begin <= 4) {
        if (size_t ip_end = TryIpv6(begin)) return ip_end;
      }
    }
    if (next == '@') {
      if (size_t mail_end = TryEmail(end)) return mail_end;
    }
    if ((mask & kDot) != 0) TryDotted(begin, end, mask);
    if (end - begin >= 32 && (mask & kHex) != 0) ScanHashes(begin, end);
    return end;
  }

  // Runs that start with a digit may start a timestamp, or end the day name or month name
  // before it ("Thu, 29 Apr 2009 …", "Nov 22 10:15:01").
  size_t TryTimestamp(size_t begin, size_t end, uint8_t mask, char next) {
    if ((mask & kDigit) == 0 || (ClassOf(t_[begin]) & kDigit) == 0) return 0;
    size_t length = end - begin;
    size_t digits = 0;
    while (digits < 5 && (ClassOf(At(begin + digits)) & kDigit) != 0) ++digits;
    size_t start = begin;
    char after = At(begin + 4);
    if (digits == 4 && (after == '-' || after == '/' || after == '\xE5')) {
      start = begin;
    } else if (digits == length && length <= 2 && next == '/') {
      start = begin;
    } else if (digits == length && length <= 2 && next == ' ') {
      start = NameBefore(begin);
    } else {
      return 0;
    }
    // "Sun Dec 04 …" and "Thu, 29 Apr …" start at the day name, "Dec 04 …" at the month,
    // "29 Apr …" at the day number: the longest reading that parses wins.
    std::optional<TimestampMatch> match;
    for (size_t candidate : {WeekdayBefore(start), start, begin}) {
      if (candidate == std::string_view::npos) continue;
      if ((match = MatchTimestampAt(t_, candidate, timestamps_))) break;
    }
    if (!match) return 0;
    sink_.AddTimestamp(*match);
    return match->end;
  }

  // Where "Thu, " or "Nov " (or "Nov  ") before a day number begins; `day` when there is none.
  size_t NameBefore(size_t day) const {
    size_t j = day;
    if (j >= 2 && t_[j - 1] == ' ' && t_[j - 2] == ',') {
      j -= 2;
    } else if (j >= 1 && t_[j - 1] == ' ') {
      --j;
      if (j >= 1 && t_[j - 1] == ' ') --j;
    } else {
      return day;
    }
    if (j < 3 || !IsMonthOrDayName(t_.substr(j - 3, 3))) return day;
    if (j > 3 && IsAlnum(t_[j - 4])) return day;
    return j - 3;
  }

  // Where "Sun " begins before the month name at `month`; npos when there is none.
  size_t WeekdayBefore(size_t month) const {
    if (month < 4 || t_[month - 1] != ' ' || !IsMonthOrDayName(t_.substr(month - 4, 3))) {
      return std::string_view::npos;
    }
    if (month > 4 && IsAlnum(t_[month - 5])) return std::string_view::npos;
    return month - 4;
  }

  // `begin` starts a candidate: a hex run before ':' or the "::" of "::1".
  size_t TryIpv6(size_t begin) {
    if (begin > 0) {
      char before = t_[begin - 1];
      if (IsAlnum(before) || before == ':' || before == '.') return 0;
    }
    size_t e = begin;
    bool hex = false;
    size_t colons = 0;
    while (e < t_.size() && e - begin <= 45) {
      char c = t_[e];
      if ((ClassOf(c) & kHex) != 0) {
        hex = true;
      } else if (c == ':') {
        ++colons;
      } else if (c != '.') {
        break;
      }
      ++e;
    }
    if (e - begin > 45 || !hex || colons < 2) return 0;
    size_t end = e;
    while (end > begin && t_[end - 1] == '.') --end;
    if (end - begin >= 2 && t_[end - 1] == ':' && t_[end - 2] != ':') --end;
    if (end == e && (IsAlnum(At(end)) || IsNonAscii(At(end)))) return 0;
    auto ip = ParseIpv6(t_.substr(begin, end - begin));
    if (!ip) return 0;
    IndicatorSink::Found found{ObservableKind::kIpv6, FormatIp(*ip), begin, end, ClassifyIp(*ip)};
    if (begin > 0 && t_[begin - 1] == '[' && At(end) == ']') {
      found.begin = begin - 1;
      found.end = end + 1;
      found.port = ReadPort(found.end, &found.end);
    } else if (auto prefix = ReadPrefix(end, 128, &found.end)) {
      found.kind = ObservableKind::kCidr;
      found.value.push_back('/');
      found.value += std::to_string(*prefix);
    }
    size_t resume = found.end;
    sink_.Add(std::move(found));
    return resume;
  }

  // ":8080" at `colon`: the port, with *end moved past it; nullopt and *end untouched otherwise.
  std::optional<uint16_t> ReadPort(size_t colon, size_t* end) const {
    auto number = ReadNumber(colon, ':', 5);
    if (!number || number->first > 65535) return std::nullopt;
    *end = number->second;
    return static_cast<uint16_t>(number->first);
  }

  std::optional<int> ReadPrefix(size_t slash, int max, size_t* end) const {
    auto number = ReadNumber(slash, '/', 3);
    if (!number || number->first > static_cast<unsigned>(max)) return std::nullopt;
    *end = number->second;
    return static_cast<int>(number->first);
  }

  // `lead` then 1..max_digits digits not followed by a letter or digit: (value, end).
  std::optional<std::pair<unsigned, size_t>> ReadNumber(size_t at, char lead,
                                                        size_t max_digits) const {
    if (At(at) != lead) return std::nullopt;
    size_t i = at + 1;
    unsigned value = 0;
    while (i - at - 1 < max_digits && (ClassOf(At(i)) & kDigit) != 0) {
      value = value * 10 + static_cast<unsigned>(t_[i] - '0');
      ++i;
    }
    if (i == at + 1 || IsAlnum(At(i))) return std::nullopt;
    return std::pair{value, i};
  }

  void TryDotted(size_t begin, size_t end, uint8_t mask) {
    size_t b = begin;
    size_t e = end;
    bool idn = false;
    if (t_[b] == '.' && b > 0 && IsNonAscii(t_[b - 1])) {
      size_t s = b;
      while (s > 0 && end - s < 253 && (IsNonAscii(t_[s - 1]) || ClassOf(t_[s - 1]) != 0)) --s;
      if (s == 0 || IsIdnDelimiter(t_[s - 1])) {
        b = s;
        idn = true;
      }
    }
    auto trimmed = [](char c) { return c == '.' || c == '-' || c == '_'; };
    while (b < e && trimmed(t_[b])) ++b;
    while (e > b && trimmed(t_[e - 1])) --e;
    if (b >= e) return;
    std::string_view host = t_.substr(b, e - b);
    size_t after = e;
    if (!idn && (mask & ~(kDigit | kDot)) == 0) {
      auto ip = ParseIpv4(host);
      if (!ip) return;
      size_t prefix_end = e;
      auto prefix = e == end ? ReadPrefix(e, 32, &prefix_end) : std::nullopt;
      // A valid dotted quad is spelled canonically already, so a repeat is counted unformatted.
      if (!prefix && sink_.CountIfKnown(ObservableKind::kIpv4, host, b)) return;
      IndicatorSink::Found found{ObservableKind::kIpv4, std::string(host), b, e, ClassifyIp(*ip)};
      if (prefix) {
        found.kind = ObservableKind::kCidr;
        found.value.push_back('/');
        found.value += std::to_string(*prefix);
        found.end = prefix_end;
      } else if (e == end) {
        found.port = ReadPort(e, &found.end);
      }
      sink_.Add(std::move(found));
      return;
    }
    const DomainName* domain = Domain(host);
    if (domain == nullptr || !domain->known_suffix) return;
    if (e == end && At(e) != ':' && sink_.CountIfKnown(ObservableKind::kDomain, domain->ascii, b)) {
      return;
    }
    IndicatorSink::Found found{ObservableKind::kDomain, domain->ascii, b, e, domain->flags};
    found.registrable_domain = domain->registrable;
    if (e == end) found.port = ReadPort(e, &after);
    found.end = after;
    sink_.Add(std::move(found));
  }

  void ScanHashes(size_t begin, size_t end) {
    size_t i = begin;
    while (i < end) {
      if ((ClassOf(t_[i]) & kHex) == 0) {
        ++i;
        continue;
      }
      size_t start = i;
      while (i < end && (ClassOf(t_[i]) & kHex) != 0) ++i;
      ObservableKind kind;
      switch (i - start) {
        case 32:
          kind = ObservableKind::kMd5;
          break;
        case 40:
          kind = ObservableKind::kSha1;
          break;
        case 64:
          kind = ObservableKind::kSha256;
          break;
        default:
          continue;
      }
      sink_.Add({kind, Lowercase(t_.substr(start, i - start)), start, i});
    }
  }

  // `at_sign` is the '@' after a run: local part before it, a domain with a public suffix after.
  size_t TryEmail(size_t at_sign) {
    size_t b = at_sign;
    while (b > 0 && at_sign - b <= kMaxLocalPart && IsLocalPartByte(t_[b - 1])) --b;
    if (at_sign - b > kMaxLocalPart) return 0;
    while (b < at_sign && t_[b] == '.') ++b;
    std::string_view local = t_.substr(b, at_sign - b);
    if (local.empty() || local.back() == '.' || local.find("..") != std::string_view::npos) {
      return 0;
    }
    // The domain may have internationalised labels ("info@例え.jp"); Japanese prose glued after
    // its ASCII top-level label ("…@example.jpまで") is not part of it.
    size_t d = at_sign + 1;
    size_t e = d;
    size_t last_dot = std::string_view::npos;
    while (e < t_.size() && e - d <= 4 * 253 &&
           ((ClassOf(t_[e]) & (kDigit | kLetter | kDot | kDash)) != 0 || IsNonAscii(t_[e]))) {
      if (t_[e] == '.') last_dot = e;
      ++e;
    }
    if (last_dot == std::string_view::npos) return 0;
    for (size_t k = last_dot + 1; k < e; ++k) {
      if (IsNonAscii(t_[k])) e = k;
    }
    while (e > d && (t_[e - 1] == '.' || t_[e - 1] == '-')) --e;
    const DomainName* domain = Domain(t_.substr(d, e - d));
    if (domain == nullptr || !domain->known_suffix) return 0;
    IndicatorSink::Found found{ObservableKind::kEmail, std::string(local) + "@" + domain->ascii, b,
                               e, domain->flags};
    found.registrable_domain = domain->registrable;
    sink_.Add(std::move(found));
    return e;
  }

  size_t TryUrl(size_t scheme_begin, size_t scheme_end);

  const DomainName* Domain(std::string_view host) { return CachedDomainName(host, suffixes_); }

  std::string_view t_;
  const PublicSuffixList& suffixes_;
  const TimestampContext& timestamps_;
  IndicatorSink& sink_;
  size_t floor_ = 0;  // runs never reach back before this: an earlier indicator consumed it
};

// "http://", "https://", "ftp://" (after refanging); the host is an IP address or a name with at
// least two labels. Emits the URL and, separately, its host.
size_t Scanner::TryUrl(size_t scheme_begin, size_t scheme_end) {
  std::string scheme = Lowercase(t_.substr(scheme_begin, scheme_end - scheme_begin));
  if (scheme != "http" && scheme != "https" && scheme != "ftp") return 0;
  const size_t n = t_.size();
  const size_t limit = std::min(n, scheme_begin + kMaxUrl);
  size_t authority = scheme_end + 3;
  size_t i = authority;
  while (i < limit) {
    char c = t_[i];
    if (c == '/' || c == '?' || c == '#') break;
    if (IsNonAscii(c)) {  // an internationalised label only when a '.' follows it
      size_t j = i;
      while (j < limit && IsNonAscii(t_[j])) ++j;
      if (At(j) != '.' || !IsValidUtf8(t_.substr(i, j - i))) break;
      i = j;
      continue;
    }
    if (!IsUrlByte(c)) break;
    ++i;
  }
  // The host is validated before the path is read, so a run of failing "http://" candidates
  // costs each one only its authority, not the 8 KiB a path may take.
  size_t authority_end = i;
  bool has_path = authority_end < limit && (t_[authority_end] == '/' || t_[authority_end] == '?' ||
                                            t_[authority_end] == '#');
  if (!has_path) authority_end = TrimUrlEnd(t_, scheme_begin, authority, authority_end);
  size_t end = authority_end;
  std::string_view hostport = t_.substr(authority, authority_end - authority);
  size_t host_begin = authority;
  if (size_t at = hostport.rfind('@'); at != std::string_view::npos) {
    host_begin += at + 1;
    hostport.remove_prefix(at + 1);
  }
  std::string_view host = hostport;
  std::string_view port_text;
  bool bracketed = !hostport.empty() && hostport.front() == '[';
  if (bracketed) {
    size_t close = hostport.find(']');
    if (close == std::string_view::npos) return 0;
    host = hostport.substr(1, close - 1);
    port_text = hostport.substr(close + 1);
    ++host_begin;
  } else if (size_t colon = hostport.find(':'); colon != std::string_view::npos) {
    host = hostport.substr(0, colon);
    port_text = hostport.substr(colon);
  }
  if (host.empty()) return 0;
  std::optional<uint16_t> port;
  if (!port_text.empty()) {
    if (port_text.size() < 2 || port_text.size() > 6 || port_text[0] != ':') return 0;
    unsigned value = 0;
    for (char c : port_text.substr(1)) {
      if ((ClassOf(c) & kDigit) == 0) return 0;
      value = value * 10 + static_cast<unsigned>(c - '0');
    }
    if (value > 65535) return 0;
    port = static_cast<uint16_t>(value);
  }
  IndicatorSink::Found host_found{ObservableKind::kIpv4, "", host_begin, host_begin + host.size()};
  std::string canonical_host;
  if (auto ip = bracketed ? ParseIpv6(host) : ParseIpv4(host)) {
    host_found.kind = ip->is_v6 ? ObservableKind::kIpv6 : ObservableKind::kIpv4;
    host_found.value = FormatIp(*ip);
    host_found.flags = ClassifyIp(*ip);
    canonical_host = host_found.value;
    if (bracketed) canonical_host = std::string("[").append(host_found.value).append("]");
  } else if (const DomainName* domain = bracketed ? nullptr : Domain(host)) {
    host_found.kind = ObservableKind::kDomain;
    host_found.value = domain->ascii;
    host_found.flags = domain->flags;
    host_found.registrable_domain = domain->registrable;
    canonical_host = domain->ascii;
    if (!domain->known_suffix) host_found.value.clear();  // a URL, but not a domain to report
  } else {
    return 0;
  }
  if (has_path) {
    while (end < limit && IsUrlByte(t_[end])) ++end;
    end = TrimUrlEnd(t_, scheme_begin, authority_end, end);
  }
  std::string value = scheme + "://";
  value.append(t_.substr(authority, host_begin - authority - (bracketed ? 1 : 0)));
  value += canonical_host;
  if (port) {
    value.push_back(':');
    value += std::to_string(*port);
  }
  value.append(t_.substr(authority_end, end - authority_end));
  IndicatorSink::Found url_found{
      ObservableKind::kUrl,         std::move(value), scheme_begin, end, host_found.flags, port,
      host_found.registrable_domain};
  sink_.Add(std::move(url_found));
  if (!host_found.value.empty()) sink_.Add(std::move(host_found));
  return end;
}

}  // namespace

void ScanIndicators(const NormalizedText& text, const PublicSuffixList& suffixes,
                    const TimestampContext& timestamps, IndicatorSink& sink) {
  Scanner(text, suffixes, timestamps, sink).Run();
}

}  // namespace hikeshi::intake
