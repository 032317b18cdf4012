#include "cli/ownership_table.h"

#include "cli/command.h"
#include "core/ascii.h"

namespace hikeshi::cli {

ConfiguredOwnership::ConfiguredOwnership(std::vector<std::string> keys, std::vector<Ownership> rows,
                                         const OwnershipLookup* fallback)
    : keys_(std::move(keys)), rows_(std::move(rows)), fallback_(fallback) {
  rows_.resize(keys_.size());
}

std::optional<Ownership> ConfiguredOwnership::Lookup(std::string_view query) const {
  for (size_t i = 0; i < keys_.size(); ++i) {
    if (EqualsIgnoringAsciiCase(keys_[i], query)) return rows_[i];
  }
  return fallback_ != nullptr ? fallback_->Lookup(query) : std::nullopt;
}

Result<std::unique_ptr<OwnershipSources>> OwnershipSources::Open(const Config& config) {
  auto index = coord::WatchedIndex::Open(OwnershipIndexPath(config, ""));
  if (!index) return std::unexpected(index.error());
  return std::unique_ptr<OwnershipSources>(new OwnershipSources(config, std::move(*index)));
}

OwnershipSources::OwnershipSources(const Config& config, std::unique_ptr<coord::WatchedIndex> index)
    : index_(std::move(index)),
      configured_(config.ownership_keys, config.ownership_table, index_.get()) {}

}  // namespace hikeshi::cli
