// Rulesets and premialità without a database: the what-if calculator shared by the CLI and the API.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "core/base/error.hpp"
#include "core/rules/premialita.hpp"
#include "core/rules/ruleset.hpp"

namespace pdz::app {

/// The ruleset's summary: code, act, period, counts, and the parameters the Region must fill.
nlohmann::json RulesetSummary(const core::Ruleset& ruleset);

/// Premialità as JSON: per ambito code, total_cents and lines (rule, act, amount_cents, reason),
/// with total_cents, claimed_cents and budget_cents overall.
nlohmann::json PremialitaJson(const core::PremialitaResult& result);

/// Parses a ruleset and a facts file, fills the parameters given, computes the rewards.
Result<nlohmann::json> PremialitaWhatIf(const std::string& ruleset_text, const std::string& ruleset_file,
                                        const std::string& facts_text, const std::string& facts_file,
                                        const std::map<std::string, core::Cents>& parameters);

}  // namespace pdz::app
