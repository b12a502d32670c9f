// Parsing of ruleset and premialità facts files.
#include "io/ruleset_file.hpp"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <type_traits>

#include "core/base/text.hpp"
#include "core/governance/lifecycle.hpp"
#include "io/json_fields.hpp"
#include "io/json_lines.hpp"

namespace pdz::io {

using nlohmann::json;

namespace {

Error Fail(JsonFields& in, std::string_view text, const std::string& file, const std::string& what) {
  JsonLines lines(text);
  lines.Annotate(in.problems.details);
  return MakeError(ErrorCode::kValidationFailed,
                   "Il file " + file + " contiene " + ErrorsCount(in.problems.details.size()) + " (" + what + ").",
                   in.problems.details);
}

std::optional<core::Cents> Amount(JsonFields& in, const json& obj, const std::string& path,
                                  std::vector<std::string>& parameters) {
  if (obj.is_object() && obj.contains("amount_cents") && obj["amount_cents"].is_null()) {
    parameters.push_back(path + ".amount_cents");
    return std::nullopt;
  }
  auto v = in.Integer(obj, "amount_cents", path + ".amount_cents", true);
  if (v && *v < 0) in.problems.Add(path + ".amount_cents", std::to_string(*v), "importo negativo");
  return v;
}

std::vector<core::CitedItem> Items(JsonFields& in, const json& doc, const char* key) {
  std::vector<core::CitedItem> out;
  for (auto& [item, path] : in.Array(doc, key, key)) {
    in.RejectUnknown(item, {"code", "title", "act"}, path);
    out.push_back({in.String(item, "code", path + ".code", true), in.String(item, "title", path + ".title", true),
                   in.String(item, "act", path + ".act", true)});
  }
  return out;
}

core::RewardRule Rule(JsonFields& in, const json& r, const std::string& path, std::vector<std::string>& parameters) {
  core::RewardRule rule;
  in.RejectUnknown(r,
                   {"id", "title", "act", "kind", "requires", "condition_fact", "date_fact", "tiers", "objective",
                    "amount_cents", "min_ambiti"},
                   path);
  rule.id = in.Code(r, "id", path + ".id");
  rule.title = in.String(r, "title", path + ".title", true);
  rule.act = in.String(r, "act", path + ".act", true);
  std::string kind = in.String(r, "kind", path + ".kind", true);
  for (auto& [req, rpath] : in.Array(r, "requires", path + ".requires")) {
    if (req.is_string())
      rule.requires_rules.push_back(req.get<std::string>());
    else
      in.problems.Add(rpath, ShownValue(req), "atteso l'identificativo di una regola");
  }
  if (kind == "date_tier") {
    rule.kind = core::RewardKind::kDateTier;
    rule.condition_fact = in.String(r, "condition_fact", path + ".condition_fact", false);
    rule.date_fact = in.String(r, "date_fact", path + ".date_fact", true);
    for (auto& [t, tpath] : in.Array(r, "tiers", path + ".tiers")) {
      in.RejectUnknown(t, {"from", "to", "amount_cents"}, tpath);
      core::DateTier tier;
      tier.from = in.DateField(t, "from", tpath + ".from", false);
      tier.to = in.DateField(t, "to", tpath + ".to", false);
      tier.amount = Amount(in, t, tpath, parameters).value_or(0);
      rule.tiers.push_back(tier);
    }
  } else if (kind == "objective") {
    rule.kind = core::RewardKind::kObjective;
    rule.objective = in.String(r, "objective", path + ".objective", true);
    rule.amount = Amount(in, r, path, parameters);
  } else if (kind == "shared_policy") {
    rule.kind = core::RewardKind::kSharedPolicy;
    rule.min_ambiti = static_cast<int>(in.Integer(r, "min_ambiti", path + ".min_ambiti", false).value_or(2));
    rule.amount = Amount(in, r, path, parameters);
  } else if (!kind.empty()) {
    in.problems.Add(path + ".kind", kind, "tipo di regola sconosciuto: ammessi date_tier, objective, shared_policy");
  }
  return rule;
}

/// One entry of monitoring.reports: a kind, a label, an act and exactly one way to set the due date.
core::ReportRule ReportEntry(JsonFields& in, const json& r, const std::string& path) {
  core::ReportRule rule;
  in.RejectUnknown(r,
                   {"kind", "label", "act", "due", "due_after_start_days", "every_months", "due_after_days",
                    "due_after_period_days"},
                   path);
  rule.kind = in.String(r, "kind", path + ".kind", true);
  if (!rule.kind.empty() && rule.kind != "previsione" && rule.kind != "avanzamento" && rule.kind != "consuntivo") {
    in.problems.Add(path + ".kind", rule.kind, "ammessi: previsione, avanzamento, consuntivo");
  }
  rule.label = in.String(r, "label", path + ".label", true);
  rule.act = in.String(r, "act", path + ".act", true);
  rule.due = in.DateField(r, "due", path + ".due", false);
  auto days = [&](const char* key, int min, int max) -> std::optional<int> {
    auto v = in.Integer(r, key, path + "." + key, false);
    if (!v) return std::nullopt;
    if (*v < min || *v > max) {
      in.problems.Add(path + "." + key, std::to_string(*v),
                      "atteso un intero da " + std::to_string(min) + " a " + std::to_string(max));
      return std::nullopt;
    }
    return static_cast<int>(*v);
  };
  rule.due_after_start_days = days("due_after_start_days", 0, 3650);
  rule.every_months = days("every_months", 1, 120);
  rule.due_after_days = days("due_after_days", 0, 3650);
  rule.due_after_period_days = days("due_after_period_days", 0, 3650);
  bool has_every = r.is_object() && r.contains("every_months");
  bool has_after = r.is_object() && r.contains("due_after_days");
  if (has_every && !has_after) {
    in.problems.Add(path + ".due_after_days", "", "una relazione periodica indica i giorni dopo la fine del periodo");
  }
  if (has_after && !has_every) {
    in.problems.Add(path + ".every_months", "", "due_after_days vale solo con every_months (relazione periodica)");
  }
  int ways = 0;
  if (r.is_object()) {
    for (const char* key : {"due", "due_after_start_days", "every_months", "due_after_period_days"})
      ways += r.contains(key) ? 1 : 0;
  }
  if (ways != 1 && r.is_object()) {
    in.problems.Add(path, ways == 0 ? "" : ShownValue(r),
                    "indicare la scadenza in un solo modo: due (data), due_after_start_days, every_months con "
                    "due_after_days, oppure due_after_period_days");
  }
  return rule;
}

}  // namespace

Result<core::Ruleset> ParseRulesetJson(std::string_view text, const std::string& file) {
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return MakeError(ErrorCode::kInvalidJson, "Il file " + file + " non è un oggetto JSON valido.", {{.file = file}});
  }
  JsonFields in(file);
  core::Ruleset rs;
  in.RejectUnknown(doc,
                   {"format", "code", "region", "title", "act", "period", "required_sections", "strategic_objectives",
                    "thematic_areas", "funds", "deadlines", "adp", "premialita", "allocation", "notes",
                    "information_flows", "monitoring"},
                   "");
  std::string format = in.String(doc, "format", "format", true);
  if (!format.empty() && format != "pdz-ruleset/1") in.problems.Add("format", format, "atteso 'pdz-ruleset/1'");
  rs.code = in.Code(doc, "code", "code");
  rs.region = in.String(doc, "region", "region", true);
  rs.title = in.String(doc, "title", "title", true);
  rs.act = in.String(doc, "act", "act", true);
  if (!doc.contains("period") || !doc["period"].is_object()) {
    in.problems.Add("period", "", "atteso un oggetto {\"from\", \"to\"}");
  } else {
    in.RejectUnknown(doc["period"], {"from", "to"}, "period");
    rs.period_from = in.DateField(doc["period"], "from", "period.from", true).value_or(Date());
    rs.period_to = in.DateField(doc["period"], "to", "period.to", true).value_or(Date());
    if (rs.period_to < rs.period_from) in.problems.Add("period.to", rs.period_to.ToString(), "precede period.from");
  }
  rs.required_sections = Items(in, doc, "required_sections");
  rs.strategic_objectives = Items(in, doc, "strategic_objectives");
  rs.thematic_areas = Items(in, doc, "thematic_areas");
  rs.funds = Items(in, doc, "funds");
  for (auto& [f, path] : in.Array(doc, "information_flows", "information_flows")) {
    in.RejectUnknown(f, {"flow", "owed_by", "act", "year_lag", "due", "due_source"}, path);
    core::FlowObligationRule rule;
    rule.flow = in.String(f, "flow", path + ".flow", true);
    rule.owed_by = in.String(f, "owed_by", path + ".owed_by", true);
    rule.act = in.String(f, "act", path + ".act", true);
    rule.due_source = in.String(f, "due_source", path + ".due_source", false);
    if (rule.owed_by != "comune" && rule.owed_by != "ambito")
      in.problems.Add(path + ".owed_by", rule.owed_by, "atteso 'comune' o 'ambito'");
    auto lag = in.Integer(f, "year_lag", path + ".year_lag", false);
    if (lag) rule.year_lag = static_cast<int>(*lag);
    std::string due = in.String(f, "due", path + ".due", true);
    int m = 0, d = 0;
    if (due.size() != 5 || due[2] != '-' || std::sscanf(due.c_str(), "%d-%d", &m, &d) != 2 ||
        !Date::FromYmd(2024, m, d)) {
      in.problems.Add(path + ".due", due, "atteso 'MM-GG' (es. '06-30')");
    } else {
      rule.due_month = m;
      rule.due_day = d;
    }
    rs.information_flows.push_back(rule);
  }
  if (doc.contains("monitoring") && !doc["monitoring"].is_null()) {
    const auto& m = doc["monitoring"];
    if (!m.is_object()) {
      in.problems.Add("monitoring", ShownValue(m),
                      "atteso un oggetto {\"act\", \"thresholds\", \"reports\", \"evaluation\"}");
    } else {
      in.RejectUnknown(m, {"act", "thresholds", "reports", "evaluation"}, "monitoring");
      rs.monitoring.present = true;
      rs.monitoring.act = in.String(m, "act", "monitoring.act", true);
      if (m.contains("thresholds")) {
        const auto& t = m["thresholds"];
        in.RejectUnknown(t, {"on_track", "at_risk", "source"}, "monitoring.thresholds");
        auto number = [&](const char* key, double& out) {
          std::string path = std::string("monitoring.thresholds.") + key;
          if (!t.is_object() || !t.contains(key) || !t[key].is_number()) {
            in.problems.Add(path, t.is_object() && t.contains(key) ? ShownValue(t[key]) : "", "atteso un numero");
            return;
          }
          out = t[key].get<double>();
        };
        number("on_track", rs.monitoring.on_track);
        number("at_risk", rs.monitoring.at_risk);
        rs.monitoring.thresholds_source = in.String(t, "source", "monitoring.thresholds.source", true);
        if (!(rs.monitoring.on_track > 0 && rs.monitoring.on_track <= 1)) {
          in.problems.Add("monitoring.thresholds.on_track", std::to_string(rs.monitoring.on_track),
                          "atteso un numero maggiore di 0 e al più 1");
        }
        if (!(rs.monitoring.at_risk > 0 && rs.monitoring.at_risk < rs.monitoring.on_track)) {
          in.problems.Add("monitoring.thresholds.at_risk", std::to_string(rs.monitoring.at_risk),
                          "atteso un numero maggiore di 0 e minore di on_track");
        }
      }
      for (auto& [r, rpath] : in.Array(m, "reports", "monitoring.reports")) {
        rs.monitoring.reports.push_back(ReportEntry(in, r, rpath));
      }
      if (m.contains("evaluation")) {
        const auto& e = m["evaluation"];
        in.RejectUnknown(e, {"esiti", "risultati", "impatto"}, "monitoring.evaluation");
        for (const char* level : {"esiti", "risultati", "impatto"}) {
          std::string lpath = std::string("monitoring.evaluation.") + level;
          for (auto& [q, qpath] : in.Array(e, level, lpath)) {
            in.RejectUnknown(q, {"code", "question", "rating"}, qpath);
            core::EvaluationQuestion question;
            question.level = level;
            question.code = in.Code(q, "code", qpath + ".code");
            question.question = in.String(q, "question", qpath + ".question", true);
            question.rating = in.Bool(q, "rating", qpath + ".rating", false).value_or(false);
            for (const auto& other : rs.monitoring.questions) {
              if (other.level == question.level && other.code == question.code)
                in.problems.Add(qpath + ".code", question.code, "codice ripetuto nello stesso livello");
            }
            rs.monitoring.questions.push_back(std::move(question));
          }
        }
      }
    }
  }
  for (auto& [d, path] : in.Array(doc, "deadlines", "deadlines")) {
    in.RejectUnknown(d, {"code", "title", "act", "date", "within_days", "after_event", "met_by"}, path);
    core::DeadlineRule rule;
    rule.code = in.Code(d, "code", path + ".code");
    rule.title = in.String(d, "title", path + ".title", true);
    rule.act = in.String(d, "act", path + ".act", true);
    rule.date = in.DateField(d, "date", path + ".date", false);
    auto days = in.Integer(d, "within_days", path + ".within_days", false);
    if (days) rule.within_days = static_cast<int>(*days);
    rule.after_event = in.String(d, "after_event", path + ".after_event", false);
    if (rule.within_days && rule.after_event.empty())
      in.problems.Add(path + ".after_event", "", "indicare l'evento da cui contare i giorni");
    if (!rule.after_event.empty() && rule.after_event != "ricezione" && !core::ParsePlanState(rule.after_event))
      in.problems.Add(path + ".after_event", rule.after_event,
                      "atteso 'ricezione' o uno stato: " + core::PlanStateCodes());
    rule.met_by = in.String(d, "met_by", path + ".met_by", false);
    if (!rule.met_by.empty() && !core::ParsePlanState(rule.met_by))
      in.problems.Add(path + ".met_by", rule.met_by, "atteso uno stato del piano: " + core::PlanStateCodes());
    if (!rule.date && !rule.within_days) rs.parameters.push_back(path + ".date");
    rs.deadlines.push_back(std::move(rule));
  }
  if (doc.contains("adp")) {
    const auto& adp = doc["adp"];
    in.RejectUnknown(adp, {"required_signatories", "allowed_capofila_types", "act", "commissario_ad_acta_act"}, "adp");
    rs.adp.act = in.String(adp, "act", "adp.act", true);
    rs.adp.commissario_ad_acta_act = in.String(adp, "commissario_ad_acta_act", "adp.commissario_ad_acta_act", false);
    for (auto& [s, path] : in.Array(adp, "required_signatories", "adp.required_signatories")) {
      if (s.is_string())
        rs.adp.required_signatories.push_back(s.get<std::string>());
      else
        in.problems.Add(path, ShownValue(s), "atteso un testo");
    }
    for (auto& [s, path] : in.Array(adp, "allowed_capofila_types", "adp.allowed_capofila_types")) {
      if (s.is_string() && core::ParseCapofilaType(s.get<std::string>()))
        rs.adp.allowed_capofila_types.push_back(s.get<std::string>());
      else
        in.problems.Add(path, ShownValue(s), "tipo di capofila non valido: ammessi " + core::CapofilaTypeCodes());
    }
  }
  if (doc.contains("premialita")) {
    const auto& p = doc["premialita"];
    in.RejectUnknown(p, {"fund", "cap_per_ambito_cents", "cap_act", "budget_cents", "budget_act", "rules"},
                     "premialita");
    if (p.contains("cap_per_ambito_cents")) {
      rs.premialita.cap_per_ambito = in.Integer(p, "cap_per_ambito_cents", "premialita.cap_per_ambito_cents", false);
      rs.premialita.cap_act = in.String(p, "cap_act", "premialita.cap_act", true);
    }
    if (p.contains("budget_cents")) {
      if (p["budget_cents"].is_null()) rs.parameters.push_back("premialita.budget_cents");
      rs.premialita.budget = in.Integer(p, "budget_cents", "premialita.budget_cents", false);
      rs.premialita.budget_act = in.String(p, "budget_act", "premialita.budget_act", true);
    }
    for (auto& [r, path] : in.Array(p, "rules", "premialita.rules")) {
      rs.premialita.rules.push_back(Rule(in, r, path, rs.parameters));
    }
  }
  if (doc.contains("allocation")) {
    const auto& a = doc["allocation"];
    in.RejectUnknown(
        a,
        {"act", "fixed_quota_cents", "reward_pot_cents", "integration_threshold_bp", "cut_bp", "age_weights", "notes"},
        "allocation");
    auto& rules = rs.allocation;
    rules.present = true;
    rules.act = in.String(a, "act", "allocation.act", true);
    rules.notes = in.String(a, "notes", "allocation.notes", false);
    auto component = [&](const char* key, auto& target, std::int64_t max) {
      if (!a.is_object() || !a.contains(key)) return;
      std::string path = std::string("allocation.") + key;
      if (a[key].is_null()) {
        rules.parameters.push_back(key);
        rs.parameters.push_back(path);
        return;
      }
      auto v = in.Integer(a, key, path, true);
      if (v && (*v < 0 || *v > max)) {
        in.problems.Add(path, std::to_string(*v), max == 10000 ? "tra 0 e 10000 (punti base)" : "importo negativo");
      } else if (v) {
        target = static_cast<std::remove_reference_t<decltype(*target)>>(*v);
      }
    };
    component("fixed_quota_cents", rules.fixed_quota, INT64_MAX);
    component("reward_pot_cents", rules.reward_pot, INT64_MAX);
    component("integration_threshold_bp", rules.integration_threshold_bp, 10000);
    component("cut_bp", rules.cut_bp, 10000);
    if (a.is_object() && a.contains("age_weights") && a["age_weights"].is_null()) {
      rules.parameters.push_back("age_weights");
      rs.parameters.push_back("allocation.age_weights");
    }
    auto weights = a.is_object() && a.contains("age_weights") && a["age_weights"].is_null()
                       ? std::vector<std::pair<json, std::string>>()
                       : in.Array(a, "age_weights", "allocation.age_weights");
    for (auto& [w, path] : weights) {
      in.RejectUnknown(w, {"band", "weight_bp"}, path);
      core::AgeWeight weight;
      weight.band = in.String(w, "band", path + ".band", true);
      auto bp = in.Integer(w, "weight_bp", path + ".weight_bp", true);
      if (bp && (*bp < 0 || *bp > 1000000))
        in.problems.Add(path + ".weight_bp", std::to_string(*bp), "peso non valido");
      weight.weight_bp = static_cast<int>(bp.value_or(10000));
      rules.age_weights.push_back(weight);
    }
  }
  auto checked = core::ValidatePremialitaRules(rs.premialita);
  if (!checked) {
    for (auto d : checked.error().details) {
      if (d.field.rfind("rules[", 0) == 0) d.field = "premialita." + d.field;
      bool known = std::any_of(in.problems.details.begin(), in.problems.details.end(),
                               [&](const ErrorDetail& p) { return p.field == d.field; });
      if (known) continue;  // already reported while reading (e.g. a missing act)
      d.file = file;
      in.problems.details.push_back(d);
    }
  }
  if (!in.ok()) return Fail(in, text, file, "ruleset non valido");
  return rs;
}

Result<core::PremialitaFacts> ParsePremialitaFacts(std::string_view text, const std::string& file) {
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return MakeError(ErrorCode::kInvalidJson, "Il file " + file + " non è un oggetto JSON valido.", {{.file = file}});
  }
  JsonFields in(file);
  core::PremialitaFacts facts;
  in.RejectUnknown(doc, {"ambiti", "policies"}, "");
  if (!doc.contains("ambiti")) in.problems.Add("ambiti", "", "campo obbligatorio mancante");
  for (auto& [a, path] : in.Array(doc, "ambiti", "ambiti")) {
    in.RejectUnknown(
        a, {"code", "name", "district", "ambito_distrettuale", "adp_signed_on", "objectives_reached", "flags", "dates"},
        path);
    core::AmbitoFacts f;
    f.code = in.String(a, "code", path + ".code", true);
    f.district = in.String(a, "district", path + ".district", false);
    if (auto b = in.Bool(a, "ambito_distrettuale", path + ".ambito_distrettuale", false))
      f.flags["ambito_distrettuale"] = *b;
    if (auto d = in.DateField(a, "adp_signed_on", path + ".adp_signed_on", false)) f.dates["adp_signed_on"] = *d;
    for (auto& [o, opath] : in.Array(a, "objectives_reached", path + ".objectives_reached")) {
      if (o.is_string())
        f.objectives_reached.insert(o.get<std::string>());
      else
        in.problems.Add(opath, ShownValue(o), "atteso il codice di un obiettivo tra virgolette, ad es. \"1\"");
    }
    if (a.is_object() && a.contains("flags")) {
      if (!a["flags"].is_object())
        in.problems.Add(path + ".flags", ShownValue(a["flags"]), "atteso un oggetto");
      else
        for (auto it = a["flags"].begin(); it != a["flags"].end(); ++it) {
          if (auto b = in.Bool(a["flags"], it.key().c_str(), path + ".flags." + it.key(), true)) f.flags[it.key()] = *b;
        }
    }
    if (a.is_object() && a.contains("dates")) {
      if (!a["dates"].is_object())
        in.problems.Add(path + ".dates", ShownValue(a["dates"]), "atteso un oggetto");
      else
        for (auto it = a["dates"].begin(); it != a["dates"].end(); ++it) {
          if (auto d = in.DateField(a["dates"], it.key().c_str(), path + ".dates." + it.key(), true))
            f.dates[it.key()] = *d;
        }
    }
    facts.ambiti.push_back(std::move(f));
  }
  for (auto& [p, path] : in.Array(doc, "policies", "policies")) {
    in.RejectUnknown(p, {"code", "title", "ambiti"}, path);
    core::PolicyFacts pol;
    pol.code = in.String(p, "code", path + ".code", true);
    pol.title = in.String(p, "title", path + ".title", false);
    for (auto& [c, cpath] : in.Array(p, "ambiti", path + ".ambiti")) {
      if (c.is_string())
        pol.ambiti.push_back(c.get<std::string>());
      else
        in.problems.Add(cpath, ShownValue(c), "atteso il codice di un ambito");
    }
    facts.policies.push_back(std::move(pol));
  }
  if (!in.ok()) return Fail(in, text, file, "fatti non validi");
  return facts;
}

}  // namespace pdz::io
