// Reading and writing pdz-plan/1 documents.
#include "io/plan_file.hpp"

#include "core/base/text.hpp"
#include "io/json_fields.hpp"
#include "io/json_lines.hpp"

namespace pdz::io {

using nlohmann::json;

namespace {

std::vector<std::string> Strings(JsonFields& in, const json& obj, const char* key, const std::string& path) {
  std::vector<std::string> out;
  for (auto& [v, p] : in.Array(obj, key, path)) {
    if (v.is_string())
      out.push_back(v.get<std::string>());
    else
      in.problems.Add(p, ShownValue(v), "atteso un testo");
  }
  return out;
}

core::IndicatorPoint Point(JsonFields& in, const json& obj, const char* key, const std::string& path) {
  core::IndicatorPoint p;
  if (!obj.is_object() || !obj.contains(key) || obj[key].is_null()) return p;
  const json& v = obj[key];
  if (!v.is_object()) {
    in.problems.Add(path, ShownValue(v), "atteso un oggetto {\"value\", \"date\"}");
    return p;
  }
  in.RejectUnknown(v, {"value", "text", "date"}, path);
  if (v.contains("value") && !v["value"].is_null()) {
    if (v["value"].is_number())
      p.value = v["value"].get<double>();
    else
      in.problems.Add(path + ".value", ShownValue(v["value"]),
                      "atteso un numero (usare 'text' per un valore in parole)");
  }
  p.text = in.String(v, "text", path + ".text", false);
  p.date = in.DateField(v, "date", path + ".date", false);
  return p;
}

/// An optional weight (default 1): a number from 0 to 1000.
double Weight(JsonFields& in, const json& obj, const std::string& path) {
  if (!obj.is_object() || !obj.contains("weight") || obj["weight"].is_null()) return 1;
  const auto& w = obj["weight"];
  if (!w.is_number() || w.get<double>() < 0 || w.get<double>() > 1000) {
    in.problems.Add(path + ".weight", ShownValue(w), "atteso un numero da 0 a 1000");
    return 1;
  }
  return w.get<double>();
}

/// Actions: a text, or {"id", "text", "weight", "due"} (a plan written before ids had texts only).
std::vector<core::Action> Actions(JsonFields& in, const json& s, const std::string& path) {
  std::vector<core::Action> out;
  if (!s.is_object() || !s.contains("actions") || s["actions"].is_null()) return out;
  if (!s["actions"].is_array()) {
    in.problems.Add(path, ShownValue(s["actions"]), "atteso un elenco di azioni");
    return out;
  }
  const auto& list = s["actions"];
  for (size_t k = 0; k < list.size(); ++k) {
    std::string apath = path + "[" + std::to_string(k) + "]";
    const auto& a = list[k];
    core::Action action;
    if (a.is_string()) {
      action.text = a.get<std::string>();
    } else if (a.is_object()) {
      in.RejectUnknown(a, {"id", "text", "weight", "due"}, apath);
      action.id = in.String(a, "id", apath + ".id", false);
      action.text = in.String(a, "text", apath + ".text", true);
      action.weight = Weight(in, a, apath);
      action.due = in.DateField(a, "due", apath + ".due", false);
    } else {
      in.problems.Add(apath, ShownValue(a), "atteso il testo dell'azione o un oggetto {\"id\", \"text\"}");
      continue;
    }
    out.push_back(std::move(action));
  }
  return out;
}

core::SpecificObjective Specific(JsonFields& in, const json& s, const std::string& path) {
  core::SpecificObjective so;
  in.RejectUnknown(
      s, {"id", "title", "kind", "areas", "actions", "indicators", "tools", "resources", "timing", "weight"}, path);
  so.id = in.String(s, "id", path + ".id", false);
  so.title = in.String(s, "title", path + ".title", true);
  so.kind = in.String(s, "kind", path + ".kind", false);
  so.areas = Strings(in, s, "areas", path + ".areas");
  so.actions = Actions(in, s, path + ".actions");
  so.weight = Weight(in, s, path);
  so.tools = Strings(in, s, "tools", path + ".tools");
  for (auto& [i, ipath] : in.Array(s, "indicators", path + ".indicators")) {
    in.RejectUnknown(i, {"id", "name", "unit", "baseline", "target", "source", "dimension", "weight"}, ipath);
    core::Indicator ind;
    ind.id = in.String(i, "id", ipath + ".id", false);
    ind.weight = Weight(in, i, ipath);
    ind.name = in.String(i, "name", ipath + ".name", true);
    ind.unit = in.String(i, "unit", ipath + ".unit", false);
    ind.baseline = Point(in, i, "baseline", ipath + ".baseline");
    ind.target = Point(in, i, "target", ipath + ".target");
    ind.source = in.String(i, "source", ipath + ".source", false);
    std::string dim = in.String(i, "dimension", ipath + ".dimension", false);
    if (auto d = core::ParseDimension(dim))
      ind.dimension = *d;
    else
      in.problems.Add(ipath + ".dimension", dim, "ammesse: conoscenze, risorse, servizi");
    so.indicators.push_back(std::move(ind));
  }
  if (s.is_object() && s.contains("resources")) {
    const json& r = s["resources"];
    std::string rpath = path + ".resources";
    in.RejectUnknown(r, {"financial", "professional"}, rpath);
    for (auto& [f, fpath] : in.Array(r, "financial", rpath + ".financial")) {
      in.RejectUnknown(f, {"description", "amount_cents", "fund", "years"}, fpath);
      core::FinancialResource fr;
      fr.description = in.String(f, "description", fpath + ".description", false);
      fr.amount = in.Integer(f, "amount_cents", fpath + ".amount_cents", false);
      fr.fund = in.String(f, "fund", fpath + ".fund", false);
      for (auto& [y, ypath] : in.Array(f, "years", fpath + ".years")) {
        if (y.is_number_integer())
          fr.years.push_back(y.get<int>());
        else
          in.problems.Add(ypath, ShownValue(y), "atteso un anno, ad es. 2016");
      }
      so.resources.financial.push_back(std::move(fr));
    }
    so.resources.professional = Strings(in, r, "professional", rpath + ".professional");
  }
  if (s.is_object() && s.contains("timing") && !s["timing"].is_null()) {
    const json& t = s["timing"];
    std::string tpath = path + ".timing";
    in.RejectUnknown(t, {"kind", "text", "date"}, tpath);
    std::string kind = in.String(t, "kind", tpath + ".kind", true);
    if (auto k = core::ParseTimingKind(kind))
      so.timing.kind = *k;
    else if (!kind.empty())
      in.problems.Add(tpath + ".kind", kind, "ammessi: date, recurrence, condition");
    so.timing.text = in.String(t, "text", tpath + ".text", false);
    so.timing.date = in.DateField(t, "date", tpath + ".date", false);
  }
  return so;
}

json PointJson(const core::IndicatorPoint& p) {
  if (!p.value && p.text.empty() && !p.date) return nullptr;
  json j = json::object();
  j["value"] = p.value ? json(*p.value) : json(nullptr);
  if (!p.text.empty()) j["text"] = p.text;
  j["date"] = p.date ? json(p.date->ToString()) : json(nullptr);
  return j;
}

}  // namespace

Result<core::Plan> ReadPlan(const json& doc, const std::string& file, const std::string& prefix) {
  JsonFields in(file);
  core::Plan plan;
  const std::string p = prefix.empty() ? "" : prefix + ".";
  if (!doc.is_object()) {
    return MakeError(ErrorCode::kValidationFailed, "Il piano deve essere un oggetto JSON.",
                     {{.file = file, .field = prefix}});
  }
  in.RejectUnknown(doc, {"format", "ambito", "title", "subtitle", "ruleset", "period", "sections", "objectives"},
                   prefix);
  std::string format = in.String(doc, "format", p + "format", false);
  if (!format.empty() && format != "pdz-plan/1") in.problems.Add(p + "format", format, "atteso 'pdz-plan/1'");
  plan.ambito = in.String(doc, "ambito", p + "ambito", false);
  plan.title = in.String(doc, "title", p + "title", true);
  plan.subtitle = in.String(doc, "subtitle", p + "subtitle", false);
  plan.ruleset = in.String(doc, "ruleset", p + "ruleset", false);
  if (!doc.contains("period") || !doc["period"].is_object()) {
    in.problems.Add(p + "period", "", "atteso un oggetto {\"from\", \"to\"}");
  } else {
    in.RejectUnknown(doc["period"], {"from", "to"}, p + "period");
    plan.period_from = in.DateField(doc["period"], "from", p + "period.from", true).value_or(Date());
    plan.period_to = in.DateField(doc["period"], "to", p + "period.to", true).value_or(Date());
  }
  for (auto& [s, spath] : in.Array(doc, "sections", p + "sections")) {
    in.RejectUnknown(s, {"code", "title", "body"}, spath);
    plan.sections.push_back({in.String(s, "code", spath + ".code", true), in.String(s, "title", spath + ".title", true),
                             in.String(s, "body", spath + ".body", false)});
  }
  for (auto& [g, gpath] : in.Array(doc, "objectives", p + "objectives")) {
    in.RejectUnknown(g, {"id", "title", "areas", "strategic_objectives", "specific", "weight"}, gpath);
    core::GeneralObjective go;
    go.weight = Weight(in, g, gpath);
    go.id = in.String(g, "id", gpath + ".id", false);
    go.title = in.String(g, "title", gpath + ".title", true);
    go.areas = Strings(in, g, "areas", gpath + ".areas");
    go.strategic_objectives = Strings(in, g, "strategic_objectives", gpath + ".strategic_objectives");
    for (auto& [s, spath] : in.Array(g, "specific", gpath + ".specific")) go.specific.push_back(Specific(in, s, spath));
    plan.objectives.push_back(std::move(go));
  }
  if (!in.ok()) {
    std::string message = "Il piano contiene " + ErrorsCount(in.problems.details.size()) + ": nulla è stato salvato.";
    return MakeError(ErrorCode::kValidationFailed, message, std::move(in.problems.details));
  }
  core::AssignIds(plan);  // a plan written before actions and indicators had ids gets the same ones every time
  return plan;
}

Result<core::Plan> ParsePlanJson(std::string_view text, const std::string& file) {
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded()) {
    return MakeError(ErrorCode::kInvalidJson, "Il file " + file + " non è un JSON valido.", {{.file = file}});
  }
  auto plan = ReadPlan(doc, file);
  if (!plan) {
    Error e = plan.take_error();
    JsonLines(text).Annotate(e.details);
    return e;
  }
  return plan;
}

json PlanToJson(const core::Plan& plan) {
  json doc = {{"format", "pdz-plan/1"},
              {"ambito", plan.ambito},
              {"title", plan.title},
              {"subtitle", plan.subtitle},
              {"ruleset", plan.ruleset},
              {"period", {{"from", plan.period_from.ToString()}, {"to", plan.period_to.ToString()}}},
              {"sections", json::array()},
              {"objectives", json::array()}};
  for (const auto& s : plan.sections)
    doc["sections"].push_back({{"code", s.code}, {"title", s.title}, {"body", s.body}});
  for (const auto& g : plan.objectives) {
    json gj = {{"id", g.id},         {"title", g.title},
               {"areas", g.areas},   {"strategic_objectives", g.strategic_objectives},
               {"weight", g.weight}, {"specific", json::array()}};
    for (const auto& s : g.specific) {
      json actions = json::array();
      for (const auto& a : s.actions) {
        actions.push_back({{"id", a.id},
                           {"text", a.text},
                           {"weight", a.weight},
                           {"due", a.due ? json(a.due->ToString()) : json(nullptr)}});
      }
      json indicators = json::array();
      for (const auto& i : s.indicators) {
        indicators.push_back({{"id", i.id},
                              {"weight", i.weight},
                              {"name", i.name},
                              {"unit", i.unit},
                              {"baseline", PointJson(i.baseline)},
                              {"target", PointJson(i.target)},
                              {"source", i.source},
                              {"dimension", std::string(core::DimensionCode(i.dimension))}});
      }
      json financial = json::array();
      for (const auto& f : s.resources.financial) {
        financial.push_back({{"description", f.description},
                             {"amount_cents", f.amount ? json(*f.amount) : json(nullptr)},
                             {"fund", f.fund},
                             {"years", f.years}});
      }
      json timing = {{"kind", std::string(core::TimingKindCode(s.timing.kind))}, {"text", s.timing.text}};
      timing["date"] = s.timing.date ? json(s.timing.date->ToString()) : json(nullptr);
      gj["specific"].push_back({{"id", s.id},
                                {"title", s.title},
                                {"kind", s.kind},
                                {"areas", s.areas},
                                {"actions", actions},
                                {"weight", s.weight},
                                {"indicators", indicators},
                                {"tools", s.tools},
                                {"resources", {{"financial", financial}, {"professional", s.resources.professional}}},
                                {"timing", timing}});
    }
    doc["objectives"].push_back(std::move(gj));
  }
  return doc;
}

}  // namespace pdz::io
