// Money formatting and exact proportional splits.
#include "core/money/money.hpp"

#include <algorithm>
#include <numeric>

#include "core/base/assert.hpp"

namespace pdz::core {

std::string FormatEuro(Cents cents) {
  bool negative = cents < 0;
  unsigned long long abs =
      negative ? static_cast<unsigned long long>(-(cents + 1)) + 1 : static_cast<unsigned long long>(cents);
  std::string euros = std::to_string(abs / 100);
  std::string grouped;
  for (size_t i = 0; i < euros.size(); ++i) {
    if (i > 0 && (euros.size() - i) % 3 == 0) grouped += '.';
    grouped += euros[i];
  }
  unsigned long long c = abs % 100;
  return (negative ? "-" : "") + grouped + "," + (c < 10 ? "0" : "") + std::to_string(c) + " €";
}

std::vector<Cents> SplitLargestRemainder(Cents total, const std::vector<Cents>& weights) {
  std::vector<Cents> shares(weights.size(), 0);
  if (weights.empty()) return shares;
  __int128 sum = 0;
  for (Cents w : weights) {
    PDZ_ASSERT(w >= 0, "negative weight");
    sum += w;
  }
  if (sum == 0) {
    PDZ_ASSERT(total == 0, "cannot split a non-zero total on zero weights");
    return shares;
  }
  std::vector<__int128> remainders(weights.size());
  Cents assigned = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    __int128 product = static_cast<__int128>(total) * weights[i];
    shares[i] = static_cast<Cents>(product / sum);
    remainders[i] = product % sum;
    assigned += shares[i];
  }
  std::vector<size_t> order(weights.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return remainders[a] > remainders[b]; });
  for (Cents left = total - assigned, k = 0; left > 0; --left, ++k)
    ++shares[order[static_cast<size_t>(k) % order.size()]];
  return shares;
}

}  // namespace pdz::core
