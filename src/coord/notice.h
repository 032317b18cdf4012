// Notices: the text of a notification to a network owner ("abuse") or a probed target
// ("warning"), rendered from the mustache templates in templates/notify/ (compiled in), with an
// X-ARF v4 JSON document per listed address. Pure: no I/O. doc/coordination.md.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/category.h"
#include "core/error.h"
#include "core/time.h"
#include "core/tlp.h"

namespace hikeshi::coord {

// One report behind a listed address. The reporter is shown only with consent.
struct NoticeEvidence {
  int64_t report_id = 0;
  std::string reporter;  // mail address or name; removed unless consent_to_share
  bool consent_to_share = false;
  Timestamp received_at;
  std::string summary;  // one line: the report's subject
};

// One address the recipient is told about, with its evidence.
struct NoticeItem {
  int64_t incident_id = 0;
  std::string address;               // the source (abuse) or the probed target (warning)
  std::string source;                // warning: the compromised source that probed `address`
  std::vector<std::string> targets;  // abuse: the targets the source probed
  std::vector<NoticeEvidence> evidence;
};

struct NoticeRequest {
  std::string kind = "abuse";  // "abuse" or "warning"
  Category category = Category::kOther;
  Tlp tlp = Tlp::kAmber;  // the most restrictive TLP of the incidents listed
  int64_t ticket = 0;     // the notification id: the subject tag "[hikeshi #ticket]"
  std::string language = "en";
  std::string team = "Hikeshi CSIRT";  // who signs
  std::string team_mail;               // our address, for X-ARF ReporterInfo
  std::string recommended_action;      // from the category's policy; "" = none
  std::vector<NoticeItem> items;
  Timestamp now;
  // The notice is about spam mail (category other, a spam report among the evidence): the
  // "spam" template and label, and no X-ARF (the caller attaches an ARF report, arf_notice.h).
  bool spam = false;
};

struct NoticeText {
  std::string subject;  // one line, "[hikeshi #N] …"
  std::string body;     // text/plain UTF-8
  std::string xarf;     // JSON array of X-ARF v4 documents, one per item; "" for spam
};

// "ja" when the preference says so or (no preference) the country is JP; "en" otherwise.
std::string ChooseLanguage(std::string_view preference, std::string_view country);

// The subject tag for a ticket: "[hikeshi #42]".
std::string TicketTag(int64_t ticket);

// Renders the notice. kForbidden for TLP:RED (it never leaves the team); kInvalid without
// items. Reporters without consent are replaced by "(withheld)" in the body and left out of
// the X-ARF documents.
Result<NoticeText> RenderNotice(const NoticeRequest& request);

// The compiled-in template for (name, language): "scan.en", "warning.ja", …; falls back to
// "other.<language>" and then to English. Exposed for tests and doc/coordination.md.
std::string_view NoticeTemplate(std::string_view name, std::string_view language);

}  // namespace hikeshi::coord
