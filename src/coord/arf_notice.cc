#include "coord/arf_notice.h"

#include <fmt/format.h>
#include <glib.h>

#include <array>
#include <nlohmann/json.hpp>

namespace hikeshi::coord {
namespace {

constexpr size_t kMaxValueBytes = 998 - 32;  // RFC 5322 line limit less the longest field name

// One printable ASCII line: message/feedback-report is 7bit and a value must not add fields.
std::string AsciiLine(std::string_view value, bool percent_encode) {
  std::string out;
  for (char c : value) {
    auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x80 && percent_encode) {
      out += fmt::format("%{:02X}", byte);
    } else if (byte >= 0x20 && byte < 0x7f) {
      out.push_back(c);
    }
    if (out.size() >= kMaxValueBytes) break;
  }
  return out;
}

// RFC 5322 date-time in UTC: "Mon, 07 Dec 2026 23:00:00 +0000".
std::string MailDate(Timestamp when) {
  static constexpr std::array<std::string_view, 7> kDays{"Thu", "Fri", "Sat", "Sun",
                                                         "Mon", "Tue", "Wed"};
  static constexpr std::array<std::string_view, 12> kMonths{
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  auto seconds = std::chrono::floor<std::chrono::seconds>(when);
  auto days = std::chrono::floor<std::chrono::days>(seconds);
  std::chrono::year_month_day date{days};
  std::chrono::hh_mm_ss time{seconds - days};
  int64_t weekday = ((days.time_since_epoch().count() % 7) + 7) % 7;  // 1970-01-01 was a Thursday
  return fmt::format(
      "{}, {:02} {} {} {:02}:{:02}:{:02} +0000", kDays[weekday], static_cast<unsigned>(date.day()),
      kMonths[static_cast<unsigned>(date.month()) - 1], static_cast<int>(date.year()),
      time.hours().count(), time.minutes().count(), time.seconds().count());
}

}  // namespace

std::string FeedbackReportFields(const SpamFeedback& feedback) {
  std::string out = "Feedback-Type: abuse\n";
  out += fmt::format("User-Agent: {}\n", AsciiLine(feedback.user_agent, false));
  out += "Version: 1\n";
  if (std::string from = AsciiLine(feedback.original_mail_from, false); !from.empty()) {
    out += fmt::format("Original-Mail-From: {}\n", from.front() == '<' ? from : "<" + from + ">");
  }
  if (std::string to = AsciiLine(feedback.original_rcpt_to, false); !to.empty()) {
    out += fmt::format("Original-Rcpt-To: {}\n", to.front() == '<' ? to : "<" + to + ">");
  }
  out += fmt::format("Arrival-Date: {}\n", MailDate(feedback.arrival_date));
  if (std::string ip = AsciiLine(feedback.source_ip, false); !ip.empty()) {
    out += fmt::format("Source-IP: {}\n", ip);
  }
  size_t kept = 0;
  for (const std::string& domain : feedback.reported_domains) {
    if (kept++ == kMaxReportedValues) break;
    out += fmt::format("Reported-Domain: {}\n", AsciiLine(domain, false));
  }
  kept = 0;
  for (const std::string& uri : feedback.reported_uris) {
    if (kept++ == kMaxReportedValues) break;
    out += fmt::format("Reported-URI: {}\n", AsciiLine(uri, true));
  }
  return out;
}

std::string ArfAttachmentToJson(const ArfAttachment& attachment) {
  gchar* encoded =
      g_base64_encode(reinterpret_cast<const guchar*>(attachment.original.bytes.data()),
                      attachment.original.bytes.size());
  nlohmann::json json = {{"arf",
                          {{"feedback_report", attachment.feedback_report},
                           {"original", std::string(encoded)},
                           {"headers_only", attachment.original.headers_only},
                           {"report_id", attachment.report_id}}}};
  g_free(encoded);
  return json.dump();
}

std::optional<ArfAttachment> ArfAttachmentFromJson(std::string_view text) {
  nlohmann::json json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object() || !json.contains("arf") || !json["arf"].is_object()) return std::nullopt;
  const nlohmann::json& arf = json["arf"];
  if (!arf.contains("feedback_report") || !arf["feedback_report"].is_string() ||
      !arf.contains("original") || !arf["original"].is_string()) {
    return std::nullopt;
  }
  ArfAttachment attachment;
  attachment.feedback_report = arf["feedback_report"].get<std::string>();
  std::string encoded = arf["original"].get<std::string>();
  gsize length = 0;
  guchar* decoded = g_base64_decode(encoded.c_str(), &length);
  attachment.original.bytes.assign(reinterpret_cast<const char*>(decoded), length);
  g_free(decoded);
  attachment.original.headers_only =
      arf.contains("headers_only") && arf["headers_only"].is_boolean() && arf["headers_only"];
  if (arf.contains("report_id") && arf["report_id"].is_number_integer()) {
    attachment.report_id = arf["report_id"].get<int64_t>();
  }
  return attachment;
}

}  // namespace hikeshi::coord
