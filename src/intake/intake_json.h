// Stable JSON renderings of intake results, for golden tests, debugging and the API. Key order
// is fixed; attachment and evidence bytes appear as size and SHA-256 only.
#pragma once

#include <nlohmann/json.hpp>

#include "intake/arf.h"
#include "intake/mail.h"
#include "intake/received.h"
#include "intake/report_classification.h"
#include "intake/xarf.h"

namespace hikeshi::intake {

nlohmann::ordered_json ToJson(const ParsedMail& mail);
nlohmann::ordered_json ToJson(const ReceivedHop& hop);
nlohmann::ordered_json ToJson(const ArfReport& report);  // the original as ParsedMail JSON
nlohmann::ordered_json ToJson(const XarfReport& report);
nlohmann::ordered_json ToJson(const Classification& classification);

// Serialises with two-space indentation; bytes that are not UTF-8 become U+FFFD.
std::string DumpJson(const nlohmann::ordered_json& json);

}  // namespace hikeshi::intake
