#include "store/incident_sort.h"

#include <fmt/format.h>

#include <array>
#include <utility>

#include "core/severity.h"
#include "core/tlp.h"

namespace hikeshi {
namespace {

constexpr std::array<std::pair<IncidentSort, std::string_view>, 9> kSortNames{{
    {IncidentSort::kId, "id"},
    {IncidentSort::kTitle, "title"},
    {IncidentSort::kState, "state"},
    {IncidentSort::kCategory, "category"},
    {IncidentSort::kSeverity, "severity"},
    {IncidentSort::kTlp, "tlp"},
    {IncidentSort::kLead, "lead"},
    {IncidentSort::kReportedAt, "reported_at"},
    {IncidentSort::kUpdatedAt, "updated_at"},
}};

constexpr std::array kSeverities{Severity::kLow, Severity::kMedium, Severity::kHigh,
                                 Severity::kCritical};
constexpr std::array kTlps{Tlp::kClear, Tlp::kGreen, Tlp::kAmber, Tlp::kAmberStrict, Tlp::kRed};

template <typename T, size_t N>
int64_t RankOf(const std::array<T, N>& scale, T value) {
  for (size_t i = 0; i < N; ++i) {
    if (scale[i] == value) return static_cast<int64_t>(i);
  }
  return static_cast<int64_t>(N);
}

// CASE column WHEN 'first' THEN 0 … ELSE n END: the same ranks as RankOf.
template <typename T, size_t N>
std::string RankExpression(std::string_view column, const std::array<T, N>& scale) {
  std::string sql = fmt::format("(CASE {}", column);
  for (size_t i = 0; i < N; ++i) sql += fmt::format(" WHEN '{}' THEN {}", ToString(scale[i]), i);
  sql += fmt::format(" ELSE {} END)", N);
  return sql;
}

}  // namespace

std::string_view ToString(IncidentSort sort) {
  for (const auto& [value, name] : kSortNames) {
    if (value == sort) return name;
  }
  return "id";
}

std::optional<IncidentSort> ParseIncidentSort(std::string_view name) {
  for (const auto& [value, known] : kSortNames) {
    if (known == name) return value;
  }
  return std::nullopt;
}

bool IsTextSort(IncidentSort sort) {
  return sort == IncidentSort::kTitle || sort == IncidentSort::kState ||
         sort == IncidentSort::kCategory || sort == IncidentSort::kLead;
}

IncidentSortPosition SortPositionOf(const Incident& incident, IncidentSort sort) {
  IncidentSortPosition position{.value = incident.id, .id = incident.id};
  switch (sort) {
    case IncidentSort::kId:
      break;
    case IncidentSort::kTitle:
      position.value = incident.title;
      break;
    case IncidentSort::kState:
      position.value = std::string(ToString(incident.state));
      break;
    case IncidentSort::kCategory:
      position.value = std::string(ToString(incident.category));
      break;
    case IncidentSort::kSeverity:
      position.value = RankOf(kSeverities, incident.severity);
      break;
    case IncidentSort::kTlp:
      position.value = RankOf(kTlps, incident.tlp);
      break;
    case IncidentSort::kLead:
      position.value = incident.lead;
      break;
    case IncidentSort::kReportedAt:
      position.value = ToMicros(incident.reported_at);
      break;
    case IncidentSort::kUpdatedAt:
      position.value = ToMicros(incident.updated_at);
      break;
  }
  return position;
}

namespace store {

std::string SortKeyExpression(IncidentSort sort, SqlDialect dialect) {
  if (sort == IncidentSort::kSeverity) return RankExpression("incidents.severity", kSeverities);
  if (sort == IncidentSort::kTlp) return RankExpression("incidents.tlp", kTlps);
  std::string column = fmt::format("incidents.{}", ToString(sort));
  if (IsTextSort(sort) && dialect == SqlDialect::kPostgres) column += " COLLATE \"C\"";
  return column;
}

std::string AfterCondition(std::string_view key, std::string_view id, bool ascending,
                           std::string_view value, std::string_view after_id) {
  std::string_view beyond = ascending ? ">" : "<";
  return fmt::format("({0} {2} {3} OR ({0} = {3} AND {1} {2} {4}))", key, id, beyond, value,
                     after_id);
}

std::string OrderByClause(IncidentSort sort, std::string_view key, std::string_view id,
                          bool ascending) {
  std::string_view direction = ascending ? "ASC" : "DESC";
  if (sort == IncidentSort::kId) return fmt::format("{} {}", id, direction);
  return fmt::format("{} {}, {} {}", key, direction, id, direction);
}

Status CheckSortPosition(const IncidentQuery& query) {
  if (!query.after) return {};
  bool text = std::holds_alternative<std::string>(query.after->value);
  if (text != IsTextSort(query.sort)) {
    return Fail(ErrorCode::kInvalid,
                fmt::format("cursor does not fit sort {}", ToString(query.sort)));
  }
  return {};
}

}  // namespace store
}  // namespace hikeshi
