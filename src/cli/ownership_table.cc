#include "cli/ownership_table.h"

#include "core/ascii.h"

namespace hikeshi::cli {

ConfiguredOwnership::ConfiguredOwnership(std::vector<std::string> keys, std::vector<Ownership> rows)
    : keys_(std::move(keys)), rows_(std::move(rows)) {
  rows_.resize(keys_.size());
}

std::optional<Ownership> ConfiguredOwnership::Lookup(std::string_view query) const {
  for (size_t i = 0; i < keys_.size(); ++i) {
    if (EqualsIgnoringAsciiCase(keys_[i], query)) return rows_[i];
  }
  return std::nullopt;
}

}  // namespace hikeshi::cli
