#include "intake/mail_difference.h"

#include <string_view>

#include "core/time.h"

namespace hikeshi::intake {
namespace {

std::string Short(std::string_view text) {
  std::string out(text.substr(0, 80));
  if (text.size() > 80) out += "...(" + std::to_string(text.size()) + " bytes)";
  return "[" + out + "]";
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
}

#define HIKESHI_DIFF(path, a, b) \
  if ((a) != (b)) return std::string(path) + ": " + Short(a) + " vs " + Short(b)

std::string Compare(const ParsedMail& a, const ParsedMail& b, const std::string& at) {
  if (a.headers.size() != b.headers.size()) {
    return at + "headers: " + std::to_string(a.headers.size()) + " vs " +
           std::to_string(b.headers.size());
  }
  for (std::size_t i = 0; i < a.headers.size(); ++i) {
    const MailHeader& x = a.headers[i];
    const MailHeader& y = b.headers[i];
    std::string path = at + "headers[" + std::to_string(i) + "].";
    HIKESHI_DIFF(path + "name", x.name, y.name);
    HIKESHI_DIFF(path + "raw_value", x.raw_value, y.raw_value);
    HIKESHI_DIFF(path + "value", x.value, y.value);
    if (x.offset != y.offset) {
      return path + "offset: " + std::to_string(x.offset) + " vs " + std::to_string(y.offset);
    }
  }
  HIKESHI_DIFF(at + "subject", a.subject, b.subject);
  HIKESHI_DIFF(at + "from", a.from, b.from);
  HIKESHI_DIFF(at + "to", a.to, b.to);
  HIKESHI_DIFF(at + "cc", a.cc, b.cc);
  HIKESHI_DIFF(at + "date_text", a.date_text, b.date_text);
  if (a.date != b.date) return at + "date differs";
  HIKESHI_DIFF(at + "message_id", a.message_id, b.message_id);
  HIKESHI_DIFF(at + "in_reply_to", a.in_reply_to, b.in_reply_to);
  HIKESHI_DIFF(at + "references", Join(a.references), Join(b.references));
  HIKESHI_DIFF(at + "anomalies", Join(a.anomalies), Join(b.anomalies));
  if (a.headers_only != b.headers_only) return at + "headers_only differs";
  if (a.texts.size() != b.texts.size()) {
    return at + "texts: " + std::to_string(a.texts.size()) + " vs " +
           std::to_string(b.texts.size());
  }
  for (std::size_t i = 0; i < a.texts.size(); ++i) {
    const TextPart& x = a.texts[i];
    const TextPart& y = b.texts[i];
    std::string path = at + "texts[" + std::to_string(i) + "].";
    HIKESHI_DIFF(path + "content_type", x.content_type, y.content_type);
    HIKESHI_DIFF(path + "filename", x.filename, y.filename);
    HIKESHI_DIFF(path + "charset", x.charset, y.charset);
    if (x.charset_declared != y.charset_declared) return path + "charset_declared differs";
    HIKESHI_DIFF(path + "text", x.text, y.text);
  }
  if (a.attachments.size() != b.attachments.size()) {
    return at + "attachments: " + std::to_string(a.attachments.size()) + " vs " +
           std::to_string(b.attachments.size());
  }
  for (std::size_t i = 0; i < a.attachments.size(); ++i) {
    const Attachment& x = a.attachments[i];
    const Attachment& y = b.attachments[i];
    std::string path = at + "attachments[" + std::to_string(i) + "].";
    HIKESHI_DIFF(path + "content_type", x.content_type, y.content_type);
    HIKESHI_DIFF(path + "filename", x.filename, y.filename);
    HIKESHI_DIFF(path + "data", x.data, y.data);
    HIKESHI_DIFF(path + "sha256", x.sha256, y.sha256);
  }
  if (a.messages.size() != b.messages.size()) {
    return at + "messages: " + std::to_string(a.messages.size()) + " vs " +
           std::to_string(b.messages.size());
  }
  for (std::size_t i = 0; i < a.messages.size(); ++i) {
    std::string nested =
        Compare(a.messages[i], b.messages[i], at + "messages[" + std::to_string(i) + "].");
    if (!nested.empty()) return nested;
  }
  return {};
}

#undef HIKESHI_DIFF

}  // namespace

std::string MailDifference(const ParsedMail& a, const ParsedMail& b) { return Compare(a, b, ""); }

}  // namespace hikeshi::intake
