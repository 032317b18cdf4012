// ParseMailDate: the strict common RFC 5322 form read by hand (bulk intake parses a few dates in
// every mail), anything else by GMime's lenient parser, after mapping zone abbreviations.
#include <glib.h>

#include <array>
#include <chrono>
#include <string>

#include "intake/gmime_support.h"
#include "intake/mail.h"
#include "intake/mail_fastpath.h"

namespace hikeshi::intake {
namespace {

// GMime knows the US zone names and military letters only; Japanese mail often says "JST".
// Unambiguous abbreviations seen in abuse mail become numeric offsets.
void ReplaceZoneAbbreviation(std::string& date) {
  static constexpr std::pair<std::string_view, std::string_view> kZones[] = {
      {"JST", "+0900"}, {"KST", "+0900"},  {"HKT", "+0800"}, {"SGT", "+0800"},
      {"CET", "+0100"}, {"CEST", "+0200"}, {"EET", "+0200"}, {"EEST", "+0300"},
      {"MSK", "+0300"}, {"AEST", "+1000"}, {"AEDT", "+1100"}};
  std::size_t end = date.size();
  if (std::size_t comment = date.find('('); comment != std::string::npos) end = comment;
  while (end > 0 && g_ascii_isspace(date[end - 1])) --end;
  std::size_t start = end;
  while (start > 0 && g_ascii_isalpha(date[start - 1])) --start;
  if (start == 0 || !g_ascii_isspace(date[start - 1])) return;
  std::string_view word(date.data() + start, end - start);
  for (const auto& [name, offset] : kZones) {
    if (word.size() == name.size() &&
        g_ascii_strncasecmp(word.data(), name.data(), word.size()) == 0) {
      date.replace(start, end - start, offset);
      return;
    }
  }
}

// "[Sun, ]22 Nov 2026 10:10:00 +0900[ (comment)]" exactly, with every field in range; nullopt
// for anything else (GMime then decides).
std::optional<Timestamp> ParseStrictDate(std::string_view text) {
  static constexpr std::array<std::string_view, 7> kDays = {"Mon", "Tue", "Wed", "Thu",
                                                            "Fri", "Sat", "Sun"};
  static constexpr std::array<std::string_view, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::size_t at = 0;
  auto digits = [&](std::size_t count, int& value) {
    if (at + count > text.size()) return false;
    value = 0;
    for (std::size_t i = 0; i < count; ++i) {
      char c = text[at + i];
      if (c < '0' || c > '9') return false;
      value = value * 10 + (c - '0');
    }
    at += count;
    return true;
  };
  auto literal = [&](char c) {
    if (at >= text.size() || text[at] != c) return false;
    ++at;
    return true;
  };
  if (text.size() >= 5 && text[3] == ',') {
    bool known = false;
    for (std::string_view day : kDays) known = known || text.substr(0, 3) == day;
    if (!known || text[4] != ' ') return std::nullopt;
    at = 5;
  }
  int day = 0, year = 0, hour = 0, minute = 0, second = 0, zone_hours = 0, zone_minutes = 0;
  if (!digits(2, day) && !digits(1, day)) return std::nullopt;
  if (!literal(' ') || at + 4 > text.size()) return std::nullopt;
  int month = 0;
  while (month < 12 && text.substr(at, 3) != kMonths[month]) ++month;
  if (month == 12) return std::nullopt;
  at += 3;
  if (!literal(' ') || !digits(4, year) || !literal(' ') || !digits(2, hour) || !literal(':') ||
      !digits(2, minute) || !literal(':') || !digits(2, second) || !literal(' ')) {
    return std::nullopt;
  }
  if (at >= text.size() || (text[at] != '+' && text[at] != '-')) return std::nullopt;
  int sign = text[at++] == '-' ? -1 : 1;
  if (!digits(2, zone_hours) || !digits(2, zone_minutes)) return std::nullopt;
  std::string_view rest = text.substr(at);
  if (!rest.empty()) {
    // One plain comment, e.g. " (JST)".
    if (!rest.starts_with(" (") || !rest.ends_with(')') || rest.size() > 40) return std::nullopt;
    for (char c : rest.substr(2, rest.size() - 3)) {
      if (!g_ascii_isalnum(c) && c != ' ' && c != '+' && c != '-') return std::nullopt;
    }
  }
  using namespace std::chrono;
  year_month_day date{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month + 1)},
                      std::chrono::day{static_cast<unsigned>(day)}};
  if (year < 1970 || year > 2200 || !date.ok() || hour > 23 || minute > 59 || second > 59 ||
      zone_hours > 12 || zone_minutes > 59) {
    return std::nullopt;
  }
  seconds offset = hours{zone_hours} + minutes{zone_minutes};
  sys_seconds utc = sys_days{date} + hours{hour} + minutes{minute} + seconds{second} -
                    (sign > 0 ? offset : -offset);
  return Timestamp{utc.time_since_epoch()};
}

}  // namespace

std::optional<Timestamp> ParseMailDateWithGmime(std::string_view text) {
  EnsureGmimeInitialised();
  std::string copy(text.substr(0, 256));  // a date is short; bound the work on junk
  ReplaceZoneAbbreviation(copy);
  GDateTime* parsed = g_mime_utils_header_decode_date(copy.c_str());
  if (parsed == nullptr) return std::nullopt;
  gint64 seconds = g_date_time_to_unix(parsed);
  g_date_time_unref(parsed);
  return Timestamp{std::chrono::seconds{seconds}};
}

std::optional<Timestamp> ParseMailDate(std::string_view text) {
  if (std::optional<Timestamp> strict = ParseStrictDate(text)) return strict;
  return ParseMailDateWithGmime(text);
}

}  // namespace hikeshi::intake
