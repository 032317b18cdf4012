// Converting between SQLite rows and core types. Each …Columns list is the SELECT list the
// matching Read… function expects, column 0 first; enums are stored as their core ToString()
// names and an unknown name read back is reported as kCorrupt rather than guessed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/incident.h"
#include "core/user.h"
#include "core/worklog.h"
#include "store/sqlite_db.h"
#include "store/store.h"

namespace hikeshi::sqlite {

// An incident row: the domain record plus its work-log chain's length and head.
struct IncidentRow {
  Incident incident;
  int64_t log_count = 0;
  std::string log_head;
};

// "incidents.id, incidents.title, …, incidents.log_head": the SELECT list ReadIncident expects,
// qualified so it also works when joined with the full-text index.
std::string_view IncidentColumns();
Result<IncidentRow> ReadIncident(const Statement& statement);

// INSERT of every column, binding ?1 … ?18 as BindIncident does and the id as ?19.
std::string_view InsertIncidentSql();
// UPDATE of every column but id, binding ?1 … ?18 as BindIncident does and the id as ?19.
inline constexpr int kIncidentFieldCount = 18;
std::string_view UpdateIncidentSql();
void BindIncident(Statement& statement, const IncidentRow& row);

inline constexpr std::string_view kWorkLogColumns =
    "incident_id, seq, at, responder, action, text, prev_hash, hash";
WorkLogEntry ReadWorkLogEntry(const Statement& statement);
// Binds ?1 … ?8 in the order of kWorkLogColumns.
void BindWorkLogEntry(Statement& statement, const WorkLogEntry& entry);

inline constexpr std::string_view kUserColumns =
    "id, name, role, password_hash, disabled, created_at";
Result<User> ReadUser(const Statement& statement, int first_column = 0);

inline constexpr std::string_view kSessionColumns =
    "id_hash, user_id, csrf_token, created_at, expires_at";
Session ReadSession(const Statement& statement);

}  // namespace hikeshi::sqlite
