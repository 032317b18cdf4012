// Converting between PostgreSQL rows (libpqxx) and core types. The SELECT lists are the SQLite
// store's (sqlite_rows.h, sqlite_report_rows.h): both schemas have the same columns in the same
// order. Unknown enum names read back are kCorrupt, never guessed.
#pragma once

#include <cstdint>
#include <pqxx/pqxx>
#include <string>

#include "core/error.h"
#include "core/incident.h"
#include "core/report.h"
#include "core/user.h"
#include "core/worklog.h"
#include "store/postgres_params.h"
#include "store/store.h"

namespace hikeshi::postgres {

struct IncidentRow {
  Incident incident;
  int64_t log_count = 0;
  std::string log_head;
};

// Rows of SELECT sqlite::IncidentColumns() (id first, then the 18 fields).
Result<IncidentRow> ReadIncident(const pqxx::row& row);
// The 18 fields in sqlite_rows.cc's order; the caller adds the id where its SQL wants it.
void AddIncidentFields(Params& params, const IncidentRow& row);
// "INSERT INTO incidents (…18 fields…, id) VALUES ($1 … $19)" and
// "UPDATE incidents SET … = $1 … WHERE id = $19".
const std::string& InsertIncidentSql();
const std::string& UpdateIncidentSql();

// Rows of SELECT sqlite::kWorkLogColumns.
WorkLogEntry ReadWorkLogEntry(const pqxx::row& row);
void AddWorkLogEntry(Params& params, const WorkLogEntry& entry);  // $1 … $8

Result<User> ReadUser(const pqxx::row& row);  // sqlite::kUserColumns
Session ReadSession(const pqxx::row& row);    // sqlite::kSessionColumns

// Rows of SELECT sqlite::ReportColumns() (no raw bytes).
Result<Report> ReadReport(const pqxx::row& row);
// Every report field but id and raw, in sqlite::ReportField order.
void AddReportFields(Params& params, const Report& report);

}  // namespace hikeshi::postgres
