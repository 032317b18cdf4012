// ARF, the Abuse Reporting Format (RFC 5965; RFC 6591 auth-failure; RFC 6650): a
// multipart/report; report-type=feedback-report with a human part, a message/feedback-report
// part of header-style fields and the reported message (message/rfc822 or text/rfc822-headers).
// Real feedback loops deviate (old field names, missing report-type, header-only third parts,
// bare CR line ends); deviations are tolerated and named as anomalies.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/time.h"
#include "intake/mail.h"

namespace hikeshi::intake {

struct ArfReport {
  bool found = false;         // a message/feedback-report part was present
  std::string feedback_type;  // lowercase: abuse, fraud, virus, other, not-spam, auth-failure, …
  std::string user_agent;
  std::string version;
  std::string original_envelope_id;
  std::string original_mail_from;
  std::vector<std::string> original_rcpt_to;
  std::string arrival_date_text;  // Arrival-Date, or the pre-RFC Received-Date
  std::optional<Timestamp> arrival_date;
  std::string reporting_mta;
  std::string source_ip;
  std::optional<long> incidents;
  std::vector<std::string> authentication_results;
  std::vector<std::string> reported_domain;
  std::vector<std::string> reported_uri;
  std::vector<std::string> removal_recipient;
  std::string auth_failure;     // RFC 6591: dkim, spf, adsp, dmarc, bodyhash, revoked
  std::string delivery_result;  // RFC 6591
  // Every field of the feedback-report part, in order, name as written, value unfolded.
  std::vector<std::pair<std::string, std::string>> fields;
  std::string human_text;  // the first text/plain part of the report
  // The reported message (message/rfc822 part, or text/rfc822-headers as headers only).
  std::optional<ParsedMail> original;
  std::vector<std::string> anomalies;  // e.g. "no-feedback-report", "missing-report-type"
};

// Finds the feedback report in `mail` (the outer message, or the first message nested in it
// that carries one) and reads it. Never fails: a mail without one gives found == false, the
// anomaly "no-feedback-report" and, if the mail carries a message/rfc822, that as `original`
// (Microsoft's JMRP sends only the forwarded message).
ArfReport ParseArf(const ParsedMail& mail);

// Parses the fields of a message/feedback-report body into `report` (pure, bounded: at most
// 1,000 fields are kept).
void ParseFeedbackFields(std::string_view body, ArfReport& report);

}  // namespace hikeshi::intake
