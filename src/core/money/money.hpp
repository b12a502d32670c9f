// Money is integer euro cents; splits preserve the total to the cent (largest remainder).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace pdz::core {

using Cents = std::int64_t;

/// "30.000,00 €" (Italian grouping), for explanations.
std::string FormatEuro(Cents cents);

/// Splits `total` in proportion to `weights` (all >= 0, not all zero unless total is 0) so that
/// the shares sum exactly to `total`: each share is floored, then the cents left go one each to the
/// largest remainders (ties: the earlier index). Hamilton's method.
std::vector<Cents> SplitLargestRemainder(Cents total, const std::vector<Cents>& weights);

}  // namespace pdz::core
