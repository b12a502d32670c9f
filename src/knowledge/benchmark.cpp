// Fingertips-style benchmarking: interval formulas, five-number summary, rank, quintile and judgement.
#include "knowledge/benchmark.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace pdz::knowledge {
namespace {

bool Finite(double x) { return std::isfinite(x); }

std::vector<double> WithoutNan(const std::vector<double>& values) {
  std::vector<double> out;
  out.reserve(values.size());
  for (double v : values) {
    if (!std::isnan(v)) out.push_back(v);
  }
  return out;
}

// Linear interpolation between closest ranks on sorted values (Hyndman & Fan 1996, definition 7):
// h = (n - 1) p, Q(p) = x[floor(h)] + (h - floor(h)) (x[floor(h) + 1] - x[floor(h)]).
double QuantileType7(const std::vector<double>& sorted, double p) {
  const double h = static_cast<double>(sorted.size() - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  if (lo + 1 >= sorted.size()) return sorted.back();
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[lo + 1] - sorted[lo]);
}

bool Present(const std::optional<double>& x) { return x.has_value() && !std::isnan(*x); }

}  // namespace

// Wilson (1927), "Probable inference, the law of succession, and statistical inference", JASA 22:209-212;
// as in Newcombe (1998) method 3 and the PHE/OHID Fingertips technical guide on confidence intervals:
//   (p + z²/2n ± z·sqrt(p(1 - p)/n + z²/4n²)) / (1 + z²/n),  p = count / n.
std::optional<Interval> WilsonInterval(double count, double n, double factor, double z) {
  if (!Finite(count) || !Finite(n) || !Finite(factor) || !Finite(z)) return std::nullopt;
  if (n <= 0 || count < 0 || count > n) return std::nullopt;
  const double p = count / n;
  const double z2 = z * z;
  const double centre = p + z2 / (2 * n);
  const double half = z * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n));
  const double denom = 1 + z2 / n;
  // The bounds lie in [0, 1] in exact arithmetic; clamp the last bit of rounding (count == 0 or count == n).
  const double lo = std::clamp((centre - half) / denom, 0.0, 1.0);
  const double hi = std::clamp((centre + half) / denom, 0.0, 1.0);
  return Interval{lo * factor, hi * factor};
}

// Byar's approximation to the exact Poisson limits (Breslow & Day 1987, "Statistical Methods in Cancer
// Research" vol. II; PHE/OHID Fingertips technical guide), O = observed count:
//   lower = O·(1 − 1/(9O) − z/(3√O))³,  upper = (O + 1)·(1 − 1/(9(O + 1)) + z/(3√(O + 1)))³,
// each divided by the denominator and multiplied by the factor. The exact lower limit for O = 0 is 0.
std::optional<Interval> ByarInterval(double count, double denominator, double factor, double z) {
  if (!Finite(count) || !Finite(denominator) || !Finite(factor) || !Finite(z)) return std::nullopt;
  if (denominator <= 0 || count < 0) return std::nullopt;
  double lower = 0;
  if (count > 0) {
    const double base = 1 - 1 / (9 * count) - z / (3 * std::sqrt(count));
    // For very small O at a high z the bracket turns negative; a count's lower limit is never below 0.
    lower = base > 0 ? count * base * base * base : 0;
  }
  const double o1 = count + 1;
  const double up = 1 - 1 / (9 * o1) + z / (3 * std::sqrt(o1));
  const double upper = o1 * up * up * up;
  return Interval{lower / denominator * factor, upper / denominator * factor};
}

std::optional<Interval> ConfidenceInterval(CompareMethod method, double numerator, double denominator, double factor,
                                           double z) {
  switch (method) {
    case CompareMethod::kCiProportion:
      return WilsonInterval(numerator, denominator, factor, z);
    case CompareMethod::kCiRate:
      return ByarInterval(numerator, denominator, factor, z);
    case CompareMethod::kQuintiles:
    case CompareMethod::kNone:
      return std::nullopt;
  }
  return std::nullopt;
}

std::optional<Distribution> Describe(std::vector<double> values) {
  std::erase_if(values, [](double v) { return std::isnan(v); });
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  Distribution d;
  d.n = static_cast<int>(values.size());
  d.min = values.front();
  d.q1 = QuantileType7(values, 0.25);
  d.median = QuantileType7(values, 0.5);
  d.q3 = QuantileType7(values, 0.75);
  d.max = values.back();
  return d;
}

std::optional<int> Quintile(double value, const std::vector<double>& values) {
  if (std::isnan(value)) return std::nullopt;
  long long n = 0;
  long long below = 0;
  long long equal = 0;
  for (double v : values) {
    if (std::isnan(v)) continue;
    ++n;
    if (v < value) ++below;
    if (v == value) ++equal;
  }
  if (n < 5) return std::nullopt;
  // Mid-rank percentile p = (below + equal/2) / n; quintile = floor(5p) + 1, in integers to avoid rounding.
  const long long q = (5 * (2 * below + equal)) / (2 * n) + 1;
  return static_cast<int>(std::min(q, 5LL));
}

int RankDescending(double value, const std::vector<double>& values) {
  if (std::isnan(value)) return 0;
  int greater = 0;
  for (double v : values) {
    if (v > value) ++greater;  // NaN compares false, so it is ignored
  }
  return greater + 1;
}

namespace {

Judgement FromDirection(int direction, Polarity polarity) {
  if (direction == 0) return Judgement::kSimilar;
  switch (polarity) {
    case Polarity::kHighGood:
      return direction > 0 ? Judgement::kBetter : Judgement::kWorse;
    case Polarity::kLowGood:
      return direction > 0 ? Judgement::kWorse : Judgement::kBetter;
    case Polarity::kNone:
      return direction > 0 ? Judgement::kHigher : Judgement::kLower;
  }
  return Judgement::kNotCompared;
}

}  // namespace

Judgement Judge(const JudgementInput& in) {
  if (!Present(in.value)) return Judgement::kNotCompared;
  switch (in.method) {
    case CompareMethod::kCiProportion:
    case CompareMethod::kCiRate: {
      if (!Present(in.reference)) return Judgement::kNotCompared;
      const auto ci = ConfidenceInterval(in.method, in.numerator, in.denominator, in.factor, in.z);
      if (!ci) return Judgement::kNotCompared;
      const double ref = *in.reference;
      const int direction = ci->lo > ref ? 1 : (ci->hi < ref ? -1 : 0);
      return FromDirection(direction, in.polarity);
    }
    case CompareMethod::kQuintiles: {
      if (in.polarity == Polarity::kNone) return Judgement::kNotCompared;
      const auto q = Quintile(*in.value, in.peers);
      if (!q) return Judgement::kNotCompared;
      const int direction = *q == 5 ? 1 : (*q == 1 ? -1 : 0);
      return FromDirection(direction, in.polarity);
    }
    case CompareMethod::kNone:
      return Judgement::kNotCompared;
  }
  return Judgement::kNotCompared;
}

std::string_view JudgementName(Judgement judgement) {
  switch (judgement) {
    case Judgement::kBetter:
      return "better";
    case Judgement::kSimilar:
      return "similar";
    case Judgement::kWorse:
      return "worse";
    case Judgement::kHigher:
      return "higher";
    case Judgement::kLower:
      return "lower";
    case Judgement::kNotCompared:
      return "not_compared";
  }
  return "not_compared";
}

std::string_view PolarityName(Polarity polarity) {
  switch (polarity) {
    case Polarity::kHighGood:
      return "high_good";
    case Polarity::kLowGood:
      return "low_good";
    case Polarity::kNone:
      return "none";
  }
  return "none";
}

std::string_view CompareMethodName(CompareMethod method) {
  switch (method) {
    case CompareMethod::kCiProportion:
      return "ci_proportion";
    case CompareMethod::kCiRate:
      return "ci_rate";
    case CompareMethod::kQuintiles:
      return "quintiles";
    case CompareMethod::kNone:
      return "none";
  }
  return "none";
}

std::optional<Polarity> ParsePolarity(std::string_view text) {
  for (Polarity p : {Polarity::kHighGood, Polarity::kLowGood, Polarity::kNone}) {
    if (PolarityName(p) == text) return p;
  }
  return std::nullopt;
}

std::optional<CompareMethod> ParseCompareMethod(std::string_view text) {
  for (CompareMethod m :
       {CompareMethod::kCiProportion, CompareMethod::kCiRate, CompareMethod::kQuintiles, CompareMethod::kNone}) {
    if (CompareMethodName(m) == text) return m;
  }
  return std::nullopt;
}

std::optional<double> CoefficientOfVariation(const std::vector<double>& values) {
  const std::vector<double> xs = WithoutNan(values);
  if (xs.size() < 2) return std::nullopt;
  const auto n = static_cast<double>(xs.size());
  double sum = 0;
  for (double x : xs) sum += x;
  const double mean = sum / n;
  if (mean == 0) return std::nullopt;
  // Two passes (mean, then squared deviations) keep the variance accurate for values far from 0.
  double ss = 0;
  for (double x : xs) ss += (x - mean) * (x - mean);
  const double variance = std::max(ss / (n - 1), 0.0);
  return std::sqrt(variance) / mean;
}

}  // namespace pdz::knowledge
