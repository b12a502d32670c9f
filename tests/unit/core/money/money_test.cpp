// Euro cents: formatting and exact splits.
#include "core/money/money.hpp"

#include <gtest/gtest.h>

#include <numeric>

namespace pdz::core {

TEST(Money, FormatsItalianEuro) {
  EXPECT_EQ(FormatEuro(3000000), "30.000,00 €");
  EXPECT_EQ(FormatEuro(5), "0,05 €");
  EXPECT_EQ(FormatEuro(-123456789), "-1.234.567,89 €");
}

TEST(Money, LargestRemainderKeepsTheTotalToTheCent) {
  auto shares = SplitLargestRemainder(1000000, {1, 1, 1});
  EXPECT_EQ(shares, (std::vector<Cents>{333334, 333333, 333333}));
  for (Cents total : {0LL, 1LL, 7LL, 999999LL, 28600000000LL}) {
    auto s = SplitLargestRemainder(total, {9704151, 167726, 187760, 64957, 0});
    EXPECT_EQ(std::accumulate(s.begin(), s.end(), Cents{0}), total);
    EXPECT_EQ(s[4], 0);
  }
}

TEST(Money, RemaindersGoToTheLargestFractions) {
  // 10 split 1:2:3 -> 1.67, 3.33, 5.00 -> floors 1, 3, 5 and one cent to the largest fraction (first).
  EXPECT_EQ(SplitLargestRemainder(10, {1, 2, 3}), (std::vector<Cents>{2, 3, 5}));
}

}  // namespace pdz::core
