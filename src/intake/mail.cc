#include "intake/mail.h"

#include <algorithm>
#include <cstring>

#include "core/sha256.h"
#include "core/utf8.h"
#include "intake/charset.h"
#include "intake/gmime_support.h"
#include "intake/mail_fastpath.h"
#include "intake/mail_shared.h"

namespace hikeshi::intake {
namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return g_ascii_tolower(x) == g_ascii_tolower(y);
         });
}

void AddAnomaly(std::vector<std::string>& anomalies, std::string_view name) {
  AddMailAnomaly(anomalies, name);
}

std::string_view WarningName(GMimeParserWarning code) {
  switch (code) {
    case GMIME_WARN_DUPLICATED_HEADER:
      return "duplicated-header";
    case GMIME_WARN_DUPLICATED_PARAMETER:
      return "duplicated-parameter";
    case GMIME_WARN_UNENCODED_8BIT_HEADER:
      return "unencoded-8bit-header";
    case GMIME_WARN_INVALID_CONTENT_TYPE:
      return "invalid-content-type";
    case GMIME_WARN_INVALID_RFC2047_HEADER_VALUE:
      return "invalid-rfc2047";
    case GMIME_WARN_INVALID_PARAMETER:
      return "invalid-parameter";
    case GMIME_WARN_MALFORMED_MULTIPART:
      return "malformed-multipart";
    case GMIME_WARN_TRUNCATED_MESSAGE:
      return "truncated-multipart";
    case GMIME_WARN_MALFORMED_MESSAGE:
      return "malformed-message";
    case GMIME_WARN_INVALID_ADDRESS_LIST:
      return "invalid-address-list";
    case GMIME_CRIT_INVALID_HEADER_NAME:
      return "invalid-header-name";
    case GMIME_CRIT_CONFLICTING_HEADER:
      return "conflicting-header";
    case GMIME_CRIT_CONFLICTING_PARAMETER:
      return "conflicting-parameter";
    case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY:
      return "multipart-without-boundary";
    case GMIME_CRIT_NESTING_OVERFLOW:
      return "nesting-overflow";
    case GMIME_WARN_PART_WITHOUT_CONTENT:
      return "part-without-content";
    case GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT:
      return "part-without-headers-or-content";
  }
  return "parser-warning";
}

void OnParserWarning(gint64, GMimeParserWarning code, const gchar*, gpointer user_data) {
  AddAnomaly(*static_cast<std::vector<std::string>*>(user_data), WarningName(code));
}

// Message ids without angle brackets: "<a@b> <c@d>" → {"a@b", "c@d"}; bare ids split on spaces.
std::vector<std::string> SplitMessageIds(std::string_view text) {
  std::vector<std::string> ids;
  std::size_t at = 0;
  while (at < text.size()) {
    while (at < text.size() && (g_ascii_isspace(text[at]) || text[at] == ',')) ++at;
    if (at >= text.size()) break;
    if (text[at] == '<') {
      std::size_t close = text.find('>', at);
      std::size_t end = close == std::string_view::npos ? text.size() : close;
      if (end > at + 1) ids.emplace_back(text.substr(at + 1, end - at - 1));
      at = end + 1;
    } else {
      std::size_t end = at;
      while (end < text.size() && !g_ascii_isspace(text[end]) && text[end] != '<') ++end;
      ids.emplace_back(text.substr(at, end - at));
      at = end;
    }
  }
  return ids;
}

std::string LowerMimeType(GMimeObject* object) {
  GMimeContentType* type = g_mime_object_get_content_type(object);
  if (type == nullptr) return "application/octet-stream";
  GCharPtr mime_type(g_mime_content_type_get_mime_type(type));
  std::string out = CopyString(mime_type.get());
  for (char& c : out) c = g_ascii_tolower(c);
  return out;
}

bool IsHeaderBlockType(std::string_view type) {
  return type == "text/rfc822-headers" || type == "text/rfc822-header";  // singular seen in FBLs
}

// Machine-readable report parts: header-style text to keep as a TextPart, never an attachment.
bool IsReportType(std::string_view type) {
  return type == "message/feedback-report" || type == "message/delivery-status" ||
         type == "message/disposition-notification" || type == "message/global-delivery-status";
}

// One GMime parse and the walk over its tree, sharing the part budget across nested messages.
class Walker {
 public:
  explicit Walker(const MailLimits& limits) : limits_(limits) {}

  void ParseInto(std::string_view raw, ParsedMail& out, std::size_t depth);

 private:
  void Message(GMimeMessage* message, ParsedMail& out, std::size_t depth);
  void Headers(GMimeObject* object, GMimeObject* body, ParsedMail& out);
  void Entity(GMimeObject* object, ParsedMail& out, std::size_t depth);
  void Leaf(GMimePart* part, ParsedMail& out, std::size_t depth);

  const MailLimits& limits_;
  std::size_t parts_seen_ = 0;
};

void Walker::ParseInto(std::string_view raw, ParsedMail& out, std::size_t depth) {
  ParserOptionsPtr options(g_mime_parser_options_new());
  // Raw 8-bit headers: UTF-8 first, then the Japanese legacy charsets, then Latin-1 (never fails).
  static const char* kFallbackCharsets[] = {"utf-8", "cp932", "euc-jp", "windows-1252", nullptr};
  g_mime_parser_options_set_fallback_charsets(options.get(), kFallbackCharsets);
  g_mime_parser_options_set_warning_callback(options.get(), OnParserWarning, &out.anomalies);

  GObjectPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(raw.data(), raw.size()));
  GObjectPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  g_mime_parser_set_format(parser.get(), GMIME_FORMAT_MESSAGE);
  GObjectPtr<GMimeMessage> message(g_mime_parser_construct_message(parser.get(), options.get()));
  if (!message) {
    AddAnomaly(out.anomalies, "not-a-message");
    return;
  }
  Message(message.get(), out, depth);
  message.reset();  // before the options it may refer to
}

void Walker::Message(GMimeMessage* message, ParsedMail& out, std::size_t depth) {
  GMimeObject* body = g_mime_message_get_mime_part(message);
  Headers(GMIME_OBJECT(message), body, out);
  if (out.headers_only) return;
  if (body == nullptr) {
    AddAnomaly(out.anomalies, "no-body");
    return;
  }
  Entity(body, out, depth);
}

void Walker::Headers(GMimeObject* object, GMimeObject* body, ParsedMail& out) {
  // GMime files a message's Content-* fields under its top MIME part; merge both lists back
  // into input order by offset so the record shows the header block as received.
  std::vector<GMimeHeader*> fields;
  for (GMimeObject* owner : {object, body}) {
    GMimeHeaderList* list = owner ? g_mime_object_get_header_list(owner) : nullptr;
    int count = list ? g_mime_header_list_get_count(list) : 0;
    for (int i = 0; i < count; ++i) {
      GMimeHeader* header = g_mime_header_list_get_header_at(list, i);
      if (owner == body && g_mime_header_get_offset(header) < 0) continue;  // synthesised
      fields.push_back(header);
    }
  }
  std::stable_sort(fields.begin(), fields.end(), [](GMimeHeader* a, GMimeHeader* b) {
    return g_mime_header_get_offset(a) < g_mime_header_get_offset(b);
  });
  fields.erase(std::unique(fields.begin(), fields.end(),
                           [](GMimeHeader* a, GMimeHeader* b) {
                             return g_mime_header_get_offset(a) >= 0 &&
                                    g_mime_header_get_offset(a) == g_mime_header_get_offset(b);
                           }),
               fields.end());
  if (fields.size() > limits_.max_headers) {
    AddAnomaly(out.anomalies, "limit-headers");
    fields.resize(limits_.max_headers);
  }
  out.headers.reserve(fields.size());
  for (GMimeHeader* header : fields) {
    MailHeader& field = out.headers.emplace_back();
    field.name = CopyString(g_mime_header_get_raw_name(header));
    field.raw_value = CopyString(g_mime_header_get_raw_value(header));
    while (!field.raw_value.empty() &&
           (field.raw_value.back() == '\n' || field.raw_value.back() == '\r')) {
      field.raw_value.pop_back();
    }
    // Plain ASCII without encoded words needs no decoding: unfold here and skip GMime's lazy
    // decoder (a hot spot in bulk intake). Same result as g_mime_header_get_value.
    if (IsAsciiText(field.raw_value) && field.raw_value.find("=?") == std::string::npos) {
      field.value = UnfoldHeader(field.raw_value);
    } else {
      field.value = CopyString(g_mime_header_get_value(header));
    }
    field.offset = g_mime_header_get_offset(header);
    NormaliseHeaderValue(field.value);
    if (field.raw_value.size() > limits_.max_header_value_bytes) {
      AddAnomaly(out.anomalies, "limit-header-value");
      field.raw_value.resize(limits_.max_header_value_bytes);
      if (field.value.size() > limits_.max_header_value_bytes) {
        std::vector<std::string> ignored;  // cut on a byte boundary, then make it UTF-8 again
        field.value =
            ConvertToUtf8(std::string_view(field.value).substr(0, limits_.max_header_value_bytes),
                          "UTF-8", ignored)
                .text;
      }
    }
  }
  FillHeaderSummary(out);
}

void Walker::Entity(GMimeObject* object, ParsedMail& out, std::size_t depth) {
  if (++parts_seen_ > limits_.max_parts) {
    AddAnomaly(out.anomalies, "limit-parts");
    return;
  }
  if (GMIME_IS_MULTIPART(object)) {
    if (depth >= limits_.max_depth) {
      AddAnomaly(out.anomalies, "limit-depth");
      return;
    }
    GMimeMultipart* multipart = GMIME_MULTIPART(object);
    int count = g_mime_multipart_get_count(multipart);
    for (int i = 0; i < count && parts_seen_ <= limits_.max_parts; ++i) {
      Entity(g_mime_multipart_get_part(multipart, i), out, depth + 1);
    }
    if (parts_seen_ > limits_.max_parts) AddAnomaly(out.anomalies, "limit-parts");
    return;
  }
  if (GMIME_IS_MESSAGE_PART(object)) {
    if (depth >= limits_.max_depth) {
      AddAnomaly(out.anomalies, "limit-depth");
      return;
    }
    GMimeMessage* message = g_mime_message_part_get_message(GMIME_MESSAGE_PART(object));
    if (message == nullptr) {
      AddAnomaly(out.anomalies, "empty-message-part");
      return;
    }
    ParsedMail& nested = out.messages.emplace_back();
    Message(message, nested, depth + 1);
    return;
  }
  if (GMIME_IS_PART(object)) Leaf(GMIME_PART(object), out, depth);
}

void Walker::Leaf(GMimePart* part, ParsedMail& out, std::size_t depth) {
  GMimeObject* object = GMIME_OBJECT(part);
  std::string type = LowerMimeType(object);
  LeafContent content = ReadLeafContent(part);
  if (content.bad_base64) AddAnomaly(out.anomalies, "bad-base64");

  if (IsHeaderBlockType(type)) {
    if (depth >= limits_.max_depth) {
      AddAnomaly(out.anomalies, "limit-depth");
      return;
    }
    ParsedMail& nested = out.messages.emplace_back();
    nested.headers_only = true;
    ParseInto(content.bytes, nested, depth + 1);
    return;
  }
  const char* disposition = g_mime_object_get_disposition(object);
  bool attachment_disposition = disposition && EqualsIgnoreCase(disposition, "attachment");
  AppendLeaf(std::move(type), attachment_disposition, CopyString(g_mime_part_get_filename(part)),
             g_mime_object_get_content_type_parameter(object, "charset"), std::move(content), out);
}

// Bare CR line ends (classic Mac OS) are the one line-end GMime does not read; fold them to LF.
bool OnlyCarriageReturns(std::string_view raw) {
  return raw.find('\n') == std::string_view::npos && raw.find('\r') != std::string_view::npos;
}

bool HasLineLongerThan(std::string_view raw, std::size_t limit) {
  const char* at = raw.data();
  const char* end = raw.data() + raw.size();
  while (at < end) {
    const void* newline = std::memchr(at, '\n', static_cast<std::size_t>(end - at));
    const char* line_end = newline ? static_cast<const char*>(newline) : end;
    if (static_cast<std::size_t>(line_end - at) > limit) return true;
    at = line_end + 1;
  }
  return false;
}

}  // namespace

void AddMailAnomaly(std::vector<std::string>& anomalies, std::string_view name) {
  if (std::find(anomalies.begin(), anomalies.end(), name) == anomalies.end()) {
    anomalies.emplace_back(name);
  }
}

void NormaliseHeaderValue(std::string& value) {
  // Raw ISO-2022-JP outside encoded words: 7-bit, so GMime leaves the escapes in place.
  if (value.find('\x1b') != std::string::npos || (!IsAsciiText(value) && !IsValidUtf8(value))) {
    std::vector<std::string> ignored;
    value = ConvertToUtf8(value, "", ignored).text;
  }
}

std::string UnfoldHeader(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (char c : raw) {
    if (c != '\r' && c != '\n') out.push_back(c);
  }
  std::size_t start = 0;
  while (start < out.size() && g_ascii_isspace(out[start])) ++start;
  std::size_t end = out.size();
  while (end > start && g_ascii_isspace(out[end - 1])) --end;
  return out.substr(start, end - start);
}

void FillHeaderSummary(ParsedMail& out) {
  auto value_of = [&out](std::string_view name) -> std::string {
    const MailHeader* header = out.Header(name);
    return header ? header->value : std::string();
  };
  out.subject = value_of("Subject");
  out.from = value_of("From");
  out.to = value_of("To");
  out.cc = value_of("Cc");
  out.date_text = value_of("Date");
  if (!out.date_text.empty()) out.date = ParseMailDate(out.date_text);
  std::vector<std::string> ids = SplitMessageIds(value_of("Message-ID"));
  if (!ids.empty()) out.message_id = std::move(ids.front());
  ids = SplitMessageIds(value_of("In-Reply-To"));
  if (!ids.empty()) out.in_reply_to = std::move(ids.front());
  out.references = SplitMessageIds(value_of("References"));
}

void AppendLeaf(std::string type, bool attachment_disposition, std::string filename,
                const char* charset, LeafContent content, ParsedMail& out) {
  if (!IsValidUtf8(filename)) {
    std::vector<std::string> ignored;
    filename = ConvertToUtf8(filename, "", ignored).text;
  }
  bool textual = (type.starts_with("text/") && !attachment_disposition) || IsReportType(type);
  if (textual) {
    std::vector<std::string> charset_anomalies;
    Utf8Conversion converted =
        ConvertToUtf8(content.bytes, charset ? charset : "", charset_anomalies);
    for (const std::string& name : charset_anomalies) AddMailAnomaly(out.anomalies, name);
    out.texts.push_back(TextPart{std::move(type), std::move(filename), std::move(converted.charset),
                                 converted.declared, std::move(converted.text)});
    return;
  }
  std::string sha256 = Sha256Hex(content.bytes);
  out.attachments.push_back(
      Attachment{std::move(type), std::move(filename), std::move(content.bytes), sha256});
}

const MailHeader* ParsedMail::Header(std::string_view name) const {
  for (const MailHeader& header : headers) {
    if (EqualsIgnoreCase(header.name, name)) return &header;
  }
  return nullptr;
}

std::vector<const MailHeader*> ParsedMail::Headers(std::string_view name) const {
  std::vector<const MailHeader*> found;
  for (const MailHeader& header : headers) {
    if (EqualsIgnoreCase(header.name, name)) found.push_back(&header);
  }
  return found;
}

namespace {

// The checks both paths share, then `parse` on the (possibly CR-converted) input.
template <typename Parse>
Result<ParsedMail> ParseChecked(std::string_view raw, const MailLimits& limits, Parse parse) {
  if (raw.size() > limits.max_message_bytes) {
    return Fail(ErrorCode::kTooLarge, "message of " + std::to_string(raw.size()) +
                                          " bytes is over the limit of " +
                                          std::to_string(limits.max_message_bytes));
  }
  EnsureGmimeInitialised();
  ParsedMail mail;
  std::string converted;
  if (OnlyCarriageReturns(raw)) {
    converted.assign(raw);
    std::replace(converted.begin(), converted.end(), '\r', '\n');
    raw = converted;
    AddAnomaly(mail.anomalies, "cr-line-endings");
  }
  if (HasLineLongerThan(raw, limits.max_line_bytes))
    AddAnomaly(mail.anomalies, "limit-line-length");
  parse(raw, mail);
  return mail;
}

void ParseWithGmime(std::string_view raw, const MailLimits& limits, ParsedMail& mail) {
  Walker walker(limits);
  walker.ParseInto(raw, mail, 0);
}

}  // namespace

Result<ParsedMail> ParseMailWithGmime(std::string_view raw, const MailLimits& limits) {
  return ParseChecked(raw, limits, [&limits](std::string_view input, ParsedMail& mail) {
    ParseWithGmime(input, limits, mail);
  });
}

Result<ParsedMail> ParseMail(std::string_view raw, const MailLimits& limits) {
  return ParseChecked(raw, limits, [&limits](std::string_view input, ParsedMail& mail) {
    // The fast path handles clean input only: after any anomaly so far, GMime decides.
    if (mail.anomalies.empty()) {
      if (std::optional<ParsedMail> fast = TryParseMailFast(input, limits)) {
        mail = std::move(*fast);
        return;
      }
    }
    ParseWithGmime(input, limits, mail);
  });
}

ParsedMail ParseHeaderBlock(std::string_view raw, const MailLimits& limits) {
  EnsureGmimeInitialised();
  ParsedMail mail;
  mail.headers_only = true;
  if (raw.size() > limits.max_message_bytes) {
    AddAnomaly(mail.anomalies, "limit-message-size");
    return mail;
  }
  Walker walker(limits);
  walker.ParseInto(raw, mail, 0);
  return mail;
}

}  // namespace hikeshi::intake
