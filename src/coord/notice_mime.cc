#include "coord/notice_mime.h"

#include <gmime/gmime.h>

#include <algorithm>
#include <memory>
#include <mutex>

namespace hikeshi::coord {
namespace {

struct GObjectUnref {
  void operator()(void* object) const {
    if (object != nullptr) g_object_unref(object);
  }
};
template <typename T>
using GObjectPtr = std::unique_ptr<T, GObjectUnref>;

void EnsureGmime() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });  // counted by GMime: safe beside intake's call
}

bool SafeAddress(std::string_view address, bool required) {
  if (address.empty()) return !required;
  if (address.size() > 254 || address.find('@') == std::string_view::npos) return false;
  for (char c : address) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == '<' || c == '>' || c == ',' || c == ';' ||
        c == '"' || c == 0x7f) {
      return false;
    }
  }
  return true;
}

// "a@x, b@y" → {"a@x", "b@y"} (the notification's Cc column, recipient_choice.h JoinCc).
std::vector<std::string> CcAddresses(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    size_t comma = text.find(',');
    std::string_view part = text.substr(0, comma);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    out.emplace_back(part);  // an empty part is refused by SafeAddress
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

// A leaf part of `content_type` holding `bytes`, in the most readable encoding 7-bit SMTP allows.
GMimePart* PartWithBytes(std::string_view content_type, std::string_view bytes) {
  size_t slash = content_type.find('/');
  std::string major(slash == std::string_view::npos ? "application"
                                                    : content_type.substr(0, slash));
  std::string minor(slash == std::string_view::npos ? "octet-stream"
                                                    : content_type.substr(slash + 1));
  GMimePart* part = g_mime_part_new_with_type(major.c_str(), minor.c_str());
  GObjectPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(bytes.data(), bytes.size()));
  GObjectPtr<GMimeDataWrapper> wrapper(
      g_mime_data_wrapper_new_with_stream(stream.get(), GMIME_CONTENT_ENCODING_DEFAULT));
  g_mime_part_set_content(part, wrapper.get());
  g_mime_part_set_content_encoding(
      part, g_mime_part_get_best_content_encoding(part, GMIME_ENCODING_CONSTRAINT_7BIT));
  return part;
}

// RFC 5965 §2: after the human-readable part, the message/feedback-report part (7bit, the
// fields are ASCII) and the reported message: message/rfc822, or text/rfc822-headers when only
// its header block may leave (or the bytes do not parse as a message).
void AddFeedbackReport(GMimeMultipart* multipart, const ArfAttachment& report) {
  g_mime_object_set_content_type_parameter(GMIME_OBJECT(multipart), "report-type",
                                           "feedback-report");
  GObjectPtr<GMimePart> fields(PartWithBytes("message/feedback-report", report.feedback_report));
  g_mime_part_set_content_encoding(fields.get(), GMIME_CONTENT_ENCODING_7BIT);
  g_mime_multipart_add(multipart, GMIME_OBJECT(fields.get()));
  const std::string& bytes = report.original.bytes;
  if (!report.original.headers_only) {
    GObjectPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(bytes.data(), bytes.size()));
    GObjectPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
    GObjectPtr<GMimeMessage> original(g_mime_parser_construct_message(parser.get(), nullptr));
    if (original != nullptr) {
      GObjectPtr<GMimeMessagePart> part(
          g_mime_message_part_new_with_message("rfc822", original.get()));
      g_mime_multipart_add(multipart, GMIME_OBJECT(part.get()));
      return;
    }
  }
  GObjectPtr<GMimePart> headers(PartWithBytes("text/rfc822-headers", bytes));
  g_mime_multipart_add(multipart, GMIME_OBJECT(headers.get()));
}
}  // namespace

Result<std::string> BuildMime(const MailMessage& mail) {
  std::vector<std::string> cc = CcAddresses(mail.cc);
  if (!SafeAddress(mail.from, true) || !SafeAddress(mail.to, true) ||
      !std::all_of(cc.begin(), cc.end(),
                   [](const std::string& a) { return SafeAddress(a, true); })) {
    return Fail(ErrorCode::kInvalid, "a notice needs plain mail addresses (from, to, cc)");
  }
  if (!SafeAddress(mail.message_id, true) || !SafeAddress(mail.in_reply_to, false)) {
    return Fail(ErrorCode::kInvalid, "a Message-ID must look like local@domain");
  }
  EnsureGmime();
  GObjectPtr<GMimeMessage> message(g_mime_message_new(TRUE));
  g_mime_message_add_mailbox(message.get(), GMIME_ADDRESS_TYPE_FROM, nullptr, mail.from.c_str());
  g_mime_message_add_mailbox(message.get(), GMIME_ADDRESS_TYPE_TO, nullptr, mail.to.c_str());
  for (const std::string& address : cc) {
    g_mime_message_add_mailbox(message.get(), GMIME_ADDRESS_TYPE_CC, nullptr, address.c_str());
  }
  std::string subject;
  for (char c : mail.subject) subject.push_back(c == '\r' || c == '\n' ? ' ' : c);
  g_mime_message_set_subject(message.get(), subject.c_str(), "utf-8");
  g_mime_message_set_message_id(message.get(), mail.message_id.c_str());
  GDateTime* date = g_date_time_new_from_unix_utc(ToMicros(mail.date) / 1'000'000);
  g_mime_message_set_date(message.get(), date);
  g_date_time_unref(date);
  if (!mail.in_reply_to.empty()) {
    std::string value = "<" + mail.in_reply_to + ">";
    g_mime_object_set_header(GMIME_OBJECT(message.get()), "In-Reply-To", value.c_str(), nullptr);
  }

  GObjectPtr<GMimeTextPart> text(g_mime_text_part_new_with_subtype("plain"));
  g_mime_text_part_set_text(text.get(), mail.body.c_str());  // sets charset=utf-8 when needed
  g_mime_part_set_content_encoding(GMIME_PART(text.get()),
                                   g_mime_part_get_best_content_encoding(
                                       GMIME_PART(text.get()), GMIME_ENCODING_CONSTRAINT_7BIT));
  GObjectPtr<GMimeMultipart> multipart(
      g_mime_multipart_new_with_subtype(mail.feedback_report ? "report" : "mixed"));
  g_mime_multipart_add(multipart.get(), GMIME_OBJECT(text.get()));
  if (mail.feedback_report) {
    AddFeedbackReport(multipart.get(), *mail.feedback_report);
  } else {
    for (const MailAttachment& attachment : mail.attachments) {
      GObjectPtr<GMimePart> part(PartWithBytes(attachment.content_type, attachment.bytes));
      g_mime_part_set_filename(part.get(), attachment.filename.c_str());
      g_mime_multipart_add(multipart.get(), GMIME_OBJECT(part.get()));
    }
  }
  g_mime_message_set_mime_part(message.get(), GMIME_OBJECT(multipart.get()));

  GMimeFormatOptions* options = g_mime_format_options_new();
  g_mime_format_options_set_newline_format(options, GMIME_NEWLINE_FORMAT_DOS);
  char* bytes = g_mime_object_to_string(GMIME_OBJECT(message.get()), options);
  g_mime_format_options_free(options);
  if (bytes == nullptr) return Fail(ErrorCode::kInternal, "GMime could not write the notice");
  std::string out(bytes);
  g_free(bytes);
  return out;
}

}  // namespace hikeshi::coord
