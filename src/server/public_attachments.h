// Files attached to the public report form: {"attachments":[{name, content_type?, data}]} with
// `data` standard base64. They stay inside the report's raw bytes (stored first, hashed, served
// by GET /reports/{id}/raw); this only validates them and lists them in the report's text.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/error.h"

namespace hikeshi::server {

inline constexpr size_t kMaxPublicAttachments = 5;
inline constexpr size_t kMaxPublicAttachmentBytes = 512 * 1024;  // decoded, all files together
inline constexpr size_t kMaxAttachmentNameBytes = 200;

struct PublicAttachment {
  std::string name;
  std::string content_type;  // as the browser said; informational only, never trusted
  size_t bytes = 0;          // decoded size
  std::string sha256;        // of the decoded bytes
};

// `value` is the "attachments" field (null/absent handled by the caller). kInvalid naming the
// problem: not an array, too many files, bad name, bad base64, too large.
Result<std::vector<PublicAttachment>> ParsePublicAttachments(const nlohmann::json& value);

// "\n\nAttachments:\n- name (N bytes, SHA-256 …)" for the report's text; "" for none.
std::string DescribeAttachments(const std::vector<PublicAttachment>& attachments);

}  // namespace hikeshi::server
