// Report: what arrived from outside (a mail, a form, a feed row), kept byte for byte as evidence.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/category.h"
#include "core/observable.h"
#include "core/time.h"

namespace hikeshi {

struct Report {
  int64_t id = 0;
  std::string channel;   // "mail", "form", "feed", "api"
  std::string raw;       // the bytes exactly as received (may be binary)
  std::string sha256;    // lowercase hex SHA-256 of raw, computed on arrival
  std::string reporter;  // who sent it: a mail address, a form's contact field, a feed name
  Timestamp received_at;
  std::optional<Category> category_guess;
  bool consent_to_share = false;  // may the reporter's identity go to third parties?
  std::vector<Observable> observables;
  std::optional<int64_t> incident_id;  // the incident it was attached to, if any
};

}  // namespace hikeshi
