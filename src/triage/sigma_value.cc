#include "triage/sigma_value.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <hs/hs.h>
#include <re2/re2.h>

#include <cctype>
#include <charconv>
#include <cstring>

#include "triage/sigma_glob.h"

namespace hikeshi::triage {
namespace {

using Piece = SigmaGlobPiece;
using Pieces = std::vector<SigmaGlobPiece>;

void AppendLiteral(Pieces& pieces, char c) {
  if (pieces.empty() || pieces.back().kind != Piece::Kind::kLiteral) {
    pieces.push_back({Piece::Kind::kLiteral, {}});
  }
  pieces.back().bytes.push_back(c);
}

Pieces LiteralPieces(std::string bytes) {
  Pieces pieces;
  if (!bytes.empty()) pieces.push_back({Piece::Kind::kLiteral, std::move(bytes)});
  return pieces;
}

std::optional<std::string> JoinLiteral(const Pieces& pieces) {
  std::string out;
  for (const Piece& piece : pieces) {
    if (piece.kind != Piece::Kind::kLiteral) return std::nullopt;
    out += piece.bytes;
  }
  return out;
}

std::string Base64(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    uint32_t v = (uint8_t(bytes[i]) << 16) | (uint8_t(bytes[i + 1]) << 8) | uint8_t(bytes[i + 2]);
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (i + 1 == bytes.size()) {
    uint32_t v = uint8_t(bytes[i]) << 16;
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == bytes.size()) {
    uint32_t v = (uint8_t(bytes[i]) << 16) | (uint8_t(bytes[i + 1]) << 8);
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

// The three shifted encodings of `bytes` with the position-dependent edges cut off, as
// pySigma's base64offset does: whatever precedes the value in the encoded text, one of these
// appears in it.
std::vector<std::string> Base64Offsets(std::string_view bytes) {
  static constexpr int kStart[3] = {0, 2, 3};
  static constexpr int kEndCut[3] = {0, 3, 2};
  std::vector<std::string> out;
  for (int shift = 0; shift < 3; ++shift) {
    std::string padded(shift, ' ');
    padded += bytes;
    std::string encoded = Base64(padded);
    size_t cut = kEndCut[(bytes.size() + shift) % 3];
    size_t start = kStart[shift];
    if (encoded.size() < start + cut) continue;
    std::string middle = encoded.substr(start, encoded.size() - start - cut);
    if (!middle.empty()) out.push_back(std::move(middle));
  }
  return out;
}

// UTF-8 to UTF-16 (invalid bytes are taken as Latin-1 code points).
std::string Utf16(std::string_view text, bool big_endian, bool bom) {
  std::u32string points;
  for (size_t i = 0; i < text.size();) {
    unsigned char c = text[i];
    size_t length = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    char32_t point = c;
    bool valid = length != 0 && i + length <= text.size();
    if (valid && length > 1) {
      point = c & (0x7f >> length);
      for (size_t k = 1; k < length; ++k) {
        unsigned char d = text[i + k];
        if ((d & 0xc0) != 0x80) valid = false;
        point = (point << 6) | (d & 0x3f);
      }
    }
    if (!valid) {
      point = c;
      length = 1;
    }
    points.push_back(point);
    i += length;
  }
  std::string out;
  auto put = [&](uint16_t unit) {
    char high = char(unit >> 8), low = char(unit & 0xff);
    out += big_endian ? high : low;
    out += big_endian ? low : high;
  };
  if (bom) put(0xfeff);
  for (char32_t point : points) {
    if (point >= 0x10000) {
      point -= 0x10000;
      put(uint16_t(0xd800 + (point >> 10)));
      put(uint16_t(0xdc00 + (point & 0x3ff)));
    } else {
      put(uint16_t(point));
    }
  }
  return out;
}

bool IsWordByte(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// pySigma's windash: a '-' or '/' that starts a word (\B[-/]\b) may be any dash.
Pieces Windash(const Pieces& pieces) {
  Pieces out;
  for (const Piece& piece : pieces) {
    if (piece.kind != Piece::Kind::kLiteral) {
      out.push_back(piece);
      continue;
    }
    const std::string& s = piece.bytes;
    for (size_t i = 0; i < s.size(); ++i) {
      bool dash = (s[i] == '-' || s[i] == '/') && (i == 0 || !IsWordByte(s[i - 1])) &&
                  i + 1 < s.size() && IsWordByte(s[i + 1]);
      if (dash) {
        out.push_back({Piece::Kind::kDash, {}});
      } else {
        AppendLiteral(out, s[i]);
      }
    }
  }
  return out;
}

struct Modifiers {
  SigmaAnchor anchor = SigmaAnchor::kExact;
  bool all = false, cased = false, neq = false;
  std::optional<SigmaItemKind> kind;  // re, cidr, exists, numeric, fieldref
  SigmaNumericOp numeric_op = SigmaNumericOp::kGt;
  std::string regex_flags;                   // "i", "m", "s" sub-modifiers
  std::vector<std::string_view> transforms;  // encodings and windash, in order
};

Result<Modifiers> ParseModifiers(const std::vector<std::string_view>& names, bool keyword) {
  Modifiers m;
  if (keyword) m.anchor = SigmaAnchor::kContains;
  auto set_kind = [&](SigmaItemKind kind, std::string_view name) -> Status {
    if (m.kind && *m.kind != kind) {
      return Fail(ErrorCode::kInvalid, fmt::format("modifier '{}' conflicts with another", name));
    }
    m.kind = kind;
    return {};
  };
  for (std::string_view name : names) {
    Status status;
    if (name == "contains") {
      m.anchor = SigmaAnchor::kContains;
    } else if (name == "startswith") {
      m.anchor = SigmaAnchor::kStartsWith;
    } else if (name == "endswith") {
      m.anchor = SigmaAnchor::kEndsWith;
    } else if (name == "all") {
      m.all = true;
    } else if (name == "cased") {
      m.cased = true;
    } else if (name == "neq") {
      m.neq = true;
    } else if (name == "re") {
      status = set_kind(SigmaItemKind::kRegex, name);
    } else if (name == "i" || name == "m" || name == "s") {
      if (m.kind != SigmaItemKind::kRegex) {
        return Fail(ErrorCode::kInvalid, fmt::format("modifier '{}' only follows 're'", name));
      }
      m.regex_flags += name;
    } else if (name == "cidr") {
      status = set_kind(SigmaItemKind::kCidr, name);
    } else if (name == "exists") {
      status = set_kind(SigmaItemKind::kExists, name);
    } else if (name == "fieldref") {
      status = set_kind(SigmaItemKind::kFieldRef, name);
    } else if (name == "lt" || name == "lte" || name == "gt" || name == "gte") {
      status = set_kind(SigmaItemKind::kNumeric, name);
      m.numeric_op = name == "lt"    ? SigmaNumericOp::kLt
                     : name == "lte" ? SigmaNumericOp::kLte
                     : name == "gt"  ? SigmaNumericOp::kGt
                                     : SigmaNumericOp::kGte;
    } else if (name == "base64" || name == "base64offset" || name == "utf16le" ||
               name == "utf16be" || name == "utf16" || name == "wide" || name == "windash") {
      m.transforms.push_back(name);
    } else if (name == "expand") {
      return Fail(ErrorCode::kInvalid,
                  "modifier 'expand' needs placeholder values, and Hikeshi defines none");
    } else if (name == "minute" || name == "hour" || name == "day" || name == "week" ||
               name == "month" || name == "year") {
      return Fail(ErrorCode::kInvalid, fmt::format("time modifier '{}' is not supported", name));
    } else {
      return Fail(ErrorCode::kInvalid, fmt::format("unknown modifier '{}'", name));
    }
    if (!status) return std::unexpected(status.error());
  }
  if (m.kind && m.kind != SigmaItemKind::kFieldRef && m.kind != SigmaItemKind::kRegex &&
      (!m.transforms.empty() ||
       m.anchor != (keyword ? SigmaAnchor::kContains : SigmaAnchor::kExact))) {
    return Fail(ErrorCode::kInvalid, "string modifiers cannot be combined with cidr/exists/lt/gt");
  }
  if (m.kind == SigmaItemKind::kRegex && !m.transforms.empty()) {
    return Fail(ErrorCode::kInvalid, "'re' cannot be combined with encoding modifiers");
  }
  return m;
}

// Expands the pattern/regex value `text` into `value` according to `m`.
Status BuildPatternValue(const Modifiers& m, std::string_view text, SigmaValue& value) {
  std::vector<Pieces> variants = {ParseSigmaWildcards(text)};
  for (std::string_view transform : m.transforms) {
    std::vector<Pieces> next;
    for (const Pieces& variant : variants) {
      if (transform == "windash") {
        next.push_back(Windash(variant));
        continue;
      }
      std::optional<std::string> bytes = JoinLiteral(variant);
      if (!bytes) {
        return Fail(ErrorCode::kInvalid,
                    fmt::format("wildcards cannot be combined with '{}'", transform));
      }
      if (transform == "base64") {
        next.push_back(LiteralPieces(Base64(*bytes)));
      } else if (transform == "base64offset") {
        for (std::string& encoded : Base64Offsets(*bytes)) next.push_back(LiteralPieces(encoded));
      } else {
        next.push_back(LiteralPieces(Utf16(*bytes, transform == "utf16be", transform == "utf16")));
      }
    }
    variants = std::move(next);
  }
  value.cased = m.cased;
  for (Pieces& variant : variants) {
    SigmaValue::Trivial trivial;
    SigmaGlob glob = FinishSigmaGlob(std::move(variant), m.anchor, &trivial);
    if (trivial != SigmaValue::Trivial::kNone) {
      // A trivial variant decides the whole value (the others are subsumed or never needed).
      value.trivial = trivial;
      value.globs.clear();
      return {};
    }
    value.globs.push_back(std::move(glob));
  }
  return {};
}

Status BuildRegexValue(const Modifiers& m, std::string_view text, SigmaValue& value) {
  std::string prefix;
  unsigned flags = HS_FLAG_SINGLEMATCH | HS_FLAG_PREFILTER | HS_FLAG_ALLOWEMPTY;
  for (char flag : m.regex_flags) {
    prefix += fmt::format("(?{})", flag);
    flags |= flag == 'i' ? HS_FLAG_CASELESS : flag == 'm' ? HS_FLAG_MULTILINE : HS_FLAG_DOTALL;
  }
  value.regex = prefix + std::string(text);
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(8 << 20);
  RE2 re(value.regex, options);
  if (!re.ok()) {
    return Fail(ErrorCode::kInvalid,
                fmt::format("regular expression rejected by RE2: {}", re.error()));
  }
  value.prefilter = std::string(text);
  value.prefilter_flags = flags;
  return {};
}

}  // namespace

std::optional<std::array<uint8_t, 16>> ParseSigmaAddress(std::string_view text) {
  if (text.empty() || text.size() > 45) return std::nullopt;
  char buffer[64];
  std::memcpy(buffer, text.data(), text.size());
  buffer[text.size()] = '\0';
  std::array<uint8_t, 16> address{};
  in_addr v4;
  if (inet_pton(AF_INET, buffer, &v4) == 1) {
    address[10] = address[11] = 0xff;
    std::memcpy(address.data() + 12, &v4, 4);
    return address;
  }
  if (inet_pton(AF_INET6, buffer, address.data()) == 1) return address;
  return std::nullopt;
}

std::optional<SigmaNetwork> ParseSigmaNetwork(std::string_view text) {
  SigmaNetwork network;
  size_t slash = text.find('/');
  std::string_view host = text.substr(0, slash);
  auto address = ParseSigmaAddress(host);
  if (!address) return std::nullopt;
  network.address = *address;
  bool v4 = host.find(':') == std::string_view::npos;
  int max_bits = v4 ? 32 : 128;
  int bits = max_bits;
  if (slash != std::string_view::npos) {
    std::string_view digits = text.substr(slash + 1);
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), bits);
    if (error != std::errc() || end != digits.data() + digits.size() || bits < 0 ||
        bits > max_bits) {
      return std::nullopt;
    }
  }
  network.prefix_bits = v4 ? bits + 96 : bits;
  return network;
}

bool SigmaNetworkContains(const SigmaNetwork& network, const std::array<uint8_t, 16>& address) {
  int bits = network.prefix_bits;
  for (int i = 0; i < 16 && bits > 0; ++i, bits -= 8) {
    uint8_t mask = bits >= 8 ? 0xff : uint8_t(0xff << (8 - bits));
    if ((network.address[i] & mask) != (address[i] & mask)) return false;
  }
  return true;
}

Result<SigmaItem> BuildSigmaItem(std::string_view field, std::string_view rule_field,
                                 const std::vector<std::string_view>& modifiers,
                                 const std::vector<std::optional<std::string>>& values) {
  auto parsed = ParseModifiers(modifiers, field.empty());
  if (!parsed) return std::unexpected(parsed.error());
  const Modifiers& m = *parsed;
  SigmaItem item;
  item.field = std::string(field);
  item.rule_field = std::string(rule_field);
  item.all = m.all;
  item.negate = m.neq;
  item.anchor = m.anchor;
  item.numeric_op = m.numeric_op;
  item.kind = m.kind.value_or(SigmaItemKind::kPattern);
  if (values.empty()) return Fail(ErrorCode::kInvalid, "item has no values");
  bool has_null = false;
  for (const auto& value : values) has_null |= !value.has_value();
  if (has_null) {
    if (values.size() != 1 || m.kind || !modifiers.empty()) {
      return Fail(ErrorCode::kInvalid, "null must be the only value of a field, unmodified");
    }
    if (field.empty()) return Fail(ErrorCode::kInvalid, "null keyword");
    item.kind = SigmaItemKind::kNull;
    item.values.emplace_back();
    return item;
  }
  if (field.empty() && item.kind != SigmaItemKind::kPattern && item.kind != SigmaItemKind::kRegex) {
    return Fail(ErrorCode::kInvalid, "keywords take only string modifiers");
  }
  for (const auto& text : values) {
    if (text->size() > kSigmaMaxValueBytes) {
      return Fail(ErrorCode::kTooLarge, "value longer than 64 KiB");
    }
    SigmaValue value;
    Status status;
    switch (item.kind) {
      case SigmaItemKind::kPattern:
        status = BuildPatternValue(m, *text, value);
        break;
      case SigmaItemKind::kRegex:
        status = BuildRegexValue(m, *text, value);
        break;
      case SigmaItemKind::kCidr: {
        auto network = ParseSigmaNetwork(*text);
        if (!network) status = Fail(ErrorCode::kInvalid, fmt::format("bad CIDR '{}'", *text));
        if (network) value.network = *network;
        break;
      }
      case SigmaItemKind::kExists:
        if (*text != "true" && *text != "false") {
          status = Fail(ErrorCode::kInvalid, "exists takes true or false");
        }
        value.exists = *text == "true";
        break;
      case SigmaItemKind::kNumeric: {
        auto [end, error] =
            std::from_chars(text->data(), text->data() + text->size(), value.number);
        if (error != std::errc() || end != text->data() + text->size()) {
          status = Fail(ErrorCode::kInvalid, fmt::format("'{}' is not a number", *text));
        }
        break;
      }
      case SigmaItemKind::kFieldRef:
        value.other_field = *text;
        break;
      case SigmaItemKind::kNull:
        break;
    }
    if (!status) return std::unexpected(status.error());
    item.values.push_back(std::move(value));
  }
  return item;
}

}  // namespace hikeshi::triage
