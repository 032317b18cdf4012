// Turns an IncidentQuery into SQL for the SQLite store. Pure (no database), so the search rules
// are tested on strings.
//
// Full-text search: the text is split on whitespace (ASCII and the ideographic space U+3000) and
// every term must occur as a substring of title or description, case-insensitively for ASCII.
// Terms of three or more code points use the FTS5 trigram index; shorter ones cannot (a trigram
// index has nothing to look up for them), so they are matched with instr() on the row instead.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "store/store.h"

namespace hikeshi::sqlite {

struct SqlQuery {
  std::string sql;
  std::vector<std::variant<int64_t, std::string>> parameters;  // ?1, ?2, … in order
};

// SELECT of IncidentColumns() (sqlite_rows.h) matching `query`, in its order (default newest
// first), at most `row_limit`. query.after must fit query.sort (store::CheckSortPosition).
SqlQuery BuildIncidentListQuery(const IncidentQuery& query, int row_limit);

std::vector<std::string_view> SplitSearchTerms(std::string_view text);
// `term` as an FTS5 string literal: in double quotes, inner double quotes doubled, so operators
// and punctuation in user input are searched for literally instead of being interpreted.
std::string QuoteFts5String(std::string_view term);
// Code points in well-formed UTF-8 (continuation bytes are not counted).
size_t CountCodePoints(std::string_view text);

}  // namespace hikeshi::sqlite
