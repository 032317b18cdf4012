#include "coord/spam_original.h"

#include <gmime/gmime.h>

#include <algorithm>
#include <array>
#include <memory>
#include <mutex>
#include <vector>

namespace hikeshi::coord {
namespace {

constexpr size_t kMaxFields = 1000;
constexpr int kMaxDepth = 8;  // forwards of forwards; deeper nesting is not evidence we need

// Fields that name who received the mail: the reporter, or its mailbox.
constexpr std::array<std::string_view, 16> kRecipientFields{"To",
                                                            "Cc",
                                                            "Bcc",
                                                            "Delivered-To",
                                                            "X-Original-To",
                                                            "Envelope-To",
                                                            "X-Envelope-To",
                                                            "X-Rcpt-To",
                                                            "X-Original-Rcpt-To",
                                                            "Original-Recipient",
                                                            "Apparently-To",
                                                            "X-Apparently-To",
                                                            "Resent-To",
                                                            "Resent-Cc",
                                                            "X-Forwarded-To",
                                                            "X-Delivered-To"};

struct GObjectUnref {
  void operator()(void* object) const {
    if (object != nullptr) g_object_unref(object);
  }
};
template <typename T>
using GObjectPtr = std::unique_ptr<T, GObjectUnref>;

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return Lower(x) == Lower(y); });
}

size_t FindIgnoreCase(std::string_view text, std::string_view needle, size_t from = 0) {
  if (needle.empty() || text.size() < needle.size()) return std::string_view::npos;
  for (size_t i = from; i + needle.size() <= text.size(); ++i) {
    if (EqualsIgnoreCase(text.substr(i, needle.size()), needle)) return i;
  }
  return std::string_view::npos;
}

std::string WithLf(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    out.push_back(text[i]);
  }
  return out;
}

// One header field: its name and its whole text (name, colon, value, folded lines; no final LF).
struct HeaderField {
  std::string name;
  std::string text;
};

// The fields of the header block at the start of `message` (LF line ends), at most kMaxFields
// and kMaxOriginalHeaderBytes of them. A line that is neither a field nor a continuation ends
// the block, as the blank line does.
std::vector<HeaderField> HeaderFields(std::string_view message) {
  std::vector<HeaderField> fields;
  size_t bytes = 0;
  size_t at = 0;
  while (at < message.size()) {
    size_t end = message.find('\n', at);
    if (end == std::string_view::npos) end = message.size();
    std::string_view line = message.substr(at, end - at);
    at = end + 1;
    if (line.empty()) break;
    bool continuation = line.front() == ' ' || line.front() == '\t';
    if (continuation && !fields.empty()) {
      if (bytes + line.size() + 1 > kMaxOriginalHeaderBytes) break;
      fields.back().text.append("\n").append(line);
      bytes += line.size() + 1;
      continue;
    }
    size_t colon = line.find(':');
    if (continuation || colon == std::string_view::npos || colon == 0) break;
    if (fields.size() >= kMaxFields || bytes + line.size() + 1 > kMaxOriginalHeaderBytes) break;
    fields.push_back({std::string(line.substr(0, colon)), std::string(line)});
    bytes += line.size() + 1;
  }
  return fields;
}

void ReplaceAllIgnoreCase(std::string& text, std::string_view needle,
                          std::string_view replacement) {
  if (needle.empty()) return;
  for (size_t at = FindIgnoreCase(text, needle); at != std::string::npos;
       at = FindIgnoreCase(text, needle, at + replacement.size())) {
    text.replace(at, needle.size(), replacement);
  }
}

// "from a by b with ESMTP id x for <reporter@x>; date" → "… for <redacted@…>; date".
void RedactReceivedFor(std::string& text) {
  size_t semicolon = text.rfind(';');
  size_t limit = semicolon == std::string::npos ? text.size() : semicolon;
  for (size_t at = 0; (at = FindIgnoreCase(text, "for", at)) != std::string::npos && at < limit;
       ++at) {
    bool word_start =
        at > 0 && (text[at - 1] == ' ' || text[at - 1] == '\t' || text[at - 1] == '\n');
    size_t value = at + 3;
    if (!word_start || value >= limit || (text[value] != ' ' && text[value] != '\t')) continue;
    while (value < limit && (text[value] == ' ' || text[value] == '\t')) ++value;
    size_t value_end = value;
    while (value_end < limit && text[value_end] != ' ' && text[value_end] != '\t' &&
           text[value_end] != '\n' && text[value_end] != ';') {
      ++value_end;
    }
    if (text.substr(value, value_end - value).find('@') == std::string::npos) continue;
    std::string replacement = "<" + std::string(kRedactedAddress) + ">";
    text.replace(value, value_end - value, replacement);
    limit = limit - (value_end - value) + replacement.size();
  }
}

std::string PartBytes(GMimeObject* object) {
  GObjectPtr<GMimeStream> stream(g_mime_stream_mem_new());
  if (GMIME_IS_MESSAGE_PART(object)) {
    GMimeMessage* inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(object));
    if (inner == nullptr) return {};
    g_mime_object_write_to_stream(GMIME_OBJECT(inner), nullptr, stream.get());
  } else if (GMIME_IS_PART(object)) {
    GMimeDataWrapper* content = g_mime_part_get_content(GMIME_PART(object));
    if (content == nullptr) return {};
    g_mime_data_wrapper_write_to_stream(content, stream.get());
  }
  GByteArray* array = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(stream.get()));
  return std::string(reinterpret_cast<const char*>(array->data), array->len);
}

// Depth-first, the first forwarded message or header block under `object`.
std::optional<std::string> FindForwarded(GMimeObject* object, int depth) {
  if (object == nullptr || depth > kMaxDepth) return std::nullopt;
  if (GMIME_IS_MESSAGE_PART(object)) return PartBytes(object);
  if (GMIME_IS_MULTIPART(object)) {
    GMimeMultipart* multipart = GMIME_MULTIPART(object);
    int count = g_mime_multipart_get_count(multipart);
    for (int i = 0; i < count; ++i) {
      if (auto found = FindForwarded(g_mime_multipart_get_part(multipart, i), depth + 1)) {
        return found;
      }
    }
    return std::nullopt;
  }
  GMimeContentType* type = g_mime_object_get_content_type(object);
  if (type != nullptr && g_mime_content_type_is_type(type, "text", "rfc822-headers")) {
    return PartBytes(object);
  }
  return std::nullopt;
}

}  // namespace

std::string FindSpamMessage(std::string_view raw) {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });  // counted by GMime: safe beside other callers
  GObjectPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(raw.data(), raw.size()));
  GObjectPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  GObjectPtr<GMimeMessage> message(g_mime_parser_construct_message(parser.get(), nullptr));
  if (message == nullptr) return std::string(raw);
  auto forwarded = FindForwarded(g_mime_message_get_mime_part(message.get()), 0);
  return forwarded && !forwarded->empty() ? *forwarded : std::string(raw);
}

SpamOriginal PrepareSpamOriginal(std::string_view message, std::string_view reporter,
                                 bool consent_to_share) {
  std::string text = WithLf(message);
  if (consent_to_share && text.size() <= kMaxOriginalBytes) return {std::move(text), false};
  SpamOriginal original{.headers_only = true};
  for (HeaderField& field : HeaderFields(text)) {
    if (!consent_to_share) {
      bool names_recipient =
          std::any_of(kRecipientFields.begin(), kRecipientFields.end(),
                      [&](std::string_view name) { return EqualsIgnoreCase(field.name, name); });
      if (names_recipient) {
        field.text = field.name + ": " + std::string(kRedactedAddress);
      } else if (EqualsIgnoreCase(field.name, "Received")) {
        RedactReceivedFor(field.text);
      }
      ReplaceAllIgnoreCase(field.text, reporter, kRedactedAddress);
    }
    // Redaction may lengthen a field ("a@b" becomes kRedactedAddress): the bound holds after it.
    if (original.bytes.size() + field.text.size() + 1 > kMaxOriginalHeaderBytes) break;
    original.bytes.append(field.text).append("\n");
  }
  return original;
}

std::string HeaderValue(std::string_view message, std::string_view name) {
  for (const HeaderField& field : HeaderFields(
           WithLf(message.substr(0, std::min(message.size(), kMaxOriginalHeaderBytes * 2))))) {
    if (!EqualsIgnoreCase(field.name, name)) continue;
    std::string value;
    for (char c : std::string_view(field.text).substr(field.name.size() + 1)) {
      value.push_back(c == '\n' || c == '\t' ? ' ' : c);
    }
    size_t first = value.find_first_not_of(' ');
    size_t last = value.find_last_not_of(' ');
    return first == std::string::npos ? std::string() : value.substr(first, last - first + 1);
  }
  return {};
}

std::optional<Timestamp> TopReceivedDate(std::string_view message) {
  std::string received = HeaderValue(message, "Received");
  size_t semicolon = received.rfind(';');
  if (semicolon == std::string::npos) return std::nullopt;
  std::string date = received.substr(semicolon + 1);
  GDateTime* parsed = g_mime_utils_header_decode_date(date.c_str());
  if (parsed == nullptr) return std::nullopt;
  int64_t seconds = g_date_time_to_unix(parsed);
  g_date_time_unref(parsed);
  return FromMicros(seconds * 1'000'000);
}

}  // namespace hikeshi::coord
