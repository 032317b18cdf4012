#include "store/sqlite_rows.h"

#include <fmt/format.h>

#include <iterator>

#include "core/category.h"
#include "core/lifecycle.h"
#include "core/severity.h"
#include "core/tlp.h"

namespace hikeshi::sqlite {
namespace {

std::optional<Timestamp> OptionalTime(const Statement& statement, int column) {
  auto micros = statement.OptionalInt(column);
  if (!micros) return std::nullopt;
  return FromMicros(*micros);
}

std::optional<int64_t> OptionalMicros(const std::optional<Timestamp>& time) {
  if (!time) return std::nullopt;
  return ToMicros(*time);
}

// Parses a stored enum name; a name this binary does not know means the row was written by
// something else (or damaged), which must not be silently mapped to a default.
template <typename Parse>
auto ParseStored(Parse parse, const std::string& name, std::string_view column, int64_t id)
    -> Result<typename decltype(parse(name))::value_type> {
  auto value = parse(name);
  if (!value) {
    return Fail(ErrorCode::kCorrupt,
                fmt::format("row {} has an unknown {} \"{}\"", id, column, name));
  }
  return *value;
}

// Every incident column but id, in the order of BindIncident's parameters and ReadIncident's
// columns 1 … 18.
constexpr std::string_view kIncidentFields[] = {
    "title",        "description",  "category",   "severity",
    "tlp",          "state",        "lead",       "not_incident_reason",
    "reported_at",  "created_at",   "updated_at", "acknowledged_at",
    "contained_at", "recovered_at", "closed_at",  "version",
    "log_count",    "log_head"};

static_assert(std::size(kIncidentFields) == kIncidentFieldCount);

std::string JoinFields(std::string_view format_each) {
  std::string joined;
  int number = 0;
  for (std::string_view field : kIncidentFields) {
    if (!joined.empty()) joined += ", ";
    joined += fmt::format(fmt::runtime(format_each), field, ++number);
  }
  return joined;
}

}  // namespace

std::string_view IncidentColumns() {
  static const std::string columns = "incidents.id, " + JoinFields("incidents.{0}");
  return columns;
}

std::string_view InsertIncidentSql() {
  static const std::string sql =
      fmt::format("INSERT INTO incidents ({}, id) VALUES ({}, ?{})", JoinFields("{0}"),
                  JoinFields("?{1}"), kIncidentFieldCount + 1);
  return sql;
}

std::string_view UpdateIncidentSql() {
  static const std::string sql = fmt::format("UPDATE incidents SET {} WHERE id = ?{}",
                                             JoinFields("{0} = ?{1}"), kIncidentFieldCount + 1);
  return sql;
}

Result<IncidentRow> ReadIncident(const Statement& statement) {
  IncidentRow row;
  Incident& incident = row.incident;
  incident.id = statement.Int(0);
  incident.title = statement.Text(1);
  incident.description = statement.Text(2);
  auto category = ParseStored(ParseCategory, statement.Text(3), "incident category", incident.id);
  auto severity = ParseStored(ParseSeverity, statement.Text(4), "incident severity", incident.id);
  auto tlp = ParseStored(ParseTlp, statement.Text(5), "incident tlp", incident.id);
  auto state = ParseStored(ParseState, statement.Text(6), "incident state", incident.id);
  if (!category) return std::unexpected(category.error());
  if (!severity) return std::unexpected(severity.error());
  if (!tlp) return std::unexpected(tlp.error());
  if (!state) return std::unexpected(state.error());
  incident.category = *category;
  incident.severity = *severity;
  incident.tlp = *tlp;
  incident.state = *state;
  incident.lead = statement.Text(7);
  if (!statement.IsNull(8)) {
    auto reason = ParseStored(ParseNotIncidentReason, statement.Text(8),
                              "incident not_incident_reason", incident.id);
    if (!reason) return std::unexpected(reason.error());
    incident.not_incident_reason = *reason;
  }
  incident.reported_at = FromMicros(statement.Int(9));
  incident.created_at = FromMicros(statement.Int(10));
  incident.updated_at = FromMicros(statement.Int(11));
  incident.acknowledged_at = OptionalTime(statement, 12);
  incident.contained_at = OptionalTime(statement, 13);
  incident.recovered_at = OptionalTime(statement, 14);
  incident.closed_at = OptionalTime(statement, 15);
  incident.version = statement.Int(16);
  row.log_count = statement.Int(17);
  row.log_head = statement.Text(18);
  return row;
}

void BindIncident(Statement& statement, const IncidentRow& row) {
  const Incident& incident = row.incident;
  std::optional<std::string_view> reason;
  if (incident.not_incident_reason) reason = ToString(*incident.not_incident_reason);
  statement.Bind(1, incident.title)
      .Bind(2, incident.description)
      .Bind(3, ToString(incident.category))
      .Bind(4, ToString(incident.severity))
      .Bind(5, ToString(incident.tlp))
      .Bind(6, ToString(incident.state))
      .Bind(7, incident.lead)
      .Bind(8, reason)
      .Bind(9, ToMicros(incident.reported_at))
      .Bind(10, ToMicros(incident.created_at))
      .Bind(11, ToMicros(incident.updated_at))
      .Bind(12, OptionalMicros(incident.acknowledged_at))
      .Bind(13, OptionalMicros(incident.contained_at))
      .Bind(14, OptionalMicros(incident.recovered_at))
      .Bind(15, OptionalMicros(incident.closed_at))
      .Bind(16, incident.version)
      .Bind(17, row.log_count)
      .Bind(18, row.log_head);
}

WorkLogEntry ReadWorkLogEntry(const Statement& statement) {
  WorkLogEntry entry;
  entry.incident_id = statement.Int(0);
  entry.seq = statement.Int(1);
  entry.at = FromMicros(statement.Int(2));
  entry.responder = statement.Text(3);
  entry.action = statement.Text(4);
  entry.text = statement.Text(5);
  entry.prev_hash = statement.Text(6);
  entry.hash = statement.Text(7);
  return entry;
}

void BindWorkLogEntry(Statement& statement, const WorkLogEntry& entry) {
  statement.Bind(1, entry.incident_id)
      .Bind(2, entry.seq)
      .Bind(3, ToMicros(entry.at))
      .Bind(4, entry.responder)
      .Bind(5, entry.action)
      .Bind(6, entry.text)
      .Bind(7, entry.prev_hash)
      .Bind(8, entry.hash);
}

Result<User> ReadUser(const Statement& statement, int first_column) {
  User user;
  user.id = statement.Int(first_column);
  user.name = statement.Text(first_column + 1);
  auto role = ParseStored(ParseRole, statement.Text(first_column + 2), "user role", user.id);
  if (!role) return std::unexpected(role.error());
  user.role = *role;
  user.password_hash = statement.Text(first_column + 3);
  user.disabled = statement.Int(first_column + 4) != 0;
  user.created_at = FromMicros(statement.Int(first_column + 5));
  return user;
}

Session ReadSession(const Statement& statement) {
  Session session;
  session.id_hash = statement.Text(0);
  session.user_id = statement.Int(1);
  session.csrf_token = statement.Text(2);
  session.created_at = FromMicros(statement.Int(3));
  session.expires_at = FromMicros(statement.Int(4));
  return session;
}

}  // namespace hikeshi::sqlite
