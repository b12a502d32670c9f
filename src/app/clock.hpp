// The injected clock: only programs/ reads the system clock; tests fix the time.
#pragma once

#include <cstdint>
#include <string>

#include "core/base/date.hpp"

namespace pdz::app {

class Clock {
 public:
  virtual ~Clock() = default;
  /// Seconds since the Unix epoch, UTC.
  virtual std::int64_t NowSeconds() const = 0;
  /// Today's date (UTC).
  Date Today() const { return Date::FromDays(static_cast<long>(NowSeconds() / 86400)); }
  /// "2026-11-25T19:22:53Z".
  std::string NowIso() const;
};

/// A clock that says what it is told; tests move it forward.
class FixedClock final : public Clock {
 public:
  explicit FixedClock(std::int64_t seconds) : seconds_(seconds) {}
  std::int64_t NowSeconds() const override { return seconds_; }
  void Advance(std::int64_t seconds) { seconds_ += seconds; }

 private:
  std::int64_t seconds_;
};

}  // namespace pdz::app
