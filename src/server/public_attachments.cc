#include "server/public_attachments.h"

#include <fmt/format.h>
#include <sodium.h>

#include "core/sha256.h"
#include "core/utf8.h"

namespace hikeshi::server {
namespace {

Result<std::string> DecodeBase64(const std::string& text, size_t budget) {
  // Decoded size is at most 3/4 of the text; refuse before allocating more than the budget.
  if (text.size() / 4 * 3 > budget + 3) return Fail(ErrorCode::kInvalid, "too large");
  std::string bytes(text.size() / 4 * 3 + 3, '\0');
  size_t length = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(), text.data(),
                        text.size(), "\r\n", &length, &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
      end != text.data() + text.size()) {
    return Fail(ErrorCode::kInvalid, "not valid base64");
  }
  bytes.resize(length);
  return bytes;
}

}  // namespace

Result<std::vector<PublicAttachment>> ParsePublicAttachments(const nlohmann::json& value) {
  if (!value.is_array()) return Fail(ErrorCode::kInvalid, "field \"attachments\" must be an array");
  if (value.size() > kMaxPublicAttachments) {
    return Fail(ErrorCode::kInvalid,
                fmt::format("at most {} attachments per report", kMaxPublicAttachments));
  }
  std::vector<PublicAttachment> attachments;
  size_t total = 0;
  for (size_t i = 0; i < value.size(); ++i) {
    const nlohmann::json& item = value[i];
    auto fail = [&](std::string_view what) {
      return Fail(ErrorCode::kInvalid, fmt::format("attachments[{}]: {}", i, what));
    };
    if (!item.is_object()) return fail("must be an object {name, content_type?, data}");
    for (const auto& [key, field] : item.items()) {
      if (key != "name" && key != "content_type" && key != "data") return fail("unknown field");
      if (!field.is_string() && !field.is_null()) return fail("fields must be strings");
    }
    auto text = [&](const char* key) {
      auto it = item.find(key);
      return it == item.end() || it->is_null() ? std::string() : it->get<std::string>();
    };
    PublicAttachment attachment;
    attachment.name = text("name");
    attachment.content_type = text("content_type");
    if (attachment.name.empty() || attachment.name.size() > kMaxAttachmentNameBytes ||
        !IsValidUtf8(attachment.name) ||
        attachment.name.find_first_of(std::string_view("\0\r\n/\\", 5)) != std::string::npos) {
      return fail("name must be 1–200 bytes of UTF-8 without line breaks or slashes");
    }
    if (attachment.content_type.size() > 100) return fail("content_type is too long");
    auto bytes = DecodeBase64(text("data"), kMaxPublicAttachmentBytes - total);
    if (!bytes) return fail(bytes.error().message);
    total += bytes->size();
    if (total > kMaxPublicAttachmentBytes) {
      return Fail(ErrorCode::kInvalid, fmt::format("attachments exceed {} KiB together",
                                                   kMaxPublicAttachmentBytes / 1024));
    }
    attachment.bytes = bytes->size();
    attachment.sha256 = Sha256Hex(*bytes);
    attachments.push_back(std::move(attachment));
  }
  return attachments;
}

std::string DescribeAttachments(const std::vector<PublicAttachment>& attachments) {
  if (attachments.empty()) return {};
  std::string text = "\n\nAttachments:";
  for (const PublicAttachment& attachment : attachments) {
    text += fmt::format("\n- {} ({} bytes, SHA-256 {})", attachment.name, attachment.bytes,
                        attachment.sha256);
  }
  return text;
}

}  // namespace hikeshi::server
