#include "intake/timestamp_extractor.h"

#include <array>

namespace hikeshi::intake {
namespace {

using std::chrono::hours;
using std::chrono::microseconds;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr std::array<std::string_view, 12> kMonths{"jan", "feb", "mar", "apr", "may", "jun",
                                                   "jul", "aug", "sep", "oct", "nov", "dec"};
constexpr std::array<std::string_view, 7> kDays{"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

// Japanese date words in UTF-8.
constexpr std::string_view kYear = "\xE5\xB9\xB4";            // 年
constexpr std::string_view kMonth = "\xE6\x9C\x88";           // 月
constexpr std::string_view kDay = "\xE6\x97\xA5";             // 日
constexpr std::string_view kHour = "\xE6\x99\x82";            // 時
constexpr std::string_view kMinute = "\xE5\x88\x86";          // 分
constexpr std::string_view kSecond = "\xE7\xA7\x92";          // 秒
constexpr std::string_view kAm = "\xE5\x8D\x88\xE5\x89\x8D";  // 午前
constexpr std::string_view kPm = "\xE5\x8D\x88\xE5\xBE\x8C";  // 午後

struct Fields {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  int64_t micros = 0;
};

// A read position over the text; every method either consumes and returns true or leaves the
// position alone and returns false.
struct Cursor {
  std::string_view text;
  size_t at;

  bool Done() const { return at >= text.size(); }
  char Peek(size_t ahead = 0) const { return at + ahead < text.size() ? text[at + ahead] : '\0'; }
  bool Literal(std::string_view literal) {
    if (text.substr(at).starts_with(literal)) {
      at += literal.size();
      return true;
    }
    return false;
  }
  bool Char(char c) {
    if (Peek() != c) return false;
    ++at;
    return true;
  }
  // `bounded`: no further digit may follow ("20261" is not a year, but "+0900" holds two fields).
  bool Number(size_t min_digits, size_t max_digits, int* value, bool bounded = true) {
    size_t n = 0;
    int v = 0;
    while (n < max_digits && Peek(n) >= '0' && Peek(n) <= '9') v = v * 10 + (Peek(n++) - '0');
    if (n < min_digits || (bounded && Peek(n) >= '0' && Peek(n) <= '9')) return false;
    at += n;
    *value = v;
    return true;
  }
  size_t Spaces(size_t max = 3) {
    size_t n = 0;
    while (n < max && Peek() == ' ') ++at, ++n;
    return n;
  }
  // A three-letter English name from `names`, any case, not followed by a letter.
  bool Name(const auto& names, int* index) {
    for (size_t i = 0; i < names.size(); ++i) {
      bool match = true;
      for (size_t k = 0; k < 3; ++k) match = match && (Peek(k) | 0x20) == names[i][k];
      char after = static_cast<char>(Peek(3) | 0x20);
      if (match && !(after >= 'a' && after <= 'z')) {
        at += 3;
        *index = static_cast<int>(i);
        return true;
      }
    }
    return false;
  }
};

bool IsWordByte(char c) {
  auto u = static_cast<unsigned char>(c);
  return (u >= '0' && u <= '9') || ((u | 0x20) >= 'a' && (u | 0x20) <= 'z');
}

// HH:MM[:SS[.fraction]]
bool ReadClock(Cursor& c, Fields& f, bool seconds_required) {
  Cursor saved = c;
  if (!c.Number(1, 2, &f.hour) || !c.Char(':') || !c.Number(2, 2, &f.minute)) {
    c = saved;
    return false;
  }
  Cursor before_seconds = c;
  if (c.Char(':') && c.Number(2, 2, &f.second)) {
    if (c.Peek() == '.' || c.Peek() == ',') {
      Cursor before_fraction = c;
      ++c.at;
      int64_t scale = 100000;
      size_t digits = 0;
      while (c.Peek() >= '0' && c.Peek() <= '9' && digits < 12) {
        if (scale > 0) f.micros += (c.Peek() - '0') * scale;
        scale /= 10;
        ++c.at, ++digits;
      }
      if (digits == 0) c = before_fraction;
    }
  } else {
    c = before_seconds;
    if (seconds_required) {
      c = saved;
      return false;
    }
  }
  return true;
}

// "Z", "+09:00", "+0900", "+09", "-0000", or a name (UT, UTC, GMT, JST, US zones), optionally
// after one space. Returns nullopt (cursor unmoved) when no zone is there.
std::optional<minutes> ReadZone(Cursor& c, bool numeric_needs_no_space) {
  Cursor saved = c;
  size_t spaces = c.Spaces(1);
  char sign = c.Peek();
  if (sign == '+' || sign == '-') {
    if (spaces == 0 && !numeric_needs_no_space) {
      c = saved;
      return std::nullopt;
    }
    ++c.at;
    int zone_hours = 0, zone_minutes = 0;
    if (c.Number(2, 2, &zone_hours, false)) {
      Cursor after_hours = c;
      bool colon = c.Char(':');
      if (!c.Number(2, 2, &zone_minutes)) {
        c = after_hours;
        zone_minutes = 0;
        (void)colon;
      }
      if (zone_hours <= 14 && zone_minutes < 60) {
        minutes offset = hours(zone_hours) + minutes(zone_minutes);
        return sign == '-' ? -offset : offset;
      }
    }
    c = saved;
    return std::nullopt;
  }
  if (spaces == 0 && (c.Peek() == 'Z' || c.Peek() == 'z') && !IsWordByte(c.Peek(1))) {
    ++c.at;
    return minutes(0);
  }
  struct Named {
    std::string_view name;
    int offset_hours;
  };
  static constexpr std::array<Named, 12> kNamed{{{"UTC", 0},
                                                 {"GMT", 0},
                                                 {"UT", 0},
                                                 {"JST", 9},
                                                 {"EST", -5},
                                                 {"EDT", -4},
                                                 {"CST", -6},
                                                 {"CDT", -5},
                                                 {"MST", -7},
                                                 {"MDT", -6},
                                                 {"PST", -8},
                                                 {"PDT", -7}}};
  bool parenthesised = c.Char('(');
  for (const Named& named : kNamed) {
    Cursor attempt = c;
    if (attempt.Literal(named.name) && !IsWordByte(attempt.Peek()) &&
        (!parenthesised || attempt.Char(')'))) {
      c = attempt;
      return hours(named.offset_hours);
    }
  }
  c = saved;
  return std::nullopt;
}

std::optional<Timestamp> ToUtc(Fields& f, minutes offset) {
  using namespace std::chrono;
  if (f.year < 1900 || f.year > 2999) return std::nullopt;
  year_month_day date{year{f.year}, month{static_cast<unsigned>(f.month)},
                      day{static_cast<unsigned>(f.day)}};
  if (!date.ok() || f.hour > 23 || f.minute > 59 || f.second > 60) return std::nullopt;
  if (f.second == 60) f.second = 59;  // a leap second: the nearest representable instant
  auto local = sys_days{date} + hours(f.hour) + minutes(f.minute) + seconds(f.second) +
               microseconds(f.micros);
  return Timestamp{local - offset};
}

std::optional<TimestampMatch> Finish(Cursor& c, size_t begin, Fields& f,
                                     std::optional<minutes> zone, minutes assumed,
                                     TimestampFormat format) {
  if (IsWordByte(c.Peek())) return std::nullopt;  // "…:01abc" is not a timestamp
  auto time = ToUtc(f, zone.value_or(assumed));
  if (!time) return std::nullopt;
  return TimestampMatch{*time, begin, c.at, format, !zone.has_value()};
}

std::optional<TimestampMatch> MatchIsoOrJapanese(Cursor c, const TimestampContext& context) {
  size_t begin = c.at;
  Fields f;
  if (!c.Number(4, 4, &f.year)) return std::nullopt;
  if (c.Literal(kYear)) {
    c.Spaces();
    if (!c.Number(1, 2, &f.month) || !c.Literal(kMonth)) return std::nullopt;
    c.Spaces();
    if (!c.Number(1, 2, &f.day) || !c.Literal(kDay)) return std::nullopt;
    c.Spaces();
    if (c.Char('(')) {  // weekday, "(日)" (full-width brackets are ASCII after NFKC)
      size_t close = c.text.substr(c.at, 8).find(')');
      if (close == std::string_view::npos) return std::nullopt;
      c.at += close + 1;
      c.Spaces();
    }
    bool am = c.Literal(kAm);
    bool pm = !am && c.Literal(kPm);
    c.Spaces();
    Cursor before_time = c;
    if (c.Number(1, 2, &f.hour) && c.Literal(kHour)) {
      if (!c.Number(1, 2, &f.minute) || !c.Literal(kMinute)) return std::nullopt;
      Cursor before_seconds = c;
      if (!(c.Number(1, 2, &f.second) && c.Literal(kSecond))) c = before_seconds;
    } else if (c = before_time; !ReadClock(c, f, false)) {
      return std::nullopt;
    }
    if ((am || pm) && f.hour > 12) return std::nullopt;
    if (am && f.hour == 12) f.hour = 0;
    if (pm && f.hour < 12) f.hour += 12;
    auto zone = ReadZone(c, true);
    // No zone: Japanese text means JST; the assumption is recorded all the same.
    return Finish(c, begin, f, zone, hours(9), TimestampFormat::kJapanese);
  }
  char separator = c.Peek();
  if (separator != '-' && separator != '/') return std::nullopt;
  ++c.at;
  if (!c.Number(2, 2, &f.month) || !c.Char(separator) || !c.Number(2, 2, &f.day)) {
    return std::nullopt;
  }
  if (!c.Char('T') && !c.Char('t') && !c.Char(' ')) return std::nullopt;
  if (!ReadClock(c, f, false)) return std::nullopt;
  auto zone = ReadZone(c, true);
  return Finish(c, begin, f, zone, context.assumed_utc_offset, TimestampFormat::kIso8601);
}

// [Ddd, ] D Mon YYYY HH:MM[:SS] [zone]
std::optional<TimestampMatch> MatchRfc5322(Cursor c, const TimestampContext& context) {
  size_t begin = c.at;
  Fields f;
  int index = 0;
  if (c.Name(kDays, &index)) {
    if (!c.Char(',')) return std::nullopt;
    c.Spaces();
  }
  if (!c.Number(1, 2, &f.day) || c.Spaces() == 0 || !c.Name(kMonths, &f.month)) {
    return std::nullopt;
  }
  ++f.month;
  if (c.Spaces() == 0 || !c.Number(4, 4, &f.year) || c.Spaces() == 0) return std::nullopt;
  if (!ReadClock(c, f, false)) return std::nullopt;
  auto zone = ReadZone(c, false);
  return Finish(c, begin, f, zone, context.assumed_utc_offset, TimestampFormat::kRfc5322);
}

// [Ddd ]Mon D HH:MM:SS[ YYYY]: syslog (RFC 3164) without a year, ctime/asctime with one.
std::optional<TimestampMatch> MatchSyslog(Cursor c, const TimestampContext& context) {
  size_t begin = c.at;
  Fields f;
  int weekday = 0;
  if (c.Name(kDays, &weekday) && c.Spaces(1) == 0) return std::nullopt;
  if (!c.Name(kMonths, &f.month) || c.Spaces(2) == 0 || !c.Number(1, 2, &f.day)) {
    return std::nullopt;
  }
  ++f.month;
  if (c.Spaces(1) == 0 || !ReadClock(c, f, true)) return std::nullopt;
  Cursor before_year = c;
  if (c.Spaces(1) == 1 && c.Number(4, 4, &f.year)) {
    return Finish(c, begin, f, std::nullopt, context.assumed_utc_offset, TimestampFormat::kCtime);
  }
  c = before_year;
  if (context.syslog_year == 0) return std::nullopt;
  f.year = context.syslog_year;
  return Finish(c, begin, f, std::nullopt, context.assumed_utc_offset, TimestampFormat::kSyslog);
}

// DD/Mon/YYYY:HH:MM:SS ±hhmm
std::optional<TimestampMatch> MatchCommonLog(Cursor c, const TimestampContext& context) {
  size_t begin = c.at;
  Fields f;
  if (!c.Number(1, 2, &f.day) || !c.Char('/') || !c.Name(kMonths, &f.month) || !c.Char('/') ||
      !c.Number(4, 4, &f.year) || !c.Char(':') || !ReadClock(c, f, true)) {
    return std::nullopt;
  }
  ++f.month;
  auto zone = ReadZone(c, false);
  return Finish(c, begin, f, zone, context.assumed_utc_offset, TimestampFormat::kCommonLog);
}

}  // namespace

std::string_view ToString(TimestampFormat format) {
  switch (format) {
    case TimestampFormat::kRfc5322:
      return "rfc5322";
    case TimestampFormat::kIso8601:
      return "iso8601";
    case TimestampFormat::kSyslog:
      return "syslog";
    case TimestampFormat::kCommonLog:
      return "common-log";
    case TimestampFormat::kCtime:
      return "ctime";
    case TimestampFormat::kJapanese:
      return "japanese";
  }
  return "unknown";
}

std::optional<TimestampMatch> MatchTimestampAt(std::string_view text, size_t at,
                                               const TimestampContext& context) {
  if (at >= text.size() || (at > 0 && IsWordByte(text[at - 1]))) return std::nullopt;
  Cursor c{text, at};
  char first = c.Peek();
  if (first >= '0' && first <= '9') {
    if (c.Peek(1) >= '0' && c.Peek(1) <= '9' && c.Peek(2) >= '0' && c.Peek(2) <= '9') {
      return MatchIsoOrJapanese(c, context);
    }
    if (auto match = MatchRfc5322(c, context)) return match;
    return MatchCommonLog(c, context);
  }
  if (auto match = MatchRfc5322(c, context)) return match;
  return MatchSyslog(c, context);
}

}  // namespace hikeshi::intake
