#include "intake/mail_fastpath.h"

#include <array>
#include <cstring>
#include <utility>
#include <vector>

#include "intake/charset.h"
#include "intake/mail_shared.h"

namespace hikeshi::intake {
namespace {

// GMime's parser refuses deeper nesting on its own; stay well inside it whatever the limits say.
constexpr std::size_t kMaxFastDepth = 10;

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

bool StartsWithIgnoreCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && EqualsIgnoreCase(text.substr(0, prefix.size()), prefix);
}

// RFC 2045 token characters (no tspecials, no space or controls).
constexpr std::array<bool, 256> kToken = [] {
  std::array<bool, 256> table{};
  for (int c = 33; c < 127; ++c) table[c] = true;
  for (char c : std::string_view("()<>@,;:\\\"/[]?=")) table[static_cast<unsigned char>(c)] = false;
  return table;
}();

bool IsToken(char c) { return kToken[static_cast<unsigned char>(c)]; }
bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\n'; }  // '\n' only inside folds

// Header names GMime warns about when repeated ("conflicting-header"): decline on a repeat.
bool IsSingletonHeader(std::string_view name) {
  static constexpr std::string_view kNames[] = {
      "subject", "from", "sender",     "reply-to",    "to",         "cc",
      "bcc",     "date", "message-id", "in-reply-to", "references", "mime-version"};
  if (StartsWithIgnoreCase(name, "content-")) return true;
  for (std::string_view singleton : kNames) {
    if (EqualsIgnoreCase(name, singleton)) return true;
  }
  return false;
}

// The headers GMime parses as address lists when it builds a message (warnings possible).
bool IsAddressHeader(std::string_view name) {
  static constexpr std::string_view kNames[] = {"from", "sender", "reply-to", "to", "cc", "bcc"};
  for (std::string_view address : kNames) {
    if (EqualsIgnoreCase(name, address)) return true;
  }
  return false;
}

struct Field {
  std::string_view name;
  std::string_view raw;  // after the colon, without the final line break
  std::size_t offset = 0;
};

struct Param {
  std::string_view name;
  std::string_view value;
};

// "type/subtype; name=value; name=\"value\"" or, for dispositions, "token; name=value". Only the
// plain forms: comments, RFC 2231, RFC 2047, escapes, repeats and 8-bit decline.
struct StructuredValue {
  std::string value;  // lowercase
  std::vector<Param> params;
  const Param* Find(std::string_view name) const {
    for (const Param& param : params) {
      if (EqualsIgnoreCase(param.name, name)) return &param;
    }
    return nullptr;
  }
};

bool ParseStructured(std::string_view raw, bool with_subtype, StructuredValue& out) {
  std::size_t at = 0;
  auto skip_blank = [&] {
    while (at < raw.size() && IsBlank(raw[at])) ++at;
  };
  auto token = [&](std::string_view& text) {
    std::size_t start = at;
    while (at < raw.size() && IsToken(raw[at])) ++at;
    text = raw.substr(start, at - start);
    return !text.empty();
  };
  skip_blank();
  std::string_view type, subtype;
  if (!token(type)) return false;
  out.value.assign(type);
  if (with_subtype) {
    if (at >= raw.size() || raw[at] != '/') return false;
    ++at;
    if (!token(subtype)) return false;
    out.value += '/';
    out.value.append(subtype);
  }
  for (char& c : out.value) c = Lower(c);
  skip_blank();
  while (at < raw.size()) {
    if (raw[at] != ';') return false;
    ++at;
    skip_blank();
    if (at == raw.size()) break;  // a trailing ';' is harmless
    Param param;
    if (!token(param.name) || param.name.find('*') != std::string_view::npos) return false;
    skip_blank();
    if (at >= raw.size() || raw[at] != '=') return false;
    ++at;
    skip_blank();
    if (at < raw.size() && raw[at] == '"') {
      std::size_t close = raw.find('"', at + 1);
      if (close == std::string_view::npos) return false;
      param.value = raw.substr(at + 1, close - at - 1);
      at = close + 1;
      for (char c : param.value) {
        if (c == '\\' || c == '\n' || static_cast<unsigned char>(c) < 0x20) return false;
      }
    } else if (!token(param.value)) {
      return false;
    }
    if (param.value.find("=?") != std::string_view::npos || out.Find(param.name)) return false;
    out.params.push_back(param);
    skip_blank();
  }
  return true;
}

// RFC 2046 boundary characters, at most 70 of them, not ending in a space (spaces declined).
bool IsPlainBoundary(std::string_view boundary) {
  if (boundary.empty() || boundary.size() > 70) return false;
  for (char c : boundary) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              std::strchr("'()+_,-./:=?", c) != nullptr;
    if (!ok) return false;
  }
  return true;
}

// Thread-local GMime options for the header decoding the fast path leaves to GMime (RFC 2047,
// address lists), with a warning callback that only records that GMime warned.
struct DecodeOptions {
  DecodeOptions() : options(g_mime_parser_options_new()) {
    static const char* kFallbackCharsets[] = {"utf-8", "cp932", "euc-jp", "windows-1252", nullptr};
    g_mime_parser_options_set_fallback_charsets(options.get(), kFallbackCharsets);
    g_mime_parser_options_set_warning_callback(options.get(), OnWarning, &warned);
  }
  static void OnWarning(gint64, GMimeParserWarning, const gchar*, gpointer flag) {
    *static_cast<bool*>(flag) = true;
  }
  ParserOptionsPtr options;
  bool warned = false;
};

DecodeOptions& Options() {
  thread_local DecodeOptions options;
  return options;
}

class FastParser {
 public:
  FastParser(std::string_view input, const MailLimits& limits, std::size_t& parts_seen)
      : input_(input), limits_(limits), parts_seen_(parts_seen) {}

  // The message in [begin, end). headers_only: a text/rfc822-headers block.
  bool Message(std::size_t begin, std::size_t end, ParsedMail& out, std::size_t depth,
               bool headers_only);

 private:
  // part_headers: a body part's block, where GMime warns on any repeated field (a message's
  // block only on repeated singletons).
  bool HeaderBlock(std::size_t begin, std::size_t end, bool part_headers,
                   std::vector<Field>& fields, std::size_t& body, bool& terminated) const;
  bool Entity(const std::vector<Field>& fields, std::size_t body, std::size_t end, ParsedMail& out,
              std::size_t depth);
  bool Multipart(std::string_view boundary, std::size_t body, std::size_t end, ParsedMail& out,
                 std::size_t depth);
  bool Leaf(const std::vector<Field>& fields, const StructuredValue& type,
            const StructuredValue& disposition, std::size_t body, std::size_t end, ParsedMail& out,
            std::size_t depth);

  std::string_view input_;
  const MailLimits& limits_;
  std::size_t& parts_seen_;
  std::vector<std::string_view> boundaries_;  // the enclosing multiparts' boundaries
};

bool FastParser::HeaderBlock(std::size_t begin, std::size_t end, bool part_headers,
                             std::vector<Field>& fields, std::size_t& body,
                             bool& terminated) const {
  std::size_t at = begin;
  terminated = false;
  auto line_end = [&](std::size_t from) {
    const void* newline = std::memchr(input_.data() + from, '\n', end - from);
    return newline ? static_cast<std::size_t>(static_cast<const char*>(newline) - input_.data())
                   : end;
  };
  while (at < end) {
    if (input_[at] == '\n') {
      terminated = true;
      body = at + 1;
      return true;
    }
    std::size_t colon = at;
    while (colon < end && input_[colon] != ':') {
      unsigned char c = static_cast<unsigned char>(input_[colon]);
      if (c <= 32 || c >= 127) return false;  // folding without a field, odd names
      ++colon;
    }
    if (colon == at || colon >= end) return false;
    std::size_t stop = line_end(colon);
    // Folded continuation lines; a whitespace-only one is an oddity left to GMime.
    while (stop + 1 < end && (input_[stop + 1] == ' ' || input_[stop + 1] == '\t')) {
      std::size_t next = line_end(stop + 1);
      std::string_view line = input_.substr(stop + 1, next - stop - 1);
      if (line.find_first_not_of(" \t") == std::string_view::npos) return false;
      stop = next;
    }
    Field field{input_.substr(at, colon - at), input_.substr(colon + 1, stop - colon - 1), at};
    if (field.raw.size() > limits_.max_header_value_bytes) return false;
    if (!IsAsciiText(field.raw)) return false;  // GMime warns on unencoded 8-bit headers
    if (part_headers || IsSingletonHeader(field.name)) {
      for (const Field& seen : fields) {
        if (EqualsIgnoreCase(seen.name, field.name)) return false;
      }
    }
    fields.push_back(field);
    if (fields.size() > limits_.max_headers) return false;
    at = stop + 1;
  }
  body = end;
  return true;
}

const Field* FindField(const std::vector<Field>& fields, std::string_view name) {
  for (const Field& field : fields) {
    if (EqualsIgnoreCase(field.name, name)) return &field;
  }
  return nullptr;
}

bool FastParser::Message(std::size_t begin, std::size_t end, ParsedMail& out, std::size_t depth,
                         bool headers_only) {
  std::vector<Field> fields;
  std::size_t body = end;
  bool terminated = false;
  if (!HeaderBlock(begin, end, false, fields, body, terminated) || fields.empty()) return false;
  if (!terminated && !headers_only) return false;
  DecodeOptions& options = Options();
  out.headers.reserve(fields.size());
  for (const Field& field : fields) {
    MailHeader& header = out.headers.emplace_back();
    header.name.assign(field.name);
    header.raw_value.assign(field.raw);
    header.offset = static_cast<std::int64_t>(field.offset);
    if (field.raw.find("=?") == std::string_view::npos) {
      header.value = UnfoldHeader(field.raw);
    } else {
      std::string folded(field.raw);
      folded += '\n';
      GCharPtr unfolded(g_mime_utils_header_unfold(folded.c_str()));
      options.warned = false;
      GCharPtr decoded(g_mime_utils_header_decode_text(options.options.get(), unfolded.get()));
      if (options.warned) return false;
      header.value = CopyString(decoded.get());
    }
    NormaliseHeaderValue(header.value);
    if (IsAddressHeader(field.name)) {
      std::string value(field.raw);
      options.warned = false;
      GObjectPtr<InternetAddressList> list(
          internet_address_list_parse(options.options.get(), value.c_str()));
      if (options.warned) return false;
    }
  }
  FillHeaderSummary(out);
  if (headers_only) {
    // GMime parses the block as a whole message: keep its body trivial.
    if (const Field* type = FindField(fields, "Content-Type")) {
      StructuredValue parsed;
      if (!ParseStructured(type->raw, true, parsed) || parsed.value.starts_with("multipart/") ||
          parsed.value.starts_with("message/")) {
        return false;
      }
    }
    if (!terminated) AddMailAnomaly(out.anomalies, "truncated-multipart");
    return true;
  }
  return Entity(fields, body, end, out, depth);
}

bool FastParser::Entity(const std::vector<Field>& fields, std::size_t body, std::size_t end,
                        ParsedMail& out, std::size_t depth) {
  if (++parts_seen_ > limits_.max_parts) return false;
  StructuredValue type;
  if (const Field* field = FindField(fields, "Content-Type")) {
    if (!ParseStructured(field->raw, true, type)) return false;
  } else {
    type.value = "text/plain";
  }
  // GMime reads (and warns about) a disposition on every entity, multiparts and messages too.
  StructuredValue disposition;
  if (const Field* field = FindField(fields, "Content-Disposition")) {
    if (!ParseStructured(field->raw, false, disposition)) return false;
  }
  if (type.value.starts_with("multipart/")) {
    if (type.value != "multipart/mixed" && type.value != "multipart/alternative" &&
        type.value != "multipart/related" && type.value != "multipart/report") {
      return false;
    }
    if (depth >= limits_.max_depth || depth >= kMaxFastDepth) return false;
    const Param* boundary = type.Find("boundary");
    if (boundary == nullptr || !IsPlainBoundary(boundary->value)) return false;
    if (FindField(fields, "Content-Transfer-Encoding")) return false;
    return Multipart(boundary->value, body, end, out, depth);
  }
  if (type.value == "message/rfc822" || type.value == "message/global") {
    if (depth >= limits_.max_depth || depth >= kMaxFastDepth) return false;
    if (FindField(fields, "Content-Transfer-Encoding")) return false;
    if (body >= end) return false;
    ParsedMail& nested = out.messages.emplace_back();
    return Message(body, end, nested, depth + 1, false);
  }
  if (type.value.starts_with("message/") && type.value != "message/feedback-report" &&
      type.value != "message/delivery-status" && type.value != "message/disposition-notification" &&
      type.value != "message/global-delivery-status") {
    return false;  // news, partial, external-body: GMime's own classes
  }
  if (type.value == "application/pkcs7-mime" || type.value == "application/x-pkcs7-mime") {
    return false;
  }
  return Leaf(fields, type, disposition, body, end, out, depth);
}

bool FastParser::Multipart(std::string_view boundary, std::size_t body, std::size_t end,
                           ParsedMail& out, std::size_t depth) {
  boundaries_.push_back(boundary);
  // Every line that starts with "--" and any enclosing boundary must be exactly this
  // multipart's delimiter or close delimiter; anything else is left to GMime.
  std::vector<std::pair<std::size_t, std::size_t>> parts;  // [start, end) of each body part
  std::size_t part_start = std::string_view::npos;
  bool closed = false;
  std::size_t at = body;
  while (at < end && !closed) {
    const void* newline = std::memchr(input_.data() + at, '\n', end - at);
    std::size_t stop =
        newline ? static_cast<std::size_t>(static_cast<const char*>(newline) - input_.data()) : end;
    std::string_view line = input_.substr(at, stop - at);
    if (line.size() >= 2 && line[0] == '-' && line[1] == '-') {
      bool any = false;
      for (std::string_view outer : boundaries_) {
        if (line.substr(2).starts_with(outer)) any = true;
      }
      if (any) {
        std::string_view rest = line.substr(2);
        if (!rest.starts_with(boundary)) return false;
        rest.remove_prefix(boundary.size());
        bool close = rest.starts_with("--");
        if (close) rest.remove_prefix(2);
        if (rest.find_first_not_of(" \t") != std::string_view::npos) return false;
        if (part_start != std::string_view::npos) {
          if (at == 0 || at - 1 < part_start) return false;  // an empty part
          parts.emplace_back(part_start, at - 1);            // the line break is the delimiter's
        } else if (close) {
          return false;  // no parts at all
        }
        if (close) {
          closed = true;
        } else {
          if (stop >= end) return false;  // delimiter at the very end: no part follows
          part_start = stop + 1;
        }
      }
    }
    at = stop + 1;
  }
  if (!closed || parts.empty()) return false;
  // The epilogue must not look like any enclosing delimiter either (checked by the caller's
  // scan for outer boundaries; an inner one there would be an oddity): scan it.
  for (std::size_t scan = at; scan < end;) {
    const void* newline = std::memchr(input_.data() + scan, '\n', end - scan);
    std::size_t stop =
        newline ? static_cast<std::size_t>(static_cast<const char*>(newline) - input_.data()) : end;
    if (input_.substr(scan, stop - scan).starts_with("--")) return false;
    scan = stop + 1;
  }
  for (const auto& [start, stop] : parts) {
    if (parts_seen_ >= limits_.max_parts) return false;
    std::vector<Field> fields;
    std::size_t part_body = stop;
    bool terminated = false;
    if (!HeaderBlock(start, stop, true, fields, part_body, terminated)) return false;
    if (!terminated || fields.empty() || part_body >= stop) return false;
    if (!Entity(fields, part_body, stop, out, depth + 1)) return false;
  }
  boundaries_.pop_back();
  return true;
}

bool FastParser::Leaf(const std::vector<Field>& fields, const StructuredValue& type,
                      const StructuredValue& disposition, std::size_t body, std::size_t end,
                      ParsedMail& out, std::size_t depth) {
  GMimeContentEncoding encoding = GMIME_CONTENT_ENCODING_DEFAULT;
  if (const Field* field = FindField(fields, "Content-Transfer-Encoding")) {
    std::string_view value = field->raw;
    while (!value.empty() && IsBlank(value.front())) value.remove_prefix(1);
    while (!value.empty() && IsBlank(value.back())) value.remove_suffix(1);
    if (EqualsIgnoreCase(value, "7bit")) {
      encoding = GMIME_CONTENT_ENCODING_7BIT;
    } else if (EqualsIgnoreCase(value, "8bit")) {
      encoding = GMIME_CONTENT_ENCODING_8BIT;
    } else if (EqualsIgnoreCase(value, "binary")) {
      encoding = GMIME_CONTENT_ENCODING_BINARY;
    } else if (EqualsIgnoreCase(value, "base64")) {
      encoding = GMIME_CONTENT_ENCODING_BASE64;
    } else if (EqualsIgnoreCase(value, "quoted-printable")) {
      encoding = GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE;
    } else {
      return false;
    }
  }
  const Param* filename = disposition.Find("filename");
  if (filename == nullptr) filename = type.Find("name");
  const Param* charset = type.Find("charset");
  LeafContent content = DecodeTransfer(input_.substr(body, end - body), encoding);
  if (content.bad_base64) AddMailAnomaly(out.anomalies, "bad-base64");
  if (type.value == "text/rfc822-headers" || type.value == "text/rfc822-header") {
    if (depth >= limits_.max_depth || depth >= kMaxFastDepth) return false;
    // GMime reads the block as C strings and CRLF lines: leave those to it.
    if (content.bytes.find_first_of(std::string_view("\r\0", 2)) != std::string::npos) {
      return false;
    }
    ParsedMail& nested = out.messages.emplace_back();
    nested.headers_only = true;
    std::size_t parts_seen = 0;
    FastParser block(content.bytes, limits_, parts_seen);
    return block.Message(0, content.bytes.size(), nested, depth + 1, true);
  }
  std::string charset_text = charset ? std::string(charset->value) : std::string();
  AppendLeaf(type.value, disposition.value == "attachment",
             filename ? std::string(filename->value) : std::string(),
             charset ? charset_text.c_str() : nullptr, std::move(content), out);
  return true;
}

}  // namespace

std::optional<ParsedMail> TryParseMailFast(std::string_view raw, const MailLimits& limits) {
  // Bounded and LF-only: CR, NUL and the mbox "From " line are left to GMime.
  if (raw.empty() || raw.find('\r') != std::string_view::npos ||
      std::memchr(raw.data(), '\0', raw.size()) != nullptr || raw.starts_with("From ")) {
    return std::nullopt;
  }
  EnsureGmimeInitialised();
  ParsedMail mail;
  std::size_t parts_seen = 0;
  FastParser parser(raw, limits, parts_seen);
  if (!parser.Message(0, raw.size(), mail, 0, false)) return std::nullopt;
  return mail;
}

}  // namespace hikeshi::intake
