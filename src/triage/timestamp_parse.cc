#include "triage/timestamp_parse.h"

#include <cstdint>

#include "triage/text_scan.h"

namespace hikeshi::triage {
namespace {

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
int64_t DaysFromCivil(int64_t year, unsigned month, unsigned day) {
  year -= month <= 2;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const unsigned year_of_era = static_cast<unsigned>(year - era * 400);
  const unsigned day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + static_cast<int64_t>(day_of_era) - 719468;
}

}  // namespace

std::optional<Timestamp> CivilToTimestamp(const CivilTime& civil, std::chrono::minutes utc_offset) {
  if (civil.year < 1 || civil.year > 9999 || civil.month < 1 || civil.month > 12 || civil.day < 1 ||
      civil.day > DaysInMonth(civil.year, civil.month) || civil.hour < 0 || civil.hour > 23 ||
      civil.minute < 0 || civil.minute > 59 || civil.second < 0 || civil.second > 60 ||
      civil.micros < 0 || civil.micros > 999999) {
    return std::nullopt;
  }
  int64_t seconds = DaysFromCivil(civil.year, civil.month, civil.day) * 86400 + civil.hour * 3600 +
                    civil.minute * 60 + civil.second -
                    static_cast<int64_t>(utc_offset.count()) * 60;
  return FromMicros(seconds * 1000000 + civil.micros);
}

std::optional<std::chrono::minutes> ParseUtcOffset(std::string_view text) {
  if (text.size() < 5 || (text[0] != '+' && text[0] != '-')) return std::nullopt;
  int hours = FixedDigits(text, 1, 2);
  size_t minute_pos = text[3] == ':' ? 4 : 3;
  if (text.size() != minute_pos + 2) return std::nullopt;
  int minutes = FixedDigits(text, minute_pos, 2);
  if (hours < 0 || minutes < 0 || hours > 23 || minutes > 59) return std::nullopt;
  int total = hours * 60 + minutes;
  return std::chrono::minutes{text[0] == '-' ? -total : total};
}

std::optional<Timestamp> ScanIsoTimestamp(std::string_view text,
                                          std::chrono::minutes default_offset, size_t& consumed) {
  // 0123456789012345678
  // YYYY-MM-DDThh:mm:ss
  if (text.size() < 19 || text[4] != '-' || text[7] != '-' ||
      (text[10] != 'T' && text[10] != ' ') || text[13] != ':' || text[16] != ':') {
    return std::nullopt;
  }
  CivilTime civil{FixedDigits(text, 0, 4),  FixedDigits(text, 5, 2),  FixedDigits(text, 8, 2),
                  FixedDigits(text, 11, 2), FixedDigits(text, 14, 2), FixedDigits(text, 17, 2)};
  size_t pos = 19;
  if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
    ++pos;
    int scale = 100000;
    size_t start = pos;
    while (pos < text.size() && IsDigit(text[pos])) {
      civil.micros += (text[pos] - '0') * scale;  // digits past microseconds are dropped
      scale /= 10;
      ++pos;
    }
    if (pos == start) return std::nullopt;
  }
  std::chrono::minutes offset = default_offset;
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    offset = std::chrono::minutes{0};
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    size_t length = pos + 3 < text.size() && text[pos + 3] == ':' ? 6 : 5;
    auto parsed = ParseUtcOffset(text.substr(pos, length));
    if (!parsed) return std::nullopt;
    offset = *parsed;
    pos += length;
  }
  auto result = CivilToTimestamp(civil, offset);
  if (result) consumed = pos;
  return result;
}

std::optional<Timestamp> ParseEpochNumber(std::string_view text) {
  size_t dot = text.find('.');
  auto whole = ParseUnsigned(text.substr(0, dot), UINT64_MAX / 2);
  if (!whole) return std::nullopt;
  int64_t micros = 0;
  if (dot != std::string_view::npos) {
    std::string_view fraction = text.substr(dot + 1);
    int64_t scale = 100000;
    for (char c : fraction) {
      if (!IsDigit(c)) return std::nullopt;
      micros += (c - '0') * scale;
      scale /= 10;
    }
  }
  uint64_t value = *whole;
  // Seconds until the year 5138, then milliseconds, microseconds, nanoseconds.
  if (value < 100000000000ULL) return FromMicros(static_cast<int64_t>(value) * 1000000 + micros);
  if (value < 100000000000000ULL) return FromMicros(static_cast<int64_t>(value) * 1000);
  if (value < 100000000000000000ULL) return FromMicros(static_cast<int64_t>(value));
  return FromMicros(static_cast<int64_t>(value / 1000));
}

bool LooksLikeIpAddress(std::string_view text) {
  if (text.empty() || text.size() > 45) return false;
  // One pass: a dotted quad when there is no ':', else IPv6 characters with 2..7 colons.
  int colons = 0, dots = 0, digits = 0, octet = 0;
  bool hex_letter = false;
  for (char c : text) {
    if (IsDigit(c)) {
      octet = octet * 10 + (c - '0');
      if (++digits > 4) return false;
    } else if (c == '.') {
      if (digits == 0 || digits > 3 || octet > 255) return false;
      ++dots;
      digits = octet = 0;
    } else if (c == ':') {
      ++colons;
      digits = octet = 0;
    } else if ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) {
      hex_letter = true;
      ++digits;
    } else {
      return false;
    }
  }
  if (colons == 0) {
    return !hex_letter && dots == 3 && digits > 0 && digits <= 3 && octet <= 255;
  }
  return colons >= 2 && colons <= 7 && (dots == 0 || dots == 3);
}

}  // namespace hikeshi::triage
