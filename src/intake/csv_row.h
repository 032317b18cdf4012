// Splitting one CSV record (RFC 4180: quoted fields, doubled quotes, separators and line breaks
// inside quotes) into fields. Pure and bounded: the caller passes one record's bytes.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace hikeshi::intake {

// The end of the record starting at `offset` in `text`: the index just past its line break (or
// text.size()). A line break inside quotes does not end the record.
size_t CsvRecordEnd(std::string_view text, size_t offset);

// Splits `record` (without its line break) into at most `max_fields` fields, unquoting them.
// Malformed quoting (a quote inside an unquoted field, an unterminated quote) is kInvalid.
Result<std::vector<std::string>> SplitCsvRecord(std::string_view record, size_t max_fields,
                                                char separator = ',');

}  // namespace hikeshi::intake
