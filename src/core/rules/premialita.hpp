// The premialità engine: rewards per ambito under a Region's ruleset, with a trace of every rule.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/base/date.hpp"
#include "core/base/error.hpp"
#include "core/money/money.hpp"

namespace pdz::core {

/// One tier of a date-graded reward: paid when the date falls in [from, to] (inclusive; open ends).
struct DateTier {
  std::optional<Date> from;
  std::optional<Date> to;
  Cents amount = 0;
};

enum class RewardKind {
  kDateTier,      // paid by the date of a fact (e.g. AdP signature), when a condition holds
  kObjective,     // paid when the ambito reached a strategic objective
  kSharedPolicy,  // paid to each ambito of a policy carried out by >= N ambiti of the same district
};

struct RewardRule {
  std::string id;
  std::string title;
  std::string act;  // the act that sets it: "DGR 7631/2017, livello 1"
  RewardKind kind = RewardKind::kObjective;
  std::vector<std::string> requires_rules;  // rules that must have paid first (level 1 before level 2)
  // kDateTier
  std::string condition_fact;  // a boolean fact that must be true, e.g. "ambito_distrettuale"
  std::string date_fact;       // e.g. "adp_signed_on"
  std::vector<DateTier> tiers;
  // kObjective
  std::string objective;
  // kObjective, kSharedPolicy; empty = a parameter the Region has not filled
  std::optional<Cents> amount;
  // kSharedPolicy
  int min_ambiti = 2;
};

struct PremialitaRules {
  std::vector<RewardRule> rules;
  std::optional<Cents> cap_per_ambito;  // e.g. 60,000 EUR per ambito distrettuale
  std::string cap_act;
  std::optional<Cents> budget;  // Region-wide; claims above it are scaled down pro rata
  std::string budget_act;
};

struct AmbitoFacts {
  std::string code;
  std::string district;  // social-health district, for shared policies
  std::map<std::string, bool> flags;
  std::map<std::string, Date> dates;
  std::set<std::string> objectives_reached;
};

struct PolicyFacts {
  std::string code;
  std::string title;
  std::vector<std::string> ambiti;
};

struct PremialitaFacts {
  std::vector<AmbitoFacts> ambiti;
  std::vector<PolicyFacts> policies;
};

/// One line of the trace: which rule, its act, what it paid (0 when it did not) and why.
struct RewardLine {
  std::string rule;
  std::string act;
  Cents amount = 0;
  std::string reason;  // Italian
};

struct AmbitoReward {
  std::string code;
  Cents total = 0;
  std::vector<RewardLine> lines;
};

struct PremialitaResult {
  std::vector<AmbitoReward> ambiti;
  Cents claimed = 0;  // before the budget
  Cents total = 0;    // after the budget
  std::optional<Cents> budget;
};

/// Checks a ruleset's reward rules: unique ids, an act on each, known preconditions (declared
/// before), tiers that do not overlap, non-negative amounts. Problems name `rules[i].field`.
Result<void> ValidatePremialitaRules(const PremialitaRules& rules);

/// Fills a value the acts leave to the Region: "budget", "cap", or a rule id (its amount).
/// An error names an unknown parameter or a negative value.
Result<void> SetPremialitaParameter(PremialitaRules& rules, const std::string& name, Cents value);

/// Computes every ambito's reward. Fails when a rule that would pay has no amount set (a parameter
/// the Region must fill), or the facts name an unknown or repeated ambito.
Result<PremialitaResult> ComputePremialita(const PremialitaRules& rules, const PremialitaFacts& facts);

}  // namespace pdz::core
