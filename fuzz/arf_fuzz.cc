// libFuzzer target: arbitrary bytes as an abuse-report mail through ParseMail and ParseArf, and
// the same bytes as a bare message/feedback-report body through ParseFeedbackFields; the result
// is classified and rendered to JSON.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "intake/arf.h"
#include "intake/intake_json.h"
#include "intake/mail.h"
#include "intake/report_classification.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view raw(reinterpret_cast<const char*>(data), size);
  hikeshi::intake::ArfReport fields;
  hikeshi::intake::ParseFeedbackFields(raw, fields);
  if (fields.fields.size() > 1000) __builtin_trap();
  (void)hikeshi::intake::ClassifyArf(fields.feedback_type);

  hikeshi::intake::MailLimits limits;
  limits.max_parts = 64;
  limits.max_depth = 6;
  auto mail = hikeshi::intake::ParseMail(raw, limits);
  if (!mail) return 0;
  hikeshi::intake::ArfReport report = hikeshi::intake::ParseArf(*mail);
  (void)hikeshi::intake::DumpJson(hikeshi::intake::ToJson(report));
  return 0;
}
