// What a structured report says happened, in Hikeshi's vocabularies: the JPCERT/CC category,
// the most specific RSIT "predicate:value", and whether it is plain spam (which triage later
// marks "not an incident"). One table for ARF feedback types and X-ARF category/type pairs;
// doc/mail_intake.md prints it.
#pragma once

#include <span>
#include <string_view>

#include "core/category.h"

namespace hikeshi::intake {

struct Classification {
  Category category = Category::kOther;
  std::string_view rsit = "other:undetermined";
  bool plain_spam = false;
  // The table row that matched, e.g. "arf:abuse", "xarf:connection/port_scan",
  // "xarf:*/login_attack" (type only), or "default" when nothing matched.
  std::string_view rule = "default";
};

struct ClassificationRow {
  std::string_view format;        // "arf" or "xarf"
  std::string_view report_class;  // ARF: empty; X-ARF: category, "*" for any
  std::string_view report_type;   // ARF Feedback-Type; X-ARF type (underscores, lowercase)
  Category category;
  std::string_view rsit;
  bool plain_spam;
  std::string_view rule;
};

// The whole table, for documentation and tests.
std::span<const ClassificationRow> ClassificationTable();

// ARF Feedback-Type (case-insensitive). Unknown types give the default row.
Classification ClassifyArf(std::string_view feedback_type);

// X-ARF category and type, v4 ("connection", "port_scan") or legacy ("abuse", "login-attack"):
// case and '-'/'_' are folded; an exact pair wins, then the type under any category, then the
// category alone ("*" type), then the default.
Classification ClassifyXarf(std::string_view category, std::string_view type);

}  // namespace hikeshi::intake
