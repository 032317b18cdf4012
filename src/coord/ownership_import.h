// `hikeshi db import`: reads source files (plain or gzip, streamed in 1 MiB pieces, so memory
// follows the prefixes kept, not the file size) and merges them into the index file: the
// imported source's old entries are replaced, every other source's are kept.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "coord/import_problems.h"
#include "coord/ownership_data.h"
#include "core/error.h"

namespace hikeshi::coord {

enum class ImportKind { kRpsl, kDelegated, kConstituency, kCsirt };
std::optional<ImportKind> ParseImportKind(std::string_view name);  // "rpsl", "delegated", ...

struct ImportOptions {
  std::string source;  // rpsl only: names the records instead of the objects' `source:`
  // Called after each piece read: bytes of the input files consumed so far and in total.
  std::function<void(uint64_t done, uint64_t total)> progress;
};

struct ImportSummary {
  uint64_t bytes = 0;
  uint64_t prefixes = 0;          // CIDR prefixes from these files
  std::set<std::string> sources;  // replaced in the index
  std::string counts;             // "inetnum 3, inet6num 1, role 2, ..." for the operator
  ImportProblems problems;
  uint64_t index_prefixes = 0;  // in the index file after the merge
};

// Reads `paths` as `kind` into fresh data. kNotFound/kUnavailable for unreadable files,
// kInvalid/kTooLarge for a constituency or CSIRT file that cannot be read at all; problems
// inside the files are counted in the summary and do not stop the import.
Result<OwnershipData> ReadSources(ImportKind kind, const std::vector<std::string>& paths,
                                  const ImportOptions& options, ImportSummary& summary);

// ReadSources, then merges with the existing index at `index_path` (if any; a corrupt one is an
// error, not overwritten) and writes it atomically.
Result<ImportSummary> ImportIntoIndex(ImportKind kind, const std::vector<std::string>& paths,
                                      const std::string& index_path, const ImportOptions& options);

}  // namespace hikeshi::coord
