// The incident list's sort orders as SQL, shared by the SQLite and PostgreSQL stores so both
// order rows identically (store.h, IncidentSort). Pure string building; no database.
//
// Text keys compare by bytes: SQLite's default BINARY collation does, PostgreSQL's database
// collation would not, so its expressions carry COLLATE "C". Severity and TLP are ranked on
// their scale with a CASE over the stored names.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"
#include "store/store.h"

namespace hikeshi::store {

enum class SqlDialect { kSqlite, kPostgres };

// The sort key of a row of `incidents` as an SQL expression.
std::string SortKeyExpression(IncidentSort sort, SqlDialect dialect);

// The condition "row comes after the cursor" in the query's order: `key` compared with the
// placeholder `value`, ties broken by `id` against the placeholder `after_id`. Placeholders
// are inserted as given ("?3", "$3"); each may appear twice.
std::string AfterCondition(std::string_view key, std::string_view id, bool ascending,
                           std::string_view value, std::string_view after_id);

// "key ASC, id ASC" or "key DESC, id DESC" (just the id for IncidentSort::kId).
std::string OrderByClause(IncidentSort sort, std::string_view key, std::string_view id,
                          bool ascending);

// kInvalid when query.after carries a value of the wrong kind for query.sort.
Status CheckSortPosition(const IncidentQuery& query);

}  // namespace hikeshi::store
