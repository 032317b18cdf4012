#include "triage/log_rotation.h"

#include <string_view>
#include <tuple>

namespace hikeshi::triage {
namespace {

// Digits only, 1..18 of them (fits uint64_t); false otherwise.
bool AllDigits(std::string_view text, uint64_t& value) {
  if (text.empty() || text.size() > 18) return false;
  value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + static_cast<uint64_t>(c - '0');
  }
  return true;
}

}  // namespace

LogRotation LogRotationOf(const std::filesystem::path& path) {
  std::string name = path.filename().string();
  std::string_view view = name;
  if (view.ends_with(".gz")) view.remove_suffix(3);
  LogRotation rotation;
  size_t dot = view.rfind('.');
  uint64_t value = 0;
  if (dot != std::string_view::npos && dot > 0 && AllDigits(view.substr(dot + 1), value) &&
      view.size() - dot - 1 <= 4) {
    rotation.base = view.substr(0, dot);
    rotation.group = 1;
    rotation.number = value;
    return rotation;
  }
  size_t dash = view.rfind('-');
  if (dash != std::string_view::npos && dash > 0 && view.size() - dash - 1 >= 8 &&
      AllDigits(view.substr(dash + 1), value)) {
    rotation.base = view.substr(0, dash);
    rotation.group = 0;
    rotation.number = value;
    return rotation;
  }
  rotation.base = view;
  return rotation;
}

bool LogPathBefore(const std::filesystem::path& a, const std::filesystem::path& b) {
  if (a.parent_path() != b.parent_path()) return a.parent_path() < b.parent_path();
  LogRotation x = LogRotationOf(a), y = LogRotationOf(b);
  if (x.base != y.base) return x.base < y.base;
  if (x.group != y.group) return x.group < y.group;
  if (x.number != y.number) {
    // Dated: older date first. Numbered: a higher number is older.
    return x.group == 0 ? x.number < y.number : x.number > y.number;
  }
  return a < b;
}

}  // namespace hikeshi::triage
