// Fund allocation among ambiti: fixed quota, reward pot by premialità, per-capita quota, and a cut
// (decurtazione) for ambiti below an integration threshold, redistributed per capita to the others.
// Every ambito's amount is explained line by line; the total is preserved to the cent.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/base/error.hpp"
#include "core/money/money.hpp"

namespace pdz::core {

/// Population of an age band ("0-17", "65+": the codes of the population data).
struct BandPopulation {
  std::string band;
  std::int64_t population = 0;
};

/// The weight of an age band in the per-capita quota, in basis points (10000 = one inhabitant).
struct AgeWeight {
  std::string band;
  int weight_bp = 10000;
};

struct AllocationAmbito {
  std::string code;
  std::int64_t population = 0;        // at the reference date (or weighted by age bands, by the caller)
  Cents premialita = 0;               // outcome of the reward rules, weights the reward pot
  std::optional<int> integration_bp;  // share managed jointly, in basis points (0..10000)
  std::vector<BandPopulation> bands;  // needed when the method weights age bands
};

struct AllocationMethod {
  Cents fixed_quota = 0;                        // to every ambito
  Cents reward_pot = 0;                         // split in proportion to premialità
  std::optional<int> integration_threshold_bp;  // below it, the per-capita quota is cut
  int cut_bp = 0;                               // share of the per-capita quota cut (basis points)
  std::vector<AgeWeight> age_weights;           // when set, the per-capita quota weighs these bands
  std::string act;                              // the act that sets the method
};

struct AllocationLine {
  std::string kind;  // quota_fissa, premialita, quota_capitaria, decurtazione, redistribuzione
  Cents amount = 0;
  std::string reason;  // Italian
};

struct AllocationShare {
  std::string code;
  Cents total = 0;
  std::vector<AllocationLine> lines;
};

struct AllocationResult {
  Cents total = 0;
  std::vector<AllocationShare> ambiti;
};

/// Allocates `total`. Fails (naming the field) on negative amounts, a threshold or cut outside
/// 0..10000, a fixed quota and reward pot larger than the total, repeated ambiti, no population.
Result<AllocationResult> Allocate(Cents total, const AllocationMethod& method,
                                  const std::vector<AllocationAmbito>& ambiti);

}  // namespace pdz::core
