// API tokens for automation: random 256-bit secrets, given to the user once, stored as SHA-256.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"
#include "core/time.h"
#include "core/user.h"
#include "store/store.h"

namespace hikeshi::server {

// Creates a token for `user` and returns its secret ("hks_" + 43 base64url chars); only the hash
// is stored, so the secret cannot be shown again.
Result<std::string> IssueApiToken(Store& store, const User& user, std::string_view label,
                                  Timestamp now);

}  // namespace hikeshi::server
