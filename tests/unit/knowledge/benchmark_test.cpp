// Benchmarking: Wilson and Byar intervals against known values, quartiles, quintiles, ranks and judgements.
#include "knowledge/benchmark.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace pdz::knowledge {
namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

// A proportion of 10 in 100, as a percentage: Wilson 95% [5.52, 17.44], 99.8% [3.97, 23.01].
JudgementInput Proportion(Polarity polarity, double reference) {
  JudgementInput in;
  in.method = CompareMethod::kCiProportion;
  in.polarity = polarity;
  in.numerator = 10;
  in.denominator = 100;
  in.factor = 100;
  in.value = 10;
  in.reference = reference;
  return in;
}

// 10 events in 1,000 people, per thousand: Byar 95% [4.787, 18.39].
JudgementInput Rate(Polarity polarity, double reference) {
  JudgementInput in;
  in.method = CompareMethod::kCiRate;
  in.polarity = polarity;
  in.numerator = 10;
  in.denominator = 1000;
  in.factor = 1000;
  in.value = 10;
  in.reference = reference;
  return in;
}

JudgementInput Quintiles(Polarity polarity, double value) {
  JudgementInput in;
  in.method = CompareMethod::kQuintiles;
  in.polarity = polarity;
  in.value = value;
  in.peers = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  return in;
}

}  // namespace

// --- Wilson -----------------------------------------------------------------------------------------------

TEST(Wilson, KnownValues95) {
  auto ci = WilsonInterval(10, 100, 1, kZ95);
  ASSERT_TRUE(ci);
  EXPECT_NEAR(ci->lo, 0.0552, 1e-3);
  EXPECT_NEAR(ci->hi, 0.1744, 1e-3);
  EXPECT_NEAR(ci->lo, 0.055229, 1e-6);
  EXPECT_NEAR(ci->hi, 0.174366, 1e-6);
}

TEST(Wilson, KnownValues998AndFactor) {
  auto ci = WilsonInterval(10, 100, 100, kZ998);
  ASSERT_TRUE(ci);
  EXPECT_NEAR(ci->lo, 3.9678, 1e-3);
  EXPECT_NEAR(ci->hi, 23.0059, 1e-3);
}

TEST(Wilson, ZeroCountStartsAtZero) {
  auto ci = WilsonInterval(0, 50, 1, kZ95);
  ASSERT_TRUE(ci);
  EXPECT_EQ(ci->lo, 0.0);
  EXPECT_NEAR(ci->hi, 0.071348, 1e-6);
}

TEST(Wilson, FullCountEndsAtOne) {
  auto ci = WilsonInterval(50, 50, 100, kZ95);
  ASSERT_TRUE(ci);
  EXPECT_NEAR(ci->lo, 92.86524, 1e-4);
  EXPECT_LE(ci->hi, 100.0);
  EXPECT_NEAR(ci->hi, 100.0, 1e-9);
}

TEST(Wilson, RefusesImpossibleInputs) {
  EXPECT_FALSE(WilsonInterval(0, 0, 1, kZ95));
  EXPECT_FALSE(WilsonInterval(1, -5, 1, kZ95));
  EXPECT_FALSE(WilsonInterval(-1, 10, 1, kZ95));
  EXPECT_FALSE(WilsonInterval(11, 10, 1, kZ95));
  EXPECT_FALSE(WilsonInterval(kNan, 10, 1, kZ95));
}

// --- Byar -------------------------------------------------------------------------------------------------

TEST(Byar, KnownValues95) {
  auto ci = ByarInterval(10, 1, 1, kZ95);
  ASSERT_TRUE(ci);
  // Byar's formula gives 4.7874; the exact Poisson limits are [4.7954, 18.3904]: the approximation is close.
  EXPECT_NEAR(ci->lo, 4.7874, 1e-3);
  EXPECT_NEAR(ci->hi, 18.3915, 1e-3);
  EXPECT_NEAR(ci->lo, 4.7954, 1e-2);
  EXPECT_NEAR(ci->hi, 18.3904, 1e-2);
}

TEST(Byar, KnownValuesLargerCountAnd998) {
  auto ci = ByarInterval(100, 1, 1, kZ95);
  ASSERT_TRUE(ci);
  EXPECT_NEAR(ci->lo, 81.3621, 1e-3);
  EXPECT_NEAR(ci->hi, 121.6279, 1e-3);
  auto wide = ByarInterval(10, 1, 1, kZ998);
  ASSERT_TRUE(wide);
  EXPECT_NEAR(wide->lo, 2.9163, 1e-3);
  EXPECT_NEAR(wide->hi, 24.1937, 1e-3);
}

TEST(Byar, DividesByDenominatorAndScalesByFactor) {
  auto ci = ByarInterval(10, 5000, 100000, kZ95);  // per 100,000
  ASSERT_TRUE(ci);
  EXPECT_NEAR(ci->lo, 4.7874 * 20, 1e-2);
  EXPECT_NEAR(ci->hi, 18.3915 * 20, 1e-2);
}

TEST(Byar, ZeroCountHasExactLowerZero) {
  auto ci = ByarInterval(0, 1, 1, kZ95);
  ASSERT_TRUE(ci);
  EXPECT_EQ(ci->lo, 0.0);
  EXPECT_NEAR(ci->hi, 3.6680, 1e-3);
}

TEST(Byar, LowerBoundNeverNegative) {
  // O = 1 at 99.8%: 1 - 1/9 - z/3 < 0, so the cube would be negative.
  auto ci = ByarInterval(1, 1, 1, kZ998);
  ASSERT_TRUE(ci);
  EXPECT_EQ(ci->lo, 0.0);
  EXPECT_GT(ci->hi, 1.0);
}

TEST(Byar, RefusesImpossibleInputs) {
  EXPECT_FALSE(ByarInterval(5, 0, 1, kZ95));
  EXPECT_FALSE(ByarInterval(5, -1, 1, kZ95));
  EXPECT_FALSE(ByarInterval(-1, 10, 1, kZ95));
  EXPECT_FALSE(ByarInterval(kNan, 10, 1, kZ95));
}

TEST(ConfidenceInterval, PicksTheFormulaByMethod) {
  auto p = ConfidenceInterval(CompareMethod::kCiProportion, 10, 100, 1, kZ95);
  ASSERT_TRUE(p);
  EXPECT_NEAR(p->lo, 0.055229, 1e-6);
  auto r = ConfidenceInterval(CompareMethod::kCiRate, 10, 1, 1, kZ95);
  ASSERT_TRUE(r);
  EXPECT_NEAR(r->lo, 4.7874, 1e-3);
  EXPECT_FALSE(ConfidenceInterval(CompareMethod::kQuintiles, 10, 100, 1, kZ95));
  EXPECT_FALSE(ConfidenceInterval(CompareMethod::kNone, 10, 100, 1, kZ95));
  EXPECT_FALSE(ConfidenceInterval(CompareMethod::kCiProportion, 10, 0, 1, kZ95));
}

// --- Distribution -----------------------------------------------------------------------------------------

TEST(Describe, QuartilesOfFourValues) {
  auto d = Describe({4, 1, 3, 2});
  ASSERT_TRUE(d);
  EXPECT_EQ(d->n, 4);
  EXPECT_DOUBLE_EQ(d->min, 1);
  EXPECT_DOUBLE_EQ(d->q1, 1.75);
  EXPECT_DOUBLE_EQ(d->median, 2.5);
  EXPECT_DOUBLE_EQ(d->q3, 3.25);
  EXPECT_DOUBLE_EQ(d->max, 4);
}

TEST(Describe, MatchesNumpyDefault) {
  // numpy.percentile(range(1, 11), [25, 50, 75]) == [3.25, 5.5, 7.75]; [3, 1, 2] -> [1.5, 2, 2.5].
  auto d = Describe({10, 9, 8, 7, 6, 5, 4, 3, 2, 1});
  ASSERT_TRUE(d);
  EXPECT_DOUBLE_EQ(d->q1, 3.25);
  EXPECT_DOUBLE_EQ(d->median, 5.5);
  EXPECT_DOUBLE_EQ(d->q3, 7.75);
  auto odd = Describe({3, 1, 2});
  ASSERT_TRUE(odd);
  EXPECT_DOUBLE_EQ(odd->q1, 1.5);
  EXPECT_DOUBLE_EQ(odd->median, 2);
  EXPECT_DOUBLE_EQ(odd->q3, 2.5);
}

TEST(Describe, SingleValueIsEveryQuartile) {
  auto d = Describe({7});
  ASSERT_TRUE(d);
  EXPECT_EQ(d->n, 1);
  EXPECT_DOUBLE_EQ(d->min, 7);
  EXPECT_DOUBLE_EQ(d->q1, 7);
  EXPECT_DOUBLE_EQ(d->median, 7);
  EXPECT_DOUBLE_EQ(d->q3, 7);
  EXPECT_DOUBLE_EQ(d->max, 7);
}

TEST(Describe, IgnoresNanAndRefusesEmpty) {
  auto d = Describe({kNan, 1, 2, kNan, 3, 4});
  ASSERT_TRUE(d);
  EXPECT_EQ(d->n, 4);
  EXPECT_DOUBLE_EQ(d->q1, 1.75);
  EXPECT_DOUBLE_EQ(d->q3, 3.25);
  EXPECT_FALSE(Describe({}));
  EXPECT_FALSE(Describe({kNan, kNan}));
}

// --- Quintile and rank ------------------------------------------------------------------------------------

TEST(Quintile, FiveValuesOneEach) {
  std::vector<double> v = {50, 10, 40, 20, 30};
  EXPECT_EQ(Quintile(10, v), 1);
  EXPECT_EQ(Quintile(20, v), 2);
  EXPECT_EQ(Quintile(30, v), 3);
  EXPECT_EQ(Quintile(40, v), 4);
  EXPECT_EQ(Quintile(50, v), 5);
}

TEST(Quintile, TenValuesTwoEach) {
  std::vector<double> v = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  const int expected[] = {1, 1, 2, 2, 3, 3, 4, 4, 5, 5};
  for (int i = 0; i < 10; ++i) EXPECT_EQ(Quintile(v[i], v), expected[i]) << "value " << v[i];
}

TEST(Quintile, UnevenCountIsSymmetric) {
  std::vector<double> v = {1, 2, 3, 4, 5, 6, 7};
  const int expected[] = {1, 2, 2, 3, 4, 4, 5};
  for (int i = 0; i < 7; ++i) EXPECT_EQ(Quintile(v[i], v), expected[i]) << "value " << v[i];
}

TEST(Quintile, TiesShareAQuintile) {
  EXPECT_EQ(Quintile(3, {3, 3, 3, 3, 3}), 3);
  std::vector<double> v = {1, 1, 5, 5, 5, 5, 5, 5, 9, 9};
  EXPECT_EQ(Quintile(1, v), 1);
  EXPECT_EQ(Quintile(5, v), 3);
  EXPECT_EQ(Quintile(9, v), 5);
}

TEST(Quintile, ValueOutsideTheSetIsCapped) {
  std::vector<double> v = {1, 2, 3, 4, 5};
  EXPECT_EQ(Quintile(0, v), 1);
  EXPECT_EQ(Quintile(6, v), 5);
}

TEST(Quintile, NeedsFiveValuesAndIgnoresNan) {
  EXPECT_FALSE(Quintile(1, {1, 2, 3, 4}));
  EXPECT_FALSE(Quintile(1, {1, 2, 3, 4, kNan}));
  EXPECT_EQ(Quintile(5, {1, 2, kNan, 3, 4, 5}), 5);
  EXPECT_FALSE(Quintile(kNan, {1, 2, 3, 4, 5}));
}

TEST(Rank, HighestIsFirstAndTiesShareTheBestRank) {
  std::vector<double> v = {10, 20, 30, 20};
  EXPECT_EQ(RankDescending(30, v), 1);
  EXPECT_EQ(RankDescending(20, v), 2);
  EXPECT_EQ(RankDescending(10, v), 4);
  EXPECT_EQ(RankDescending(40, v), 1);
}

TEST(Rank, IgnoresNan) {
  EXPECT_EQ(RankDescending(10, {kNan, 10, 20, kNan}), 2);
  EXPECT_EQ(RankDescending(kNan, {10, 20}), 0);
  EXPECT_EQ(RankDescending(5, {}), 1);
}

// --- Judgement: confidence intervals ----------------------------------------------------------------------

TEST(JudgeCi, ProportionAboveReference) {
  EXPECT_EQ(Judge(Proportion(Polarity::kHighGood, 3)), Judgement::kBetter);
  EXPECT_EQ(Judge(Proportion(Polarity::kLowGood, 3)), Judgement::kWorse);
  EXPECT_EQ(Judge(Proportion(Polarity::kNone, 3)), Judgement::kHigher);
}

TEST(JudgeCi, ProportionBelowReference) {
  EXPECT_EQ(Judge(Proportion(Polarity::kHighGood, 20)), Judgement::kWorse);
  EXPECT_EQ(Judge(Proportion(Polarity::kLowGood, 20)), Judgement::kBetter);
  EXPECT_EQ(Judge(Proportion(Polarity::kNone, 20)), Judgement::kLower);
}

TEST(JudgeCi, ProportionOverlappingReference) {
  for (Polarity p : {Polarity::kHighGood, Polarity::kLowGood, Polarity::kNone}) {
    EXPECT_EQ(Judge(Proportion(p, 12)), Judgement::kSimilar) << PolarityName(p);
  }
}

TEST(JudgeCi, WiderLevelTurnsDifferenceIntoSimilar) {
  auto in = Proportion(Polarity::kHighGood, 5);  // 95% [5.52, 17.44]; 99.8% [3.97, 23.01]
  EXPECT_EQ(Judge(in), Judgement::kBetter);
  in.z = kZ998;
  EXPECT_EQ(Judge(in), Judgement::kSimilar);
}

TEST(JudgeCi, RateAllBranches) {
  EXPECT_EQ(Judge(Rate(Polarity::kHighGood, 3)), Judgement::kBetter);
  EXPECT_EQ(Judge(Rate(Polarity::kLowGood, 3)), Judgement::kWorse);
  EXPECT_EQ(Judge(Rate(Polarity::kNone, 3)), Judgement::kHigher);
  EXPECT_EQ(Judge(Rate(Polarity::kHighGood, 25)), Judgement::kWorse);
  EXPECT_EQ(Judge(Rate(Polarity::kLowGood, 25)), Judgement::kBetter);
  EXPECT_EQ(Judge(Rate(Polarity::kNone, 25)), Judgement::kLower);
  EXPECT_EQ(Judge(Rate(Polarity::kHighGood, 10)), Judgement::kSimilar);
  EXPECT_EQ(Judge(Rate(Polarity::kLowGood, 10)), Judgement::kSimilar);
  EXPECT_EQ(Judge(Rate(Polarity::kNone, 10)), Judgement::kSimilar);
}

TEST(JudgeCi, TouchingBoundIsSimilar) {
  auto in = Rate(Polarity::kHighGood, 0);
  in.numerator = 0;  // lower bound exactly 0, equal to the reference
  in.value = 0;
  EXPECT_EQ(Judge(in), Judgement::kSimilar);
}

TEST(JudgeCi, NotComparedWhenSomethingIsMissing) {
  auto no_value = Proportion(Polarity::kHighGood, 3);
  no_value.value.reset();
  EXPECT_EQ(Judge(no_value), Judgement::kNotCompared);
  auto nan_value = Proportion(Polarity::kHighGood, 3);
  nan_value.value = kNan;
  EXPECT_EQ(Judge(nan_value), Judgement::kNotCompared);
  auto no_reference = Proportion(Polarity::kHighGood, 3);
  no_reference.reference.reset();
  EXPECT_EQ(Judge(no_reference), Judgement::kNotCompared);
  auto nan_reference = Rate(Polarity::kHighGood, kNan);
  EXPECT_EQ(Judge(nan_reference), Judgement::kNotCompared);
  auto no_denominator = Rate(Polarity::kHighGood, 3);
  no_denominator.denominator = 0;
  EXPECT_EQ(Judge(no_denominator), Judgement::kNotCompared);
  auto impossible = Proportion(Polarity::kHighGood, 3);
  impossible.numerator = 150;  // more cases than the total
  EXPECT_EQ(Judge(impossible), Judgement::kNotCompared);
  auto no_method = Proportion(Polarity::kHighGood, 3);
  no_method.method = CompareMethod::kNone;
  EXPECT_EQ(Judge(no_method), Judgement::kNotCompared);
}

// --- Judgement: quintiles ---------------------------------------------------------------------------------

TEST(JudgeQuintiles, HighGood) {
  EXPECT_EQ(Judge(Quintiles(Polarity::kHighGood, 10)), Judgement::kBetter);
  EXPECT_EQ(Judge(Quintiles(Polarity::kHighGood, 9)), Judgement::kBetter);
  EXPECT_EQ(Judge(Quintiles(Polarity::kHighGood, 8)), Judgement::kSimilar);
  EXPECT_EQ(Judge(Quintiles(Polarity::kHighGood, 3)), Judgement::kSimilar);
  EXPECT_EQ(Judge(Quintiles(Polarity::kHighGood, 2)), Judgement::kWorse);
  EXPECT_EQ(Judge(Quintiles(Polarity::kHighGood, 1)), Judgement::kWorse);
}

TEST(JudgeQuintiles, LowGood) {
  EXPECT_EQ(Judge(Quintiles(Polarity::kLowGood, 10)), Judgement::kWorse);
  EXPECT_EQ(Judge(Quintiles(Polarity::kLowGood, 5)), Judgement::kSimilar);
  EXPECT_EQ(Judge(Quintiles(Polarity::kLowGood, 1)), Judgement::kBetter);
}

TEST(JudgeQuintiles, NoPolarityIsNotCompared) {
  EXPECT_EQ(Judge(Quintiles(Polarity::kNone, 10)), Judgement::kNotCompared);
  EXPECT_EQ(Judge(Quintiles(Polarity::kNone, 1)), Judgement::kNotCompared);
}

TEST(JudgeQuintiles, ReferenceIsNotNeeded) {
  auto in = Quintiles(Polarity::kHighGood, 10);
  EXPECT_FALSE(in.reference);
  EXPECT_EQ(Judge(in), Judgement::kBetter);
}

TEST(JudgeQuintiles, NotComparedWithFewPeersOrNoValue) {
  auto few = Quintiles(Polarity::kHighGood, 4);
  few.peers = {1, 2, 3, 4};
  EXPECT_EQ(Judge(few), Judgement::kNotCompared);
  few.peers = {1, 2, 3, 4, kNan};
  EXPECT_EQ(Judge(few), Judgement::kNotCompared);
  auto no_value = Quintiles(Polarity::kHighGood, 4);
  no_value.value.reset();
  EXPECT_EQ(Judge(no_value), Judgement::kNotCompared);
}

// --- Names ------------------------------------------------------------------------------------------------

TEST(BenchmarkNames, JudgementNames) {
  EXPECT_EQ(JudgementName(Judgement::kBetter), "better");
  EXPECT_EQ(JudgementName(Judgement::kSimilar), "similar");
  EXPECT_EQ(JudgementName(Judgement::kWorse), "worse");
  EXPECT_EQ(JudgementName(Judgement::kHigher), "higher");
  EXPECT_EQ(JudgementName(Judgement::kLower), "lower");
  EXPECT_EQ(JudgementName(Judgement::kNotCompared), "not_compared");
}

TEST(BenchmarkNames, PolarityRoundTrip) {
  EXPECT_EQ(ParsePolarity("high_good"), Polarity::kHighGood);
  EXPECT_EQ(ParsePolarity("low_good"), Polarity::kLowGood);
  EXPECT_EQ(ParsePolarity("none"), Polarity::kNone);
  for (Polarity p : {Polarity::kHighGood, Polarity::kLowGood, Polarity::kNone}) {
    EXPECT_EQ(ParsePolarity(PolarityName(p)), p);
  }
  EXPECT_FALSE(ParsePolarity("High_Good"));
  EXPECT_FALSE(ParsePolarity(""));
}

TEST(BenchmarkNames, CompareMethodRoundTrip) {
  EXPECT_EQ(ParseCompareMethod("ci_proportion"), CompareMethod::kCiProportion);
  EXPECT_EQ(ParseCompareMethod("ci_rate"), CompareMethod::kCiRate);
  EXPECT_EQ(ParseCompareMethod("quintiles"), CompareMethod::kQuintiles);
  EXPECT_EQ(ParseCompareMethod("none"), CompareMethod::kNone);
  for (CompareMethod m :
       {CompareMethod::kCiProportion, CompareMethod::kCiRate, CompareMethod::kQuintiles, CompareMethod::kNone}) {
    EXPECT_EQ(ParseCompareMethod(CompareMethodName(m)), m);
  }
  EXPECT_FALSE(ParseCompareMethod("wilson"));
}

// --- Coefficient of variation -----------------------------------------------------------------------------

TEST(CoefficientOfVariation, KnownSet) {
  // mean 5, sample variance 32/7, sd 2.13809
  auto cv = CoefficientOfVariation({2, 4, 4, 4, 5, 5, 7, 9});
  ASSERT_TRUE(cv);
  EXPECT_NEAR(*cv, std::sqrt(32.0 / 7.0) / 5.0, 1e-12);
  EXPECT_NEAR(*cv, 0.427618, 1e-6);
}

TEST(CoefficientOfVariation, IgnoresNan) {
  auto cv = CoefficientOfVariation({2, kNan, 4, 4, 4, 5, 5, 7, 9, kNan});
  ASSERT_TRUE(cv);
  EXPECT_NEAR(*cv, 0.427618, 1e-6);
}

TEST(CoefficientOfVariation, EqualValuesHaveNoVariation) {
  auto cv = CoefficientOfVariation({0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1});
  ASSERT_TRUE(cv);
  EXPECT_GE(*cv, 0.0);
  EXPECT_NEAR(*cv, 0.0, 1e-12);
}

TEST(CoefficientOfVariation, RefusesTooFewValuesOrZeroMean) {
  EXPECT_FALSE(CoefficientOfVariation({}));
  EXPECT_FALSE(CoefficientOfVariation({5}));
  EXPECT_FALSE(CoefficientOfVariation({5, kNan}));
  EXPECT_FALSE(CoefficientOfVariation({-1, 1}));
}

}  // namespace pdz::knowledge
