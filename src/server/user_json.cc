#include "server/user_json.h"

namespace hikeshi::server {

ResponseJson UserToJson(const User& user) {
  return {{"name", user.name},
          {"role", ToString(user.role)},
          {"disabled", user.disabled},
          {"created_at", FormatRfc3339(user.created_at)}};
}

}  // namespace hikeshi::server
