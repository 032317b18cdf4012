// Converting between report rows and core::Report (schema version 3, doc/schema.md). Lists
// (anomalies, missing evidence) are stored one item per line; enums as their core names, and an
// unknown name read back is kCorrupt rather than guessed.
#pragma once

#include <string>

#include "core/error.h"
#include "core/report.h"
#include "store/sqlite_db.h"

namespace hikeshi::sqlite {

// Report columns other than id and raw, in the order BindReport binds them (?1 …).
int ReportFieldCount();
std::string_view ReportField(int index);
// "id, channel, …, repeats": the SELECT list ReadReport expects (no raw bytes).
const std::string& ReportColumns();

// Binds ?1 … ?ReportFieldCount() in ReportField order.
void BindReport(Statement& statement, const Report& report);
// Reads the columns of ReportColumns(); observables and raw bytes are loaded separately.
Result<Report> ReadReport(const Statement& row);

}  // namespace hikeshi::sqlite
