// libFuzzer target: arbitrary bytes as an X-ARF v4 JSON document, as a legacy X-ARF YAML report
// and (prefixed with a minimal header) as a mail searched for either; results are classified
// and rendered to JSON. Limits are small so the depth and size checks are reached. Also
// differential: the simdjson-backed document parser must give nlohmann's value or refuse with it.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "intake/intake_json.h"
#include "intake/mail.h"
#include "intake/xarf.h"
#include "intake/xarf_json_document.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view raw(reinterpret_cast<const char*>(data), size);
  hikeshi::intake::XarfLimits limits;
  limits.max_depth = 16;
  limits.max_evidence = 8;
  limits.max_yaml_bytes = 16u << 10;
  if (size <= 4096) {  // bounds the nesting, hence the recursion (ParseXarfJson pre-scans it)
    auto fast = hikeshi::intake::ParseJsonDocument(raw);
    auto reference = hikeshi::intake::ParseJsonDocumentWithNlohmann(raw);
    if (fast.has_value() != reference.has_value() || (fast && fast->dump() != reference->dump())) {
      std::abort();
    }
  }
  if (auto report = hikeshi::intake::ParseXarfJson(raw, limits)) {
    (void)hikeshi::intake::DumpJson(hikeshi::intake::ToJson(*report));
  }
  if (auto report = hikeshi::intake::ParseXarfYaml(raw, limits)) {
    (void)hikeshi::intake::DumpJson(hikeshi::intake::ToJson(*report));
  }
  std::string mail_text = "Content-Type: text/plain; charset=utf-8\n\n";
  mail_text.append(raw);
  if (auto mail = hikeshi::intake::ParseMail(mail_text)) {
    if (auto report = hikeshi::intake::FindXarfInMail(*mail, limits)) {
      (void)hikeshi::intake::ToJson(*report);
    }
  }
  return 0;
}
