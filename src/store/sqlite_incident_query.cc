#include "store/sqlite_incident_query.h"

#include <fmt/format.h>

#include "core/category.h"
#include "core/lifecycle.h"
#include "core/tlp.h"
#include "store/incident_sort.h"
#include "store/sqlite_rows.h"

namespace hikeshi::sqlite {
namespace {

constexpr size_t kMinTrigramCodePoints = 3;
constexpr std::string_view kIdeographicSpace = "\u3000";

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Length of the separator starting at text[i], or 0 when there is none.
size_t SeparatorLength(std::string_view text, size_t i) {
  if (IsAsciiSpace(text[i])) return 1;
  if (text.substr(i).starts_with(kIdeographicSpace)) return kIdeographicSpace.size();
  return 0;
}

class Builder {
 public:
  explicit Builder(std::string select) { query_.sql = std::move(select); }

  // Appends the condition (WHERE for the first, AND after that); its one '?' becomes the number
  // of the parameter `value` is bound to.
  template <typename Value>
  void Where(std::string_view condition, Value value) {
    query_.parameters.emplace_back(std::move(value));
    size_t mark = condition.find('?');
    query_.sql += has_where_ ? " AND " : " WHERE ";
    query_.sql += condition.substr(0, mark + 1);
    query_.sql += std::to_string(query_.parameters.size());
    query_.sql += condition.substr(mark + 1);
    has_where_ = true;
  }

  // Appends "after the cursor" (incident_sort.h) for a sort other than by id.
  void WhereAfter(std::string_view key, std::string_view id, bool ascending,
                  const IncidentSortPosition& after) {
    std::visit([&](const auto& value) { query_.parameters.emplace_back(value); }, after.value);
    query_.parameters.emplace_back(after.id);
    size_t count = query_.parameters.size();
    query_.sql += has_where_ ? " AND " : " WHERE ";
    query_.sql += store::AfterCondition(key, id, ascending, fmt::format("?{}", count - 1),
                                        fmt::format("?{}", count));
    has_where_ = true;
  }

  SqlQuery Finish(std::string_view order_by, int row_limit) && {
    query_.parameters.emplace_back(int64_t{row_limit});
    query_.sql += fmt::format(" ORDER BY {} LIMIT ?{}", order_by, query_.parameters.size());
    return std::move(query_);
  }

 private:
  SqlQuery query_;
  bool has_where_ = false;
};

}  // namespace

std::vector<std::string_view> SplitSearchTerms(std::string_view text) {
  std::vector<std::string_view> terms;
  size_t start = 0;
  size_t i = 0;
  while (i < text.size()) {
    size_t separator = SeparatorLength(text, i);
    if (separator == 0) {
      ++i;
      continue;
    }
    if (i > start) terms.push_back(text.substr(start, i - start));
    i += separator;
    start = i;
  }
  if (start < text.size()) terms.push_back(text.substr(start));
  return terms;
}

std::string QuoteFts5String(std::string_view term) {
  std::string quoted = "\"";
  for (char c : term) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

size_t CountCodePoints(std::string_view text) {
  size_t count = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

SqlQuery BuildIncidentListQuery(const IncidentQuery& query, int row_limit) {
  std::string match;  // FTS5 query: quoted strings separated by spaces are ANDed
  std::vector<std::string_view> short_terms;
  for (std::string_view term : SplitSearchTerms(query.text)) {
    if (CountCodePoints(term) < kMinTrigramCodePoints) {
      short_terms.push_back(term);
      continue;
    }
    if (!match.empty()) match += ' ';
    match += QuoteFts5String(term);
  }

  // With index terms the full-text index drives the query: it yields its matches newest first
  // and the scan stops at the limit, instead of collecting every match before the first row.
  // Another order than by id has to sort the matches anyway; the index still finds them.
  bool use_index = !match.empty();
  bool by_id = query.sort == IncidentSort::kId;
  std::string_view id = use_index && by_id ? "incidents_fts.rowid" : "incidents.id";
  std::string key = store::SortKeyExpression(query.sort, store::SqlDialect::kSqlite);
  Builder builder(
      fmt::format("SELECT {} FROM {}", IncidentColumns(),
                  use_index ? "incidents_fts JOIN incidents ON incidents.id = incidents_fts.rowid"
                            : "incidents"));
  if (use_index) builder.Where("incidents_fts MATCH ?", std::move(match));
  if (query.state) builder.Where("incidents.state = ?", std::string(ToString(*query.state)));
  if (query.category) {
    builder.Where("incidents.category = ?", std::string(ToString(*query.category)));
  }
  if (query.tlp) builder.Where("incidents.tlp = ?", std::string(ToString(*query.tlp)));
  if (query.lead) builder.Where("incidents.lead = ?", *query.lead);
  if (query.before_id) builder.Where(fmt::format("{} < ?", id), *query.before_id);
  if (query.after && by_id) {
    builder.Where(fmt::format("{} {} ?", id, query.ascending ? ">" : "<"), query.after->id);
  } else if (query.after) {
    builder.WhereAfter(key, id, query.ascending, *query.after);
  }
  for (std::string_view term : short_terms) {
    // The space keeps a short term from matching across the end of the title and the start of
    // the description; terms never contain spaces.
    builder.Where("instr(lower(incidents.title || ' ' || incidents.description), lower(?)) > 0",
                  std::string(term));
  }
  return std::move(builder).Finish(store::OrderByClause(query.sort, key, id, query.ascending),
                                   row_limit);
}

}  // namespace hikeshi::sqlite
