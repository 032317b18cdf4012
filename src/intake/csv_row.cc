#include "intake/csv_row.h"

#include <fmt/format.h>

namespace hikeshi::intake {

size_t CsvRecordEnd(std::string_view text, size_t offset) {
  bool quoted = false;
  for (size_t i = offset; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') {
      quoted = !quoted;  // a doubled quote toggles twice: still inside
    } else if (c == '\n' && !quoted) {
      return i + 1;
    }
  }
  return text.size();
}

Result<std::vector<std::string>> SplitCsvRecord(std::string_view record, size_t max_fields,
                                                char separator) {
  if (!record.empty() && record.back() == '\r') record.remove_suffix(1);
  std::vector<std::string> fields;
  size_t i = 0;
  while (true) {
    if (fields.size() == max_fields) {
      return Fail(ErrorCode::kTooLarge, fmt::format("more than {} fields", max_fields));
    }
    std::string field;
    if (i < record.size() && record[i] == '"') {
      ++i;
      while (true) {
        if (i >= record.size()) return Fail(ErrorCode::kInvalid, "unterminated quoted field");
        if (record[i] == '"') {
          if (i + 1 < record.size() && record[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field += record[i++];
      }
      if (i < record.size() && record[i] != separator) {
        return Fail(ErrorCode::kInvalid,
                    fmt::format("text after the closing quote of field {}", fields.size() + 1));
      }
    } else {
      size_t end = record.find(separator, i);
      if (end == std::string_view::npos) end = record.size();
      std::string_view plain = record.substr(i, end - i);
      if (plain.find('"') != std::string_view::npos) {
        return Fail(ErrorCode::kInvalid,
                    fmt::format("a quote inside unquoted field {}", fields.size() + 1));
      }
      field.assign(plain);
      i = end;
    }
    fields.push_back(std::move(field));
    if (i >= record.size()) return fields;
    ++i;  // the separator
  }
}

}  // namespace hikeshi::intake
