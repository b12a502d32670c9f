// Fund allocation: totals preserved to the cent, every line explained, bad inputs refused.
#include "core/money/allocation.hpp"

#include <gtest/gtest.h>

#include <random>

namespace pdz::core {
namespace {

Cents SumLines(const AllocationShare& s) {
  Cents sum = 0;
  for (const auto& l : s.lines) sum += l.amount;
  return sum;
}

}  // namespace

TEST(Allocation, PerCapitaOnlySplitsByPopulation) {
  auto r = Allocate(100000000, {}, {{"rhodense", 167726}, {"garbagnatese", 187760}, {"medio-olona", 64957}});
  ASSERT_TRUE(r) << r.error().message;
  Cents sum = 0;
  for (const auto& a : r->ambiti) {
    EXPECT_EQ(SumLines(a), a.total);
    sum += a.total;
  }
  EXPECT_EQ(sum, 100000000);
  EXPECT_EQ(r->ambiti[0].total, 39892684);  // 39,892,684.6…: its remainder is not the largest, so floored
}

TEST(Allocation, FixedQuotaRewardPotAndCutAreExplained) {
  AllocationMethod m{.fixed_quota = 1000000,
                     .reward_pot = 600000,
                     .integration_threshold_bp = 2000,
                     .cut_bp = 1000,
                     .act = "DGR test"};
  std::vector<AllocationAmbito> ambiti = {
      {"a", 100000, 6000000, 1500}, {"b", 100000, 0, 2500}, {"c", 200000, 3000000, 5000}};
  auto r = Allocate(10000000, m, ambiti);
  ASSERT_TRUE(r) << r.error().message;
  // fixed 3 × 10,000 €; pot 6,000 € split 2:0:1 -> 4,000 / 0 / 2,000; per capita 64,000 € 1:1:2.
  const auto& a = r->ambiti[0];
  EXPECT_EQ(a.lines[0].kind, "quota_fissa");
  EXPECT_EQ(a.lines[1].amount, 400000);
  EXPECT_EQ(a.lines[2].amount, 1600000);
  EXPECT_EQ(a.lines[3].kind, "decurtazione");
  EXPECT_EQ(a.lines[3].amount, -160000);  // 10% of its per-capita quota, below the 20% threshold
  EXPECT_NE(a.lines[3].reason.find("15%"), std::string::npos);
  // The cut goes to b and c by population 1:2.
  EXPECT_EQ(r->ambiti[1].lines.back().amount, 53333);
  EXPECT_EQ(r->ambiti[2].lines.back().amount, 106667);
  Cents sum = 0;
  for (const auto& s : r->ambiti) {
    EXPECT_EQ(SumLines(s), s.total);
    sum += s.total;
  }
  EXPECT_EQ(sum, 10000000);
}

TEST(Allocation, TotalIsPreservedForAnyInput) {
  std::mt19937_64 rng(7);
  for (int round = 0; round < 300; ++round) {
    std::vector<AllocationAmbito> ambiti;
    int n = 1 + static_cast<int>(rng() % 12);
    for (int i = 0; i < n; ++i) {
      ambiti.push_back({"a" + std::to_string(i), static_cast<std::int64_t>(rng() % 500000),
                        static_cast<Cents>(rng() % 6000000), static_cast<int>(rng() % 10001)});
    }
    ambiti[0].population += 1;
    Cents total = static_cast<Cents>(rng() % 10000000000LL);
    AllocationMethod m{.fixed_quota = static_cast<Cents>(rng() % 1000),
                       .reward_pot = static_cast<Cents>(rng() % 100000),
                       .integration_threshold_bp = static_cast<int>(rng() % 10001),
                       .cut_bp = static_cast<int>(rng() % 10001)};
    auto r = Allocate(total + m.fixed_quota * n + m.reward_pot, m, ambiti);
    ASSERT_TRUE(r) << r.error().message;
    Cents sum = 0;
    for (const auto& s : r->ambiti) {
      ASSERT_EQ(SumLines(s), s.total);
      ASSERT_GE(s.total, 0);
      sum += s.total;
    }
    ASSERT_EQ(sum, r->total) << "round " << round;
  }
}

TEST(Allocation, InputsThatDoNotSumAreRefused) {
  AllocationMethod m{.fixed_quota = 600000, .reward_pot = 500000};
  auto r = Allocate(1000000, m, {{"a", 10}, {"b", 10}});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().details[0].field, "total_cents");
  auto neg = Allocate(-1, {}, {{"a", 10}});
  EXPECT_FALSE(neg);
  auto dup = Allocate(100, {}, {{"a", 10}, {"a", 5}});
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().details[0].field, "ambiti[1].code");
  AllocationMethod t{.integration_threshold_bp = 2000, .cut_bp = 500};
  auto missing = Allocate(100, t, {{"a", 10}});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().details[0].field, "ambiti[0].integration_bp");
}

}  // namespace pdz::core

namespace pdz::core {

TEST(Allocation, AgeBandWeightsShiftThePerCapitaQuota) {
  AllocationMethod method;
  method.age_weights = {{"0-17", 10000}, {"65+", 20000}};
  std::vector<AllocationAmbito> ambiti = {{"a", 300, 0, std::nullopt, {{"0-17", 100}, {"65+", 100}}},
                                          {"b", 300, 0, std::nullopt, {{"0-17", 200}, {"65+", 0}}}};
  auto r = Allocate(1000000, method, ambiti);
  ASSERT_TRUE(r) << r.error().message;
  // Weighted: a = 100 + 200 = 300, b = 200: 3/5 and 2/5 of the pot.
  EXPECT_EQ(r->ambiti[0].total, 600000);
  EXPECT_EQ(r->ambiti[1].total, 400000);
  EXPECT_NE(r->ambiti[0].lines[0].reason.find("fasce d'età"), std::string::npos) << r->ambiti[0].lines[0].reason;
  EXPECT_NE(r->ambiti[0].lines[0].reason.find("65+ x2"), std::string::npos) << r->ambiti[0].lines[0].reason;
}

TEST(Allocation, AgeBandWeightsNeedEveryBand) {
  AllocationMethod method;
  method.age_weights = {{"0-17", 15000}};
  auto r = Allocate(1000, method, {{"a", 10, 0, std::nullopt, {}}});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().details[0].field, "ambiti[0].bands");
}

}  // namespace pdz::core
