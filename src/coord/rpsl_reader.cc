#include "coord/rpsl_reader.h"

#include <fmt/format.h>

#include "core/ascii.h"

namespace hikeshi::coord {
namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// RPSL end-of-line comments start with '#'.
std::string_view StripComment(std::string_view value) {
  size_t hash = value.find('#');
  return Trim(hash == std::string_view::npos ? value : value.substr(0, hash));
}

bool IsNameByte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

bool IsBlank(std::string_view text) { return Trim(text).empty(); }

// Printable form of a line for a problem message: at most 40 bytes, control bytes as '?'.
std::string Excerpt(std::string_view text) {
  std::string out;
  for (char c : text.substr(0, 40)) out.push_back(static_cast<unsigned char>(c) < 0x20 ? '?' : c);
  return out;
}

}  // namespace

std::string_view RpslObject::First(std::string_view name) const {
  for (const RpslAttribute& attribute : attributes) {
    if (attribute.name == name) return attribute.value;
  }
  return {};
}

std::vector<std::string_view> RpslObject::All(std::string_view name) const {
  std::vector<std::string_view> values;
  for (const RpslAttribute& attribute : attributes) {
    if (attribute.name == name) values.push_back(attribute.value);
  }
  return values;
}

RpslReader::RpslReader(const RpslLimits& limits, Sink sink)
    : limits_(limits), sink_(std::move(sink)), splitter_(limits.max_line_bytes) {}

void RpslReader::Feed(std::string_view bytes) {
  splitter_.Feed(bytes, [this](const Line& line) { OnLine(line); });
}

void RpslReader::Finish() {
  splitter_.Finish([this](const Line& line) { OnLine(line); });
  EndObject();
}

void RpslReader::Break(uint64_t line, std::string_view why) {
  std::string type = current_.attributes.empty() ? "object" : current_.attributes.front().name;
  uint64_t start = current_.attributes.empty() ? line : current_.line;
  problems_.Add(line, fmt::format("broken {} starting at line {} dropped: {}", type, start, why));
  broken_ = true;
  current_.attributes.clear();
  current_bytes_ = 0;
}

void RpslReader::OnLine(const Line& line) {
  std::string_view text = line.text;
  if (IsBlank(text) && !line.overlong) {
    EndObject();
    return;
  }
  if (broken_) return;
  if (line.overlong) return Break(line.number, "line over the length limit");
  char first = text.front();
  if (first == '%' || first == '#') return;  // comment line
  if (first == ' ' || first == '\t' || first == '+') {
    if (current_.attributes.empty())
      return Break(line.number, "continuation line with no attribute");
    std::string_view rest = StripComment(text.substr(1));
    if (rest.empty()) return;
    std::string& value = current_.attributes.back().value;
    current_bytes_ += rest.size() + 1;
    if (current_bytes_ > limits_.max_object_bytes)
      return Break(line.number, "object over the size limit");
    if (!value.empty()) value.push_back(' ');
    value.append(rest);
    return;
  }
  size_t colon = text.find(':');
  bool valid_name = colon != std::string_view::npos && colon > 0;
  for (size_t i = 0; valid_name && i < colon; ++i) valid_name = IsNameByte(text[i]);
  if (!valid_name) {
    return Break(line.number, fmt::format("not an attribute: '{}'", Excerpt(text)));
  }
  if (current_.attributes.size() >= limits_.max_attributes) {
    return Break(line.number, "too many attributes");
  }
  std::string_view value = StripComment(text.substr(colon + 1));
  current_bytes_ += colon + value.size();
  if (current_bytes_ > limits_.max_object_bytes)
    return Break(line.number, "object over the size limit");
  if (current_.attributes.empty()) current_.line = line.number;
  current_.attributes.push_back({AsciiLower(text.substr(0, colon)), std::string(value)});
}

void RpslReader::EndObject() {
  broken_ = false;
  if (!current_.attributes.empty()) {
    ++objects_;
    sink_(current_);
  }
  current_.attributes.clear();
  current_bytes_ = 0;
}

}  // namespace hikeshi::coord
