// KeywordSet: many literal keywords found in one pass over a text (Vectorscan), for the triage
// rules that read free text. Literals only (no regex), ASCII case-insensitive; Japanese and
// other UTF-8 keywords match byte for byte.
#pragma once

#include <hs/hs.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace hikeshi::intake {

class KeywordSet {
 public:
  // Compiles `keywords` (non-empty, each non-empty); keyword i is reported as id i.
  static Result<KeywordSet> Compile(const std::vector<std::string>& keywords);

  // The ids of the keywords that occur in `text`, each once, ascending. Thread-safe: each
  // thread scans with its own scratch space.
  std::vector<unsigned> Find(std::string_view text) const;

 private:
  struct DatabaseDeleter {
    void operator()(hs_database_t* database) const { hs_free_database(database); }
  };
  explicit KeywordSet(hs_database_t* database, size_t count)
      : database_(database, DatabaseDeleter{}), count_(count) {}

  std::shared_ptr<hs_database_t> database_;  // shared: copies of a set scan the same database
  size_t count_ = 0;
};

}  // namespace hikeshi::intake
