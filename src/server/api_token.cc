#include "server/api_token.h"

#include "core/sha256.h"
#include "core/utf8.h"
#include "server/random_token.h"

namespace hikeshi::server {

Result<std::string> IssueApiToken(Store& store, const User& user, std::string_view label,
                                  Timestamp now) {
  constexpr size_t kMaxLabelBytes = 200;
  if (label.size() > kMaxLabelBytes || !IsValidUtf8(label)) {
    return Fail(ErrorCode::kInvalid, "token labels are at most 200 bytes of UTF-8");
  }
  std::string secret = "hks_" + RandomToken(32);
  ApiToken token;
  token.user_id = user.id;
  token.label = std::string(label);
  token.token_hash = Sha256Hex(secret);
  token.created_at = now;
  if (auto created = store.CreateApiToken(token); !created) {
    return std::unexpected(created.error());
  }
  return secret;
}

}  // namespace hikeshi::server
