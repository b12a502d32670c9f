// Calendar dates: parsing, printing, arithmetic, leap years.
#include "core/base/date.hpp"

#include <gtest/gtest.h>

#include "core/base/error.hpp"

namespace pdz {

TEST(Date, ParsesAndPrintsIso) {
  auto d = Date::Parse("2018-06-30");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->year(), 2018);
  EXPECT_EQ(d->month(), 6);
  EXPECT_EQ(d->day(), 30);
  EXPECT_EQ(d->ToString(), "2018-06-30");
}

TEST(Date, RejectsImpossibleAndMalformedDates) {
  EXPECT_FALSE(Date::Parse("2019-02-29"));
  EXPECT_FALSE(Date::Parse("2018-13-01"));
  EXPECT_FALSE(Date::Parse("2018-6-30"));
  EXPECT_FALSE(Date::Parse("30/06/2018"));
  EXPECT_FALSE(Date::Parse(""));
  EXPECT_TRUE(Date::Parse("2020-02-29"));
  EXPECT_FALSE(Date::Parse("1900-02-29"));
  EXPECT_TRUE(Date::Parse("2000-02-29"));
}

TEST(Date, DayArithmeticCrossesMonthsAndYears) {
  EXPECT_EQ(Date::Parse("2019-01-01")->AddDays(-1).ToString(), "2018-12-31");
  EXPECT_EQ(Date::Parse("2020-02-28")->AddDays(1).ToString(), "2020-02-29");
  EXPECT_EQ(Date::Parse("1970-01-01")->ToDays(), 0);
  EXPECT_EQ(Date::FromDays(20000).ToString(), "2024-10-04");
  for (long n = -1000; n < 30000; n += 37) EXPECT_EQ(Date::FromDays(n).ToDays(), n);
}

TEST(Date, ComparesChronologically) {
  EXPECT_LT(*Date::Parse("2018-06-30"), *Date::Parse("2018-07-01"));
  EXPECT_EQ(*Date::Parse("2018-06-30"), *Date::Parse("2018-06-30"));
}

TEST(ErrorCode, EveryCodeHasANameAndStatus) {
  EXPECT_EQ(ErrorCodeName(ErrorCode::kVersionConflict), "version_conflict");
  EXPECT_EQ(ErrorCodeHttpStatus(ErrorCode::kVersionConflict), 409);
  EXPECT_EQ(ErrorCodeHttpStatus(ErrorCode::kValidationFailed), 422);
  EXPECT_EQ(ErrorCodeHttpStatus(ErrorCode::kPayloadTooLarge), 413);
}

}  // namespace pdz
