#include "core/time.h"

#include <charconv>
#include <cstdio>

namespace hikeshi {
namespace {

using std::chrono::days;
using std::chrono::floor;
using std::chrono::microseconds;

// Parses exactly `width` decimal digits at text[pos]; advances pos.
std::optional<int> Digits(std::string_view text, size_t& pos, size_t width) {
  if (pos + width > text.size()) return std::nullopt;
  int value = 0;
  auto [end, ec] = std::from_chars(text.data() + pos, text.data() + pos + width, value);
  if (ec != std::errc() || end != text.data() + pos + width) return std::nullopt;
  pos += width;
  return value;
}

bool Expect(std::string_view text, size_t& pos, char c) {
  if (pos >= text.size() || text[pos] != c) return false;
  ++pos;
  return true;
}

}  // namespace

Timestamp SystemClock::Now() const {
  return std::chrono::time_point_cast<microseconds>(std::chrono::system_clock::now());
}

std::string FormatRfc3339(Timestamp t) {
  auto day = floor<days>(t);
  std::chrono::year_month_day ymd{day};
  std::chrono::hh_mm_ss<microseconds> hms{t - day};
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02d.%06lldZ", int(ymd.year()),
                unsigned(ymd.month()), unsigned(ymd.day()), int(hms.hours().count()),
                int(hms.minutes().count()), int(hms.seconds().count()),
                static_cast<long long>(hms.subseconds().count()));
  return buffer;
}

std::optional<Timestamp> ParseRfc3339(std::string_view text) {
  size_t pos = 0;
  auto year = Digits(text, pos, 4);
  if (!year || !Expect(text, pos, '-')) return std::nullopt;
  auto month = Digits(text, pos, 2);
  if (!month || !Expect(text, pos, '-')) return std::nullopt;
  auto day = Digits(text, pos, 2);
  if (!day || pos >= text.size() || (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' ')) {
    return std::nullopt;
  }
  ++pos;
  auto hour = Digits(text, pos, 2);
  if (!hour || !Expect(text, pos, ':')) return std::nullopt;
  auto minute = Digits(text, pos, 2);
  if (!minute || !Expect(text, pos, ':')) return std::nullopt;
  auto second = Digits(text, pos, 2);
  if (!second) return std::nullopt;
  int64_t micros = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    int64_t scale = 100000;
    size_t start = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      micros += (text[pos] - '0') * scale;  // digits past microseconds are truncated
      scale /= 10;
      ++pos;
    }
    if (pos == start) return std::nullopt;
  }
  int offset_minutes = 0;
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    int sign = text[pos] == '-' ? -1 : 1;
    ++pos;
    auto offset_hours = Digits(text, pos, 2);
    if (!offset_hours || !Expect(text, pos, ':')) return std::nullopt;
    auto offset_mins = Digits(text, pos, 2);
    if (!offset_mins || *offset_hours > 23 || *offset_mins > 59) return std::nullopt;
    offset_minutes = sign * (*offset_hours * 60 + *offset_mins);
  } else {
    return std::nullopt;
  }
  if (pos != text.size()) return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year{*year},
                                  std::chrono::month{static_cast<unsigned>(*month)},
                                  std::chrono::day{static_cast<unsigned>(*day)}};
  if (!ymd.ok() || *hour > 23 || *minute > 59 || *second > 60) return std::nullopt;
  auto t = std::chrono::sys_days{ymd} + std::chrono::hours{*hour} +
           std::chrono::minutes{*minute - offset_minutes} + std::chrono::seconds{*second} +
           microseconds{micros};
  return std::chrono::time_point_cast<microseconds>(t);
}

}  // namespace hikeshi
