// The premialità engine.
#include "core/rules/premialita.hpp"

#include <algorithm>

#include "core/territory/territory.hpp"

namespace pdz::core {
namespace {

std::string Path(size_t i, const std::string& field) { return "rules[" + std::to_string(i) + "]." + field; }

/// Italian names of the facts the shipped rulesets use; other facts show by their name.
std::string FactLabel(const std::string& fact) {
  if (fact == "adp_signed_on") return "Accordo di Programma sottoscritto il";
  if (fact == "ambito_distrettuale") return "raggiungimento della dimensione di ambito distrettuale";
  return fact;
}

bool InTier(const DateTier& t, Date d) { return (!t.from || *t.from <= d) && (!t.to || d <= *t.to); }

std::string TierText(const DateTier& t) {
  if (t.from && t.to) return "dal " + t.from->ToItalian() + " al " + t.to->ToItalian();
  if (t.to) return "entro il " + t.to->ToItalian();
  if (t.from) return "dal " + t.from->ToItalian();
  return "in qualunque data";
}

Error MissingAmount(const RewardRule& r) {
  return MakeError(ErrorCode::kValidationFailed,
                   "L'importo della regola '" + r.id + "' (" + r.act +
                       ") non è fissato dagli atti: indicarlo come parametro '" + r.id + "' (in centesimi).",
                   {{.field = "parameters." + r.id, .reason = "parametro da compilare: importo in centesimi"}});
}

}  // namespace

Result<void> ValidatePremialitaRules(const PremialitaRules& rules) {
  std::vector<ErrorDetail> problems;
  auto add = [&](const std::string& field, const std::string& value, const std::string& reason) {
    problems.push_back({.field = field, .value = value, .reason = reason});
  };
  std::set<std::string> seen;
  for (size_t i = 0; i < rules.rules.size(); ++i) {
    const auto& r = rules.rules[i];
    if (r.id.empty()) add(Path(i, "id"), "", "ogni regola ha un identificativo");
    if (!seen.insert(r.id).second) add(Path(i, "id"), r.id, "identificativo ripetuto");
    if (r.act.empty()) add(Path(i, "act"), "", "ogni regola cita l'atto che la stabilisce");
    for (size_t k = 0; k < r.requires_rules.size(); ++k) {
      // Preconditions must be declared before, so one pass in order computes them.
      if (!seen.count(r.requires_rules[k]) || r.requires_rules[k] == r.id) {
        add(Path(i, "requires[" + std::to_string(k) + "]"), r.requires_rules[k],
            "la regola richiesta deve essere dichiarata prima");
      }
    }
    if (r.amount && *r.amount < 0) add(Path(i, "amount_cents"), std::to_string(*r.amount), "importo negativo");
    if (r.kind == RewardKind::kDateTier) {
      if (r.date_fact.empty()) add(Path(i, "date_fact"), "", "indicare il fatto che porta la data");
      if (r.tiers.empty()) add(Path(i, "tiers"), "", "almeno una fascia");
      for (size_t a = 0; a < r.tiers.size(); ++a) {
        const auto& t = r.tiers[a];
        if (t.amount < 0)
          add(Path(i, "tiers[" + std::to_string(a) + "].amount_cents"), std::to_string(t.amount), "importo negativo");
        if (t.from && t.to && *t.to < *t.from) {
          add(Path(i, "tiers[" + std::to_string(a) + "]"), TierText(t), "la fine precede l'inizio");
        }
        for (size_t b = 0; b < a; ++b) {
          const auto& u = r.tiers[b];
          bool disjoint = (t.to && u.from && *t.to < *u.from) || (u.to && t.from && *u.to < *t.from);
          if (!disjoint) {
            add(Path(i, "tiers[" + std::to_string(a) + "]"), TierText(t),
                "si sovrappone alla fascia " + std::to_string(b) + " (" + TierText(u) + ")");
          }
        }
      }
    }
    if (r.kind == RewardKind::kObjective && r.objective.empty()) add(Path(i, "objective"), "", "indicare l'obiettivo");
    if (r.kind == RewardKind::kSharedPolicy && r.min_ambiti < 2) {
      add(Path(i, "min_ambiti"), std::to_string(r.min_ambiti), "una policy condivisa richiede almeno 2 ambiti");
    }
  }
  if (rules.cap_per_ambito && *rules.cap_per_ambito < 0) add("premialita.cap_per_ambito_cents", "", "importo negativo");
  if (rules.budget && *rules.budget < 0) add("premialita.budget_cents", "", "importo negativo");
  if (!problems.empty()) {
    return MakeError(ErrorCode::kValidationFailed, "Regole di premialità non valide.", std::move(problems));
  }
  return Ok();
}

Result<void> SetPremialitaParameter(PremialitaRules& rules, const std::string& name, Cents value) {
  if (value < 0) {
    return MakeError(ErrorCode::kValidationFailed, "Il parametro '" + name + "' non può essere negativo.",
                     {{.field = name, .value = std::to_string(value), .reason = "importo negativo"}});
  }
  if (name == "budget") {
    rules.budget = value;
    return Ok();
  }
  if (name == "cap") {
    rules.cap_per_ambito = value;
    return Ok();
  }
  for (auto& r : rules.rules) {
    if (r.id != name) continue;
    if (r.kind == RewardKind::kDateTier) {
      return MakeError(ErrorCode::kValidationFailed,
                       "La regola '" + name + "' ha importi per fascia, non un importo unico.", {{.field = name}});
    }
    r.amount = value;
    return Ok();
  }
  std::vector<std::string> names = {"budget", "cap"};
  for (const auto& r : rules.rules) names.push_back(r.id);
  auto s = Suggest(name, names);
  return MakeError(ErrorCode::kValidationFailed,
                   "Parametro '" + name + "' sconosciuto" + (s ? ": intendevi '" + *s + "'?" : "."),
                   {{.field = name, .value = name, .reason = "ammessi: budget, cap o l'identificativo di una regola"}});
}

Result<PremialitaResult> ComputePremialita(const PremialitaRules& rules, const PremialitaFacts& facts) {
  PDZ_TRY(ValidatePremialitaRules(rules));
  std::map<std::string, const AmbitoFacts*> by_code;
  std::vector<ErrorDetail> problems;
  for (size_t i = 0; i < facts.ambiti.size(); ++i) {
    const auto& a = facts.ambiti[i];
    if (a.code.empty())
      problems.push_back({.field = "ambiti[" + std::to_string(i) + "].code", .reason = "codice mancante"});
    else if (!by_code.emplace(a.code, &a).second) {
      problems.push_back(
          {.field = "ambiti[" + std::to_string(i) + "].code", .value = a.code, .reason = "ambito ripetuto"});
    }
  }
  for (size_t p = 0; p < facts.policies.size(); ++p) {
    for (size_t k = 0; k < facts.policies[p].ambiti.size(); ++k) {
      const auto& code = facts.policies[p].ambiti[k];
      if (!by_code.count(code)) {
        problems.push_back({.field = "policies[" + std::to_string(p) + "].ambiti[" + std::to_string(k) + "]",
                            .value = code,
                            .reason = "ambito non presente tra i fatti"});
      }
    }
  }
  std::set<std::string> objectives;
  for (const auto& r : rules.rules) {
    if (r.kind == RewardKind::kObjective) objectives.insert(r.objective);
  }
  for (size_t i = 0; i < facts.ambiti.size(); ++i) {
    for (const auto& o : facts.ambiti[i].objectives_reached) {
      if (!objectives.count(o)) {
        std::string known;
        for (const auto& k : objectives) known += (known.empty() ? "" : ", ") + k;
        problems.push_back({.field = "ambiti[" + std::to_string(i) + "].objectives_reached",
                            .value = o,
                            .reason = "obiettivo non previsto dalle regole di premialità" +
                                      (known.empty() ? std::string() : " (ammessi: " + known + ")")});
      }
    }
  }
  if (!problems.empty()) return MakeError(ErrorCode::kValidationFailed, "Fatti non validi.", std::move(problems));

  PremialitaResult result;
  result.budget = rules.budget;
  for (const auto& a : facts.ambiti) {
    AmbitoReward reward{a.code, 0, {}};
    std::set<std::string> paid;
    for (const auto& r : rules.rules) {
      auto line = [&](Cents amount, std::string reason) {
        reward.lines.push_back({r.id, r.act, amount, std::move(reason)});
        reward.total += amount;
        if (amount > 0) paid.insert(r.id);
      };
      auto missing = std::find_if(r.requires_rules.begin(), r.requires_rules.end(),
                                  [&](const std::string& id) { return !paid.count(id); });
      if (missing != r.requires_rules.end()) {
        line(0, "non spetta: richiede prima la premialità '" + *missing + "'");
        continue;
      }
      switch (r.kind) {
        case RewardKind::kDateTier: {
          if (!r.condition_fact.empty()) {
            auto f = a.flags.find(r.condition_fact);
            if (f == a.flags.end() || !f->second) {
              line(0, "non spetta: manca il requisito (" + FactLabel(r.condition_fact) + ")");
              break;
            }
          }
          auto d = a.dates.find(r.date_fact);
          if (d == a.dates.end()) {
            line(0, "non spetta: data non indicata (" + FactLabel(r.date_fact) + ")");
            break;
          }
          auto tier =
              std::find_if(r.tiers.begin(), r.tiers.end(), [&](const DateTier& t) { return InTier(t, d->second); });
          if (tier == r.tiers.end()) {
            line(0, "non spetta: " + FactLabel(r.date_fact) + " " + d->second.ToItalian() + ", oltre l'ultima fascia");
          } else {
            line(tier->amount, FactLabel(r.date_fact) + " " + d->second.ToItalian() + ": fascia " + TierText(*tier) +
                                   ", " + FormatEuro(tier->amount));
          }
          break;
        }
        case RewardKind::kObjective: {
          if (!a.objectives_reached.count(r.objective)) {
            line(0, "non spetta: obiettivo " + r.objective + " non raggiunto");
            break;
          }
          if (!r.amount) return MissingAmount(r);
          line(*r.amount, "obiettivo " + r.objective + " raggiunto: " + FormatEuro(*r.amount));
          break;
        }
        case RewardKind::kSharedPolicy: {
          bool any = false;
          for (const auto& p : facts.policies) {
            if (std::find(p.ambiti.begin(), p.ambiti.end(), a.code) == p.ambiti.end()) continue;
            int same = 0;
            for (const auto& other : p.ambiti) {
              if (!a.district.empty() && by_code.at(other)->district == a.district) ++same;
            }
            if (same >= r.min_ambiti) {
              if (!r.amount) return MissingAmount(r);
              line(*r.amount, "policy '" + p.code + "' condivisa da " + std::to_string(same) +
                                  " ambiti del distretto " + a.district + ": " + FormatEuro(*r.amount));
            } else {
              line(0, "policy '" + p.code + "': solo " + std::to_string(same) + " ambiti del distretto " +
                          (a.district.empty() ? "(non indicato)" : a.district) + ", ne servono " +
                          std::to_string(r.min_ambiti));
            }
            any = true;
          }
          if (!any) line(0, "non spetta: nessuna policy condivisa");
          break;
        }
      }
    }
    if (rules.cap_per_ambito && reward.total > *rules.cap_per_ambito) {
      Cents cut = *rules.cap_per_ambito - reward.total;
      reward.lines.push_back({"tetto", rules.cap_act, cut,
                              "tetto di " + FormatEuro(*rules.cap_per_ambito) + " per ambito: " + FormatEuro(cut)});
      reward.total = *rules.cap_per_ambito;
    }
    result.claimed += reward.total;
    result.ambiti.push_back(std::move(reward));
  }
  result.total = result.claimed;
  if (rules.budget && result.claimed > *rules.budget) {
    std::vector<Cents> claims;
    for (const auto& a : result.ambiti) claims.push_back(a.total);
    auto scaled = SplitLargestRemainder(*rules.budget, claims);
    for (size_t i = 0; i < result.ambiti.size(); ++i) {
      auto& a = result.ambiti[i];
      Cents cut = scaled[i] - a.total;
      if (cut != 0) {
        a.lines.push_back({"budget", rules.budget_act, cut,
                           "richieste totali " + FormatEuro(result.claimed) + " oltre il budget regionale " +
                               FormatEuro(*rules.budget) + ": riduzione proporzionale " + FormatEuro(cut)});
      }
      a.total = scaled[i];
    }
    result.total = *rules.budget;
  }
  return result;
}

}  // namespace pdz::core
