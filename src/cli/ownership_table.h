// The [[ownership]] rows of the configuration as an OwnershipLookup: exact addresses or domain
// names to owners. A stand-in for tests and small set-ups until the imported ownership index
// (issue 4 item 1) is plugged into `serve`.
#pragma once

#include <string>
#include <vector>

#include "core/ownership.h"

namespace hikeshi::cli {

class ConfiguredOwnership final : public OwnershipLookup {
 public:
  // keys[i] is the address or domain of rows[i].
  ConfiguredOwnership(std::vector<std::string> keys, std::vector<Ownership> rows);
  std::optional<Ownership> Lookup(std::string_view query) const override;
  bool empty() const { return keys_.empty(); }

 private:
  std::vector<std::string> keys_;
  std::vector<Ownership> rows_;
};

}  // namespace hikeshi::cli
