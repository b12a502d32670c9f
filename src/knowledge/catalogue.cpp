#include "knowledge/catalogue.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

namespace pdz::knowledge {

using nlohmann::json;

namespace {

const std::set<std::string> kOps = {"sum", "count", "distinct", "population", "covered", "comuni"};

struct Parser {
  std::string file;
  std::vector<ErrorDetail> errors;
  void Fail(const std::string& path, const std::string& reason) {
    errors.push_back({file, 0, path, "", reason, false});
  }

  std::string Str(const json& o, const char* key, const std::string& path, bool required) {
    if (!o.contains(key)) {
      if (required) Fail(path + "." + key, "campo obbligatorio mancante");
      return {};
    }
    if (!o[key].is_string()) {
      Fail(path + "." + key, "testo atteso");
      return {};
    }
    return o[key].get<std::string>();
  }

  MeasureDef Measure(const json& m, const std::string& path) {
    MeasureDef d;
    if (!m.is_object()) {
      Fail(path, "oggetto atteso");
      return d;
    }
    d.op = Str(m, "op", path, true);
    d.flow = Str(m, "flow", path, false);
    d.column = Str(m, "column", path, false);
    if (!d.op.empty() && !kOps.count(d.op)) Fail(path + ".op", "operazione sconosciuta «" + d.op + "»");
    bool needs_flow = d.op == "sum" || d.op == "count" || d.op == "distinct" || d.op == "covered" ||
                      (d.op == "population" && !d.flow.empty());
    if (needs_flow) {
      const FlowDef* f = FindFlow(d.flow);
      if (!f) Fail(path + ".flow", "flusso sconosciuto «" + d.flow + "»");
      if ((d.op == "sum" || d.op == "distinct") && f && f->Column(d.column) < 0)
        Fail(path + ".column", "colonna sconosciuta «" + d.column + "» nel flusso " + d.flow);
    }
    if (m.contains("where")) {
      if (!m["where"].is_object()) {
        Fail(path + ".where", "oggetto atteso");
      } else {
        for (auto it = m["where"].begin(); it != m["where"].end(); ++it) {
          std::vector<std::string> values;
          if (!it.value().is_array()) {
            Fail(path + ".where." + it.key(), "elenco di valori atteso");
            continue;
          }
          for (const auto& v : it.value()) {
            if (v.is_string()) values.push_back(v.get<std::string>());
          }
          d.where.emplace_back(it.key(), std::move(values));
        }
      }
    }
    return d;
  }
};

}  // namespace

const IndicatorDef* Catalogue::Find(std::string_view id) const {
  for (const auto& i : indicators) {
    if (i.id == id) return &i;
  }
  return nullptr;
}

std::vector<MeasureDef> Catalogue::Measures() const {
  std::vector<MeasureDef> out;
  std::set<std::string> seen;
  for (const auto& i : indicators) {
    for (const MeasureDef* m : {&i.numerator, &i.denominator}) {
      if (m->op.empty()) continue;
      if (seen.insert(m->Key()).second) out.push_back(*m);
    }
  }
  return out;
}

Result<Catalogue> ParseCatalogue(std::string_view text, const std::string& file) {
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object())
    return MakeError(ErrorCode::kValidationFailed, "Il catalogo degli indicatori " + file + " non è JSON valido.");
  Parser p{file, {}};
  Catalogue cat;
  if (doc.value("format", "") != "pdz-indicators/1") p.Fail("format", "atteso «pdz-indicators/1»");
  if (!doc.contains("indicators") || !doc["indicators"].is_array()) {
    p.Fail("indicators", "elenco atteso");
  } else {
    std::set<std::string> ids;
    for (size_t n = 0; n < doc["indicators"].size(); ++n) {
      const json& j = doc["indicators"][n];
      std::string path = "indicators[" + std::to_string(n) + "]";
      if (!j.is_object()) {
        p.Fail(path, "oggetto atteso");
        continue;
      }
      IndicatorDef d;
      d.id = p.Str(j, "id", path, true);
      d.name = p.Str(j, "name", path, true);
      d.description = p.Str(j, "description", path, true);
      d.unit = p.Str(j, "unit", path, false);
      d.kind = j.value("kind", std::string("ratio"));
      d.by = p.Str(j, "by", path, false);
      if (!d.id.empty() && !ids.insert(d.id).second) p.Fail(path + ".id", "identificativo ripetuto «" + d.id + "»");
      if (d.kind == "cv") {
        d.of = p.Str(j, "of", path, true);
        if (!d.of.empty() && !ids.count(d.of))
          p.Fail(path + ".of", "l'indicatore «" + d.of + "» deve precedere questo");
      } else if (d.kind == "ratio") {
        if (!j.contains("numerator"))
          p.Fail(path + ".numerator", "campo obbligatorio mancante");
        else
          d.numerator = p.Measure(j["numerator"], path + ".numerator");
        if (j.contains("denominator")) d.denominator = p.Measure(j["denominator"], path + ".denominator");
        d.numerator.by = d.by;
      } else {
        p.Fail(path + ".kind", "tipo sconosciuto «" + d.kind + "» (ratio o cv)");
      }
      if (j.contains("factor")) {
        if (j["factor"].is_number())
          d.factor = j["factor"].get<double>();
        else
          p.Fail(path + ".factor", "numero atteso");
      }
      if (j.contains("decimals")) {
        if (j["decimals"].is_number_integer())
          d.decimals = j["decimals"].get<int>();
        else
          p.Fail(path + ".decimals", "numero intero atteso");
      }
      if (j.contains("suppress_below")) {
        if (j["suppress_below"].is_number_integer())
          d.suppress_below = j["suppress_below"].get<int>();
        else
          p.Fail(path + ".suppress_below", "numero intero atteso");
      }
      auto pol = ParsePolarity(j.value("polarity", std::string("none")));
      if (!pol)
        p.Fail(path + ".polarity", "high_good, low_good o none");
      else
        d.polarity = *pol;
      auto cmp = ParseCompareMethod(j.value("compare", std::string("none")));
      if (!cmp)
        p.Fail(path + ".compare", "ci_proportion, ci_rate, quintiles o none");
      else
        d.compare = *cmp;
      d.count_numerator = d.numerator.op == "distinct" || d.numerator.op == "count";
      d.numerator_key = d.numerator.Key();
      d.denominator_key = d.denominator.Key();
      cat.indicators.push_back(std::move(d));
    }
  }
  if (!p.errors.empty()) {
    Error e = MakeError(ErrorCode::kValidationFailed, "Il catalogo degli indicatori " + file + " contiene errori.");
    e.details = std::move(p.errors);
    return e;
  }
  return cat;
}

std::vector<int> ComuniOf(const Geo& geo, Level level, int entity) {
  std::vector<int> out;
  switch (level) {
    case Level::kComune:
      out.push_back(entity);
      break;
    case Level::kAmbito:
      out = geo.ambiti[entity].comuni;
      break;
    default:
      for (size_t c = 0; c < geo.comuni.size(); ++c) {
        const auto& com = geo.comuni[c];
        if ((level == Level::kAgency && com.agency == entity) || (level == Level::kRegion && com.region == entity) ||
            level == Level::kItaly) {
          out.push_back(static_cast<int>(c));
        }
      }
  }
  return out;
}

IndicatorValue Evaluate(const Snapshot& s, const IndicatorDef& ind, Level level, int entity, int category, int year) {
  IndicatorValue out;
  auto yc = s.years.find(year);
  if (yc == s.years.end()) return out;
  if (ind.kind == "cv") {
    const IndicatorDef* base = s.catalogue->Find(ind.of);
    if (!base || level == Level::kComune) return out;
    std::vector<double> values;
    auto comuni = s.LevelValues(*base, Level::kComune, category, year);
    for (int c : ComuniOf(*s.geo, level, entity)) {
      if (const auto& v = (*comuni)[c]) values.push_back(*v);
    }
    out.denominator = static_cast<double>(values.size());
    auto cv = CoefficientOfVariation(values);
    if (cv) out.value = *cv * ind.factor;
    return out;
  }
  auto get = [&](const std::string& key) -> std::optional<double> {
    auto it = yc->second->measures.find(key);
    if (it == yc->second->measures.end()) return std::nullopt;
    return it->second.Get(level, entity, category);
  };
  out.numerator = get(ind.numerator_key);
  if (!ind.denominator.op.empty()) {
    out.denominator = get(ind.denominator_key);
    if (out.numerator && out.denominator && *out.denominator != 0)
      out.value = *out.numerator / *out.denominator * ind.factor;
  } else if (out.numerator) {
    out.value = *out.numerator * ind.factor;
  }
  return out;
}

}  // namespace pdz::knowledge

namespace pdz::knowledge {

std::shared_ptr<const std::vector<std::optional<double>>> Snapshot::LevelValues(const IndicatorDef& ind, Level level,
                                                                                int category, int year) const {
  std::string key = ind.id + "|" + std::to_string(static_cast<int>(level)) + "|" + std::to_string(category) + "|" +
                    std::to_string(year);
  {
    std::lock_guard lock(cache_mutex_);
    auto it = cache_.find(key);
    if (it != cache_.end()) return it->second;
  }
  auto values = std::make_shared<std::vector<std::optional<double>>>(geo->Count(level));
  for (size_t e = 0; e < values->size(); ++e)
    (*values)[e] = Evaluate(*this, ind, level, static_cast<int>(e), category, year).value;
  std::lock_guard lock(cache_mutex_);
  return cache_.emplace(key, std::move(values)).first->second;
}

}  // namespace pdz::knowledge
