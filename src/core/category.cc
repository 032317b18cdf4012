#include "core/category.h"

#include <array>

namespace hikeshi {
namespace {

// RSIT choices where JPCERT/CC's category is broader than one RSIT class: the class an analyst
// would pick for the typical case. Tested against ../shared/data/taxonomy/rsit/machinev1.
constexpr std::array<CategoryInfo, 9> kCategories{{
    {Category::kScan, "scan", "Scan", "スキャン", "information-gathering:scanner"},
    {Category::kIntrusion, "intrusion", "Intrusion", "不正侵入", "intrusions:system-compromise"},
    {Category::kDos, "dos", "DoS/DDoS", "DoS/DDoS", "availability:ddos"},
    {Category::kPhishing, "phishing", "Phishing site", "フィッシングサイト", "fraud:phishing"},
    {Category::kDefacement, "defacement", "Website defacement", "Webサイト改ざん",
     "information-content-security:unauthorised-information-modification"},
    {Category::kMalwareSite, "malware-site", "Malware site", "マルウエアサイト",
     "malicious-code:malware-distribution"},
    {Category::kTargetedAttack, "targeted-attack", "Targeted attack", "標的型攻撃",
     "intrusion-attempts:exploit"},
    {Category::kControlSystem, "control-system", "Control system", "制御システム関連",
     "other:other"},
    {Category::kOther, "other", "Other", "その他", "other:other"},
}};

constexpr std::array<std::pair<NotIncidentReason, std::string_view>, 5> kReasons{{
    {NotIncidentReason::kSpam, "spam"},
    {NotIncidentReason::kOneClickFraud, "one-click-fraud"},
    {NotIncidentReason::kLegitimateAccess, "legitimate-access"},
    {NotIncidentReason::kDuplicate, "duplicate"},
    {NotIncidentReason::kOther, "other"},
}};

}  // namespace

std::span<const CategoryInfo> Categories() { return kCategories; }

const CategoryInfo& Describe(Category category) {
  return kCategories[static_cast<size_t>(category)];
}

std::string_view ToString(Category category) { return Describe(category).name; }

std::optional<Category> ParseCategory(std::string_view name) {
  for (const auto& info : kCategories) {
    if (info.name == name) return info.category;
  }
  return std::nullopt;
}

std::string_view ToString(NotIncidentReason reason) {
  for (const auto& [value, name] : kReasons) {
    if (value == reason) return name;
  }
  return "other";
}

std::optional<NotIncidentReason> ParseNotIncidentReason(std::string_view name) {
  for (const auto& [value, text] : kReasons) {
    if (text == name) return value;
  }
  return std::nullopt;
}

}  // namespace hikeshi
