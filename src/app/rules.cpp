// The premialità calculator and the JSON forms of rulesets and rewards.
#include "app/rules.hpp"

#include "io/ruleset_file.hpp"

namespace pdz::app {

using nlohmann::json;

json RulesetSummary(const core::Ruleset& rs) {
  return json{{"code", rs.code},
              {"region", rs.region},
              {"title", rs.title},
              {"act", rs.act},
              {"period", {{"from", rs.period_from.ToString()}, {"to", rs.period_to.ToString()}}},
              {"required_sections", rs.required_sections.size()},
              {"strategic_objectives", rs.strategic_objectives.size()},
              {"funds", rs.funds.size()},
              {"deadlines", rs.deadlines.size()},
              {"premialita_rules", rs.premialita.rules.size()},
              {"parameters", rs.parameters}};
}

json PremialitaJson(const core::PremialitaResult& result) {
  json ambiti = json::array();
  for (const auto& a : result.ambiti) {
    json lines = json::array();
    for (const auto& l : a.lines) {
      lines.push_back({{"rule", l.rule}, {"act", l.act}, {"amount_cents", l.amount}, {"reason", l.reason}});
    }
    ambiti.push_back({{"code", a.code}, {"total_cents", a.total}, {"lines", lines}});
  }
  return json{{"ambiti", ambiti},
              {"total_cents", result.total},
              {"claimed_cents", result.claimed},
              {"budget_cents", result.budget ? json(*result.budget) : json(nullptr)}};
}

Result<json> PremialitaWhatIf(const std::string& ruleset_text, const std::string& ruleset_file,
                              const std::string& facts_text, const std::string& facts_file,
                              const std::map<std::string, core::Cents>& parameters) {
  PDZ_ASSIGN(core::Ruleset ruleset, io::ParseRulesetJson(ruleset_text, ruleset_file));
  for (const auto& [name, value] : parameters) PDZ_TRY(core::SetPremialitaParameter(ruleset.premialita, name, value));
  PDZ_ASSIGN(core::PremialitaFacts facts, io::ParsePremialitaFacts(facts_text, facts_file));
  PDZ_ASSIGN(core::PremialitaResult result, core::ComputePremialita(ruleset.premialita, facts));
  json out = PremialitaJson(result);
  out["ruleset"] = ruleset.code;
  out["act"] = ruleset.act;
  return out;
}

}  // namespace pdz::app
