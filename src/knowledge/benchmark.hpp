// Fingertips-style benchmarking of an indicator value: confidence intervals, distribution, rank, quintile, judgement.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace pdz::knowledge {

/// Which direction of an indicator is desirable.
enum class Polarity { kHighGood, kLowGood, kNone };

/// How an entity's value is compared with its reference: by confidence interval (Wilson for proportions,
/// Byar for rates) against the reference value, or by quintile among its peers.
enum class CompareMethod { kCiProportion, kCiRate, kQuintiles, kNone };

/// The outcome of a comparison. kHigher and kLower are for indicators without polarity (kNone), whose
/// differences are neither better nor worse.
enum class Judgement { kBetter, kSimilar, kWorse, kHigher, kLower, kNotCompared };

/// z for a two-sided 95% interval (Fingertips' first level).
inline constexpr double kZ95 = 1.959964;
/// z for a two-sided 99.8% interval (Fingertips' second level).
inline constexpr double kZ998 = 3.090232;

/// A closed interval [lo, hi] on the indicator's scale.
struct Interval {
  double lo = 0;
  double hi = 0;
};

/// Wilson score interval for a proportion count/n, scaled by factor (100 for a percentage).
/// nullopt when n <= 0, count < 0, count > n, or an input is not finite.
std::optional<Interval> WilsonInterval(double count, double n, double factor, double z);

/// Byar's approximation of the Poisson interval for a rate count/denominator × factor (count is the number
/// of events observed); the lower bound is exactly 0 when count == 0 and never below 0.
/// nullopt when denominator <= 0, count < 0, or an input is not finite.
std::optional<Interval> ByarInterval(double count, double denominator, double factor, double z);

/// The interval of an indicator value by its method: Wilson for kCiProportion, Byar for kCiRate;
/// nullopt for kQuintiles and kNone, and where the interval function answers nullopt.
std::optional<Interval> ConfidenceInterval(CompareMethod method, double numerator, double denominator, double factor,
                                           double z);

/// Five-number summary of a set of values.
struct Distribution {
  int n = 0;  // values counted (NaN excluded)
  double min = 0;
  double q1 = 0;
  double median = 0;
  double q3 = 0;
  double max = 0;
};

/// Min, quartiles and max; quartiles by linear interpolation between closest ranks (R type 7, numpy's
/// default). NaN values are ignored; nullopt when no value is left.
std::optional<Distribution> Describe(std::vector<double> values);

/// Quintile (1..5, 1 = lowest values) of value among values, by mid-rank: p = (below + equal / 2) / n,
/// quintile = floor(5p) + 1 (capped at 5). Ties share a quintile and the result is symmetric (the k-th lowest
/// and k-th highest of n distinct values land in mirrored quintiles). values should include the entity's own
/// value. NaN values are ignored; nullopt when value is NaN or fewer than 5 values are left.
std::optional<int> Quintile(double value, const std::vector<double>& values);

/// Rank (1 = highest) of value among values: 1 + the number of values strictly greater, so ties share the best
/// rank (SQL RANK() ordered descending). NaN values are ignored; a NaN value ranks 0 (no rank).
int RankDescending(double value, const std::vector<double>& values);

/// What Judge() compares.
struct JudgementInput {
  CompareMethod method = CompareMethod::kNone;
  Polarity polarity = Polarity::kNone;
  double numerator = 0;             // for CI methods: the count (events, or cases of the proportion)
  double denominator = 0;           // for CI methods: the population at risk (rate) or total (proportion)
  double factor = 1;                // the indicator's multiplier (100 for %, 1000 for per thousand...)
  std::optional<double> value;      // the entity's value; missing or NaN -> kNotCompared
  std::optional<double> reference;  // the comparator's value (parent, Region, Italy); used by CI methods
  std::vector<double> peers;        // the values ranked for quintiles, the entity's own included
  double z = kZ95;
};

/// The Fingertips judgement of an entity.
///  - CI methods: the entity's interval (at z) against the reference value: entirely above -> higher,
///    entirely below -> lower, touching or containing it -> kSimilar. Higher is kBetter with kHighGood and
///    kWorse with kLowGood; with kNone it stays kHigher / kLower.
///  - kQuintiles: the entity's quintile among peers: with kHighGood Q5 is kBetter and Q1 kWorse, with kLowGood
///    the reverse, Q2..Q4 kSimilar; with kNone kNotCompared. The reference is not used.
///  - kNotCompared when the method is kNone, the value (or, for CI methods, the reference) is missing or NaN,
///    the interval cannot be computed, or fewer than 5 peers remain for quintiles.
Judgement Judge(const JudgementInput& in);

/// The stable string of a judgement: "better", "similar", "worse", "higher", "lower", "not_compared".
std::string_view JudgementName(Judgement judgement);
/// The stable string of a polarity: "high_good", "low_good", "none".
std::string_view PolarityName(Polarity polarity);
/// The stable string of a method: "ci_proportion", "ci_rate", "quintiles", "none".
std::string_view CompareMethodName(CompareMethod method);
/// The polarity named by PolarityName(); nullopt for any other string.
std::optional<Polarity> ParsePolarity(std::string_view text);
/// The method named by CompareMethodName(); nullopt for any other string.
std::optional<CompareMethod> ParseCompareMethod(std::string_view text);

/// Coefficient of variation: sample standard deviation (n - 1 denominator) / mean, signed as the mean.
/// NaN values are ignored; nullopt when fewer than 2 values are left or the mean is 0. A tiny negative
/// variance from rounding counts as 0.
std::optional<double> CoefficientOfVariation(const std::vector<double>& values);

}  // namespace pdz::knowledge
