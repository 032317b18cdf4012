// Time: UTC instants with microsecond resolution, a Clock seam for tests, RFC 3339 text.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hikeshi {

using Timestamp = std::chrono::sys_time<std::chrono::microseconds>;

inline int64_t ToMicros(Timestamp t) { return t.time_since_epoch().count(); }
inline Timestamp FromMicros(int64_t us) { return Timestamp{std::chrono::microseconds{us}}; }

// "2026-11-22T03:57:17.123456Z" (always UTC, always 6 fractional digits).
std::string FormatRfc3339(Timestamp t);
// Accepts RFC 3339 with 'Z' or a numeric offset, fractional seconds optional.
std::optional<Timestamp> ParseRfc3339(std::string_view text);

// Where "now" comes from; tests substitute a FakeClock.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Timestamp Now() const override;
};

// A clock that only moves when told to. Not thread-safe.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(Timestamp start) : now_(start) {}
  Timestamp Now() const override { return now_; }
  void Advance(std::chrono::microseconds by) { now_ += by; }
  void Set(Timestamp t) { now_ = t; }

 private:
  Timestamp now_;
};

}  // namespace hikeshi
