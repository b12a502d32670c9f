// Plan rules and the comparison of revisions.
#include "core/plan/plan.hpp"

#include <algorithm>
#include <map>
#include "core/base/text.hpp"

namespace pdz::core {
namespace {

std::string At(const std::string& base, const char* list, size_t i) {
  return base + list + "[" + std::to_string(i) + "]";
}

template <typename T>
bool SameIndicators(const std::vector<T>& a, const std::vector<T>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const auto& x = a[i];
    const auto& y = b[i];
    if (x.id != y.id || x.weight != y.weight || x.name != y.name || x.unit != y.unit || x.source != y.source ||
        x.dimension != y.dimension || x.baseline.value != y.baseline.value || x.baseline.text != y.baseline.text ||
        x.baseline.date != y.baseline.date || x.target.value != y.target.value || x.target.text != y.target.text ||
        x.target.date != y.target.date) {
      return false;
    }
  }
  return true;
}

bool SameResources(const Resources& a, const Resources& b) {
  if (a.professional != b.professional || a.financial.size() != b.financial.size()) return false;
  for (size_t i = 0; i < a.financial.size(); ++i) {
    const auto& x = a.financial[i];
    const auto& y = b.financial[i];
    if (x.description != y.description || x.amount != y.amount || x.fund != y.fund || x.years != y.years) return false;
  }
  return true;
}

std::vector<std::string> ChangedFields(const SpecificObjective& a, const SpecificObjective& b) {
  std::vector<std::string> f;
  if (a.title != b.title) f.push_back("title");
  if (a.kind != b.kind) f.push_back("kind");
  if (a.areas != b.areas) f.push_back("areas");
  if (a.actions != b.actions) f.push_back("actions");
  if (!SameIndicators(a.indicators, b.indicators)) f.push_back("indicators");
  if (a.tools != b.tools) f.push_back("tools");
  if (a.weight != b.weight) f.push_back("weight");
  if (!SameResources(a.resources, b.resources)) f.push_back("resources");
  if (a.timing.kind != b.timing.kind || a.timing.text != b.timing.text || a.timing.date != b.timing.date) {
    f.push_back("timing");
  }
  return f;
}

}  // namespace

std::string_view DimensionCode(Dimension d) {
  switch (d) {
    case Dimension::kConoscenze:
      return "conoscenze";
    case Dimension::kRisorse:
      return "risorse";
    case Dimension::kServizi:
      return "servizi";
    case Dimension::kNone:
      return "";
  }
  return "";
}

std::optional<Dimension> ParseDimension(std::string_view code) {
  if (code.empty()) return Dimension::kNone;
  if (code == "conoscenze") return Dimension::kConoscenze;
  if (code == "risorse") return Dimension::kRisorse;
  if (code == "servizi") return Dimension::kServizi;
  return std::nullopt;
}

std::string_view TimingKindCode(TimingKind k) {
  switch (k) {
    case TimingKind::kDate:
      return "date";
    case TimingKind::kRecurrence:
      return "recurrence";
    case TimingKind::kCondition:
      return "condition";
  }
  return "condition";
}

std::optional<TimingKind> ParseTimingKind(std::string_view code) {
  if (code == "date") return TimingKind::kDate;
  if (code == "recurrence") return TimingKind::kRecurrence;
  if (code == "condition") return TimingKind::kCondition;
  return std::nullopt;
}

bool IsInterventionKind(std::string_view kind) {
  return kind.empty() || kind == "potenziamento" || kind == "rimodulazione" || kind == "nuovo_servizio";
}

Result<void> ValidatePlan(const Plan& plan, const PlanCatalogue& catalogue) {
  std::vector<ErrorDetail> problems;
  auto bad = [&](const std::string& field, const std::string& value, const std::string& reason) {
    problems.push_back({.field = field, .value = value, .reason = reason});
  };
  if (plan.title.empty()) bad("title", "", "il titolo è obbligatorio");
  if (plan.period_to < plan.period_from) bad("period.to", plan.period_to.ToString(), "precede period.from");
  std::set<std::string> section_codes, ids;
  for (size_t i = 0; i < plan.sections.size(); ++i) {
    const auto& s = plan.sections[i];
    std::string at = At("", "sections", i);
    if (s.code.empty())
      bad(at + ".code", "", "codice della sezione mancante");
    else if (!section_codes.insert(s.code).second)
      bad(at + ".code", s.code, "sezione ripetuta");
    if (s.title.empty()) bad(at + ".title", "", "titolo della sezione mancante");
  }
  auto check_areas = [&](const std::vector<std::string>& areas, const std::string& at) {
    for (size_t k = 0; k < areas.size(); ++k) {
      if (!catalogue.areas.empty() && !catalogue.areas.count(areas[k])) {
        bad(At(at, ".areas", k), areas[k], "area non prevista dalle linee guida regionali");
      }
    }
  };
  auto check_id = [&](const std::string& id, const std::string& at) {
    if (!id.empty() && !ids.insert(id).second) bad(at + ".id", id, "identificativo ripetuto");
  };
  auto check_weight = [&](double w, const std::string& at) {
    if (!(w >= 0) || w > 1000) bad(at + ".weight", std::to_string(w), "il peso deve essere un numero da 0 a 1000");
  };
  for (size_t g = 0; g < plan.objectives.size(); ++g) {
    const auto& go = plan.objectives[g];
    std::string gat = At("", "objectives", g);
    check_id(go.id, gat);
    check_weight(go.weight, gat);
    if (go.title.empty()) bad(gat + ".title", "", "il titolo dell'obiettivo generale è obbligatorio");
    check_areas(go.areas, gat);
    for (size_t k = 0; k < go.strategic_objectives.size(); ++k) {
      if (!catalogue.strategic_objectives.empty() &&
          !catalogue.strategic_objectives.count(go.strategic_objectives[k])) {
        bad(At(gat, ".strategic_objectives", k), go.strategic_objectives[k],
            "obiettivo strategico non previsto dalle linee guida");
      }
    }
    for (size_t s = 0; s < go.specific.size(); ++s) {
      const auto& so = go.specific[s];
      std::string sat = At(gat, ".specific", s);
      check_id(so.id, sat);
      if (so.title.empty()) bad(sat + ".title", "", "il titolo dell'obiettivo specifico è obbligatorio");
      if (!IsInterventionKind(so.kind)) {
        bad(sat + ".kind", so.kind, "ammessi: potenziamento, rimodulazione, nuovo_servizio");
      }
      check_areas(so.areas, sat);
      check_weight(so.weight, sat);
      for (size_t a = 0; a < so.actions.size(); ++a) {
        std::string aat = At(sat, ".actions", a);
        check_id(so.actions[a].id, aat);
        if (so.actions[a].text.empty()) bad(aat + ".text", "", "il testo dell'azione è obbligatorio");
        check_weight(so.actions[a].weight, aat);
      }
      for (size_t i = 0; i < so.indicators.size(); ++i) {
        const auto& ind = so.indicators[i];
        std::string iat = At(sat, ".indicators", i);
        check_id(ind.id, iat);
        check_weight(ind.weight, iat);
        if (ind.name.empty()) bad(iat + ".name", "", "il nome dell'indicatore è obbligatorio");
        if (ind.baseline.date && ind.target.date && *ind.target.date < *ind.baseline.date) {
          bad(iat + ".target.date", ind.target.date->ToString(),
              "la data del valore atteso precede quella del valore di partenza (" + ind.baseline.date->ToString() +
                  ")");
        }
      }
      for (size_t f = 0; f < so.resources.financial.size(); ++f) {
        const auto& r = so.resources.financial[f];
        std::string rat = At(sat, ".resources.financial", f);
        if (r.amount && *r.amount < 0) bad(rat + ".amount_cents", std::to_string(*r.amount), "importo negativo");
        if (!r.fund.empty() && !catalogue.funds.empty() && !catalogue.funds.count(r.fund)) {
          bad(rat + ".fund", r.fund, "fondo non presente nel catalogo delle linee guida regionali");
        }
        for (size_t y = 0; y < r.years.size(); ++y) {
          if (r.years[y] < plan.period_from.year() || r.years[y] > plan.period_to.year()) {
            bad(At(rat, ".years", y), std::to_string(r.years[y]), "anno fuori dal periodo del piano");
          }
        }
      }
      if (so.timing.kind == TimingKind::kDate && !so.timing.date) {
        bad(sat + ".timing.date", "", "una tempistica di tipo data richiede la data (AAAA-MM-GG)");
      }
    }
  }
  if (!problems.empty()) {
    std::string message = "Il piano contiene " + ErrorsCount(problems.size()) + ": nulla è stato salvato.";
    return MakeError(ErrorCode::kValidationFailed, message, std::move(problems));
  }
  return Ok();
}

void AssignIds(Plan& plan) {
  int next_g = 0, next_s = 0, next_a = 0, next_i = 0;
  auto bump = [](const std::string& id, char prefix, int& next) {
    if (id.size() > 1 && id[0] == prefix && std::all_of(id.begin() + 1, id.end(), ::isdigit)) {
      next = std::max(next, std::stoi(id.substr(1)));
    }
  };
  for (const auto& g : plan.objectives) {
    bump(g.id, 'g', next_g);
    for (const auto& s : g.specific) {
      bump(s.id, 's', next_s);
      for (const auto& a : s.actions) bump(a.id, 'a', next_a);
      for (const auto& i : s.indicators) bump(i.id, 'i', next_i);
    }
  }
  for (auto& g : plan.objectives) {
    if (g.id.empty()) g.id = "g" + std::to_string(++next_g);
    for (auto& s : g.specific) {
      if (s.id.empty()) s.id = "s" + std::to_string(++next_s);
      for (auto& a : s.actions)
        if (a.id.empty()) a.id = "a" + std::to_string(++next_a);
      for (auto& i : s.indicators)
        if (i.id.empty()) i.id = "i" + std::to_string(++next_i);
    }
  }
}

std::vector<PlanChange> DiffPlans(const Plan& before, const Plan& after) {
  std::vector<PlanChange> out;
  std::vector<std::string> plan_fields;
  if (before.title != after.title) plan_fields.push_back("title");
  if (before.subtitle != after.subtitle) plan_fields.push_back("subtitle");
  if (before.period_from != after.period_from || before.period_to != after.period_to) plan_fields.push_back("period");
  if (before.ruleset != after.ruleset) plan_fields.push_back("ruleset");
  if (!plan_fields.empty()) out.push_back({"changed", "plan", "", after.title, plan_fields});

  std::map<std::string, size_t> old_sections;
  for (size_t i = 0; i < before.sections.size(); ++i) old_sections[before.sections[i].code] = i;
  for (size_t i = 0; i < after.sections.size(); ++i) {
    const auto& s = after.sections[i];
    auto it = old_sections.find(s.code);
    std::string at = At("", "sections", i);
    if (it == old_sections.end()) {
      out.push_back({"added", "section", at, s.title, {}});
      continue;
    }
    const auto& o = before.sections[it->second];
    std::vector<std::string> f;
    if (o.title != s.title) f.push_back("title");
    if (o.body != s.body) f.push_back("body");
    if (!f.empty()) out.push_back({"changed", "section", at, s.title, f});
    old_sections.erase(it);
  }
  for (const auto& [code, i] : old_sections)
    out.push_back({"removed", "section", At("", "sections", i), before.sections[i].title, {}});

  struct Where {
    size_t g, s;
  };
  std::map<std::string, size_t> old_general;
  std::map<std::string, Where> old_specific;
  for (size_t g = 0; g < before.objectives.size(); ++g) {
    old_general[before.objectives[g].id] = g;
    for (size_t s = 0; s < before.objectives[g].specific.size(); ++s)
      old_specific[before.objectives[g].specific[s].id] = {g, s};
  }
  for (size_t g = 0; g < after.objectives.size(); ++g) {
    const auto& go = after.objectives[g];
    std::string gat = At("", "objectives", g);
    auto it = old_general.find(go.id);
    if (it == old_general.end() || go.id.empty()) {
      out.push_back({"added", "objective", gat, go.title, {}});
    } else {
      const auto& o = before.objectives[it->second];
      std::vector<std::string> f;
      if (o.title != go.title) f.push_back("title");
      if (o.areas != go.areas) f.push_back("areas");
      if (o.strategic_objectives != go.strategic_objectives) f.push_back("strategic_objectives");
      if (!f.empty()) out.push_back({"changed", "objective", gat, go.title, f});
      if (it->second != g) out.push_back({"moved", "objective", gat, go.title, {}});
      old_general.erase(it);
    }
    for (size_t s = 0; s < go.specific.size(); ++s) {
      const auto& so = go.specific[s];
      std::string sat = At(gat, ".specific", s);
      auto st = old_specific.find(so.id);
      if (st == old_specific.end() || so.id.empty()) {
        out.push_back({"added", "specific_objective", sat, so.title, {}});
        continue;
      }
      const auto& o = before.objectives[st->second.g].specific[st->second.s];
      auto f = ChangedFields(o, so);
      if (!f.empty()) out.push_back({"changed", "specific_objective", sat, so.title, f});
      if (st->second.s != s || before.objectives[st->second.g].id != go.id) {
        out.push_back({"moved", "specific_objective", sat, so.title, {}});
      }
      old_specific.erase(st);
    }
  }
  for (const auto& [id, g] : old_general) {
    out.push_back({"removed", "objective", At("", "objectives", g), before.objectives[g].title, {}});
  }
  for (const auto& [id, w] : old_specific) {
    out.push_back({"removed",
                   "specific_objective",
                   At(At("", "objectives", w.g), ".specific", w.s),
                   before.objectives[w.g].specific[w.s].title,
                   {}});
  }
  return out;
}

}  // namespace pdz::core
