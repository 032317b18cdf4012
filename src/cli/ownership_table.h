// Who owns an address, as coordination and GET /lookup ask it: the [[ownership]] rows of the
// configuration first (exact addresses or domain names, an operator's overrides), then the
// imported ownership index (doc/ownership.md), which reloads itself when `db import` replaces it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "cli/config.h"
#include "coord/watched_index.h"
#include "core/error.h"
#include "core/ownership.h"

namespace hikeshi::cli {

class ConfiguredOwnership final : public OwnershipLookup {
 public:
  // keys[i] is the address or domain of rows[i]; `fallback` (may be null) answers the rest.
  ConfiguredOwnership(std::vector<std::string> keys, std::vector<Ownership> rows,
                      const OwnershipLookup* fallback = nullptr);
  std::optional<Ownership> Lookup(std::string_view query) const override;

 private:
  std::vector<std::string> keys_;
  std::vector<Ownership> rows_;
  const OwnershipLookup* fallback_;
};

// The configuration's rows over the index at OwnershipIndexPath(config). A missing index file
// is fine (it may be imported while `serve` runs); a corrupt one is kCorrupt.
class OwnershipSources {
 public:
  static Result<std::unique_ptr<OwnershipSources>> Open(const Config& config);
  const OwnershipLookup& lookup() const { return configured_; }
  const coord::WatchedIndex& index() const { return *index_; }

 private:
  OwnershipSources(const Config& config, std::unique_ptr<coord::WatchedIndex> index);
  std::unique_ptr<coord::WatchedIndex> index_;
  ConfiguredOwnership configured_;
};

}  // namespace hikeshi::cli
