// Calendar dates (no time zone): parsing and printing ISO 8601, day arithmetic, comparison.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace pdz {

/// A calendar date in the proleptic Gregorian calendar. Deadlines are inclusive of their day.
class Date {
 public:
  Date() = default;
  /// Returns nullopt when year/month/day do not name a real day.
  static std::optional<Date> FromYmd(int year, int month, int day);
  /// Parses exactly "YYYY-MM-DD"; nullopt on anything else, including 2019-02-29.
  static std::optional<Date> Parse(std::string_view iso);
  /// Days since 1970-01-01 (may be negative).
  static Date FromDays(long days);

  int year() const { return year_; }
  int month() const { return month_; }
  int day() const { return day_; }
  long ToDays() const;
  Date AddDays(long n) const { return FromDays(ToDays() + n); }
  std::string ToString() const;
  /// "30/06/2018", for Italian text.
  std::string ToItalian() const;

  auto operator<=>(const Date&) const = default;

 private:
  Date(int y, int m, int d) : year_(y), month_(m), day_(d) {}
  int year_ = 1970;
  int month_ = 1;
  int day_ = 1;
};

}  // namespace pdz
