// The notification templates compiled in from templates/notify/*.mustache (generated source).
#pragma once

#include <span>
#include <string_view>

namespace hikeshi::coord {

struct NoticeTemplateFile {
  std::string_view name;  // "scan.en.mustache"
  std::string_view text;
};
std::span<const NoticeTemplateFile> NoticeTemplateFiles();

}  // namespace hikeshi::coord
