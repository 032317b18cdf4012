// Incident categories: JPCERT/CC's quarterly-report vocabulary, each mapped to the Reference
// Security Incident Taxonomy (RSIT, ENISA task force, "rsit" MISP namespace) used by European
// CSIRTs, IntelMQ and MISP. Plus the explicit triage outcome "not an incident" and its reasons.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace hikeshi {

enum class Category {
  kScan,            // スキャン
  kIntrusion,       // 不正侵入 (incl. successful brute force)
  kDos,             // DoS/DDoS
  kPhishing,        // フィッシングサイト
  kDefacement,      // Webサイト改ざん
  kMalwareSite,     // マルウエアサイト
  kTargetedAttack,  // 標的型攻撃
  kControlSystem,   // 制御システム関連
  kOther,           // その他
};

struct CategoryInfo {
  Category category;
  std::string_view name;      // stable API name, e.g. "malware-site"
  std::string_view label_en;  // as in JPCERT/CC's English quarterly reports
  std::string_view label_ja;  // as in JPCERT/CC's Japanese quarterly reports
  std::string_view rsit;      // "predicate:value" in RSIT, e.g. "fraud:phishing"
};

// All categories in report order; the single table the names, labels and RSIT mapping come from.
std::span<const CategoryInfo> Categories();
const CategoryInfo& Describe(Category category);
std::string_view ToString(Category category);
std::optional<Category> ParseCategory(std::string_view name);

// Why triage decided a report is not an incident for the CSIRT.
enum class NotIncidentReason {
  kSpam,              // plain unsolicited mail, no malicious payload
  kOneClickFraud,     // ワンクリック詐欺: billing fraud without compromise
  kLegitimateAccess,  // the suspicious activity was authorised
  kDuplicate,         // already handled under another record
  kOther,             // explained in the note
};

std::string_view ToString(NotIncidentReason reason);
std::optional<NotIncidentReason> ParseNotIncidentReason(std::string_view name);

}  // namespace hikeshi
