// Allocating a fund among a region's ambiti, with the population from the territory as of a date.
#include "core/money/allocation.hpp"
#include "app/app.hpp"
#include "app/detail/internals.hpp"
#include "io/csv.hpp"
#include "io/document/xlsx.hpp"
#include "io/json_fields.hpp"
#include "io/ruleset_file.hpp"

#include <algorithm>
#include <map>
#include <type_traits>

namespace pdz::app {

namespace {

/// The method of a ruleset's `allocation`, with its parameters filled from the request's `method`.
/// A value the act fixes cannot be overridden; a parameter left unfilled is an error.
Result<core::AllocationMethod> MethodFromRuleset(const core::Ruleset& rs, const json& given, io::JsonFields& in) {
  const auto& rules = rs.allocation;
  if (!rules.present) {
    return MakeError(ErrorCode::kValidationFailed,
                     "Il ruleset " + rs.code + " non stabilisce un metodo di riparto: indicare 'method'.",
                     {{.field = "ruleset", .value = rs.code, .reason = "nessuna sezione 'allocation'"}});
  }
  core::AllocationMethod method;
  method.act = rules.act;
  auto is_parameter = [&](const std::string& key) {
    return std::find(rules.parameters.begin(), rules.parameters.end(), key) != rules.parameters.end();
  };
  auto component = [&](const char* key, auto fixed, auto& target) {
    std::string path = std::string("method.") + key;
    bool supplied = given.is_object() && given.contains(key);
    if (is_parameter(key)) {
      if (!supplied) {
        in.problems.Add(path, "",
                        "parametro che la Regione stabilisce nell'atto di riparto (" + rules.act + "): indicarlo");
      } else if (auto v = in.Integer(given, key, path, true)) {
        target = static_cast<std::remove_reference_t<decltype(target)>>(*v);
      }
    } else if (supplied) {
      in.problems.Add(
          path, io::ShownValue(given[key]),
          fixed ? "valore fissato da " + rules.act + ": non modificabile" : "componente non prevista da " + rules.act);
    } else if (fixed) {
      target = static_cast<std::remove_reference_t<decltype(target)>>(*fixed);
    }
  };
  component("fixed_quota_cents", rules.fixed_quota, method.fixed_quota);
  component("reward_pot_cents", rules.reward_pot, method.reward_pot);
  int threshold = -1;
  component("integration_threshold_bp", rules.integration_threshold_bp, threshold);
  if (threshold >= 0) method.integration_threshold_bp = threshold;
  component("cut_bp", rules.cut_bp, method.cut_bp);
  method.age_weights = rules.age_weights;
  return method;
}

std::vector<core::AgeWeight> AgeWeights(io::JsonFields& in, const json& m) {
  std::vector<core::AgeWeight> out;
  for (auto& [w, path] : in.Array(m, "age_weights", "method.age_weights")) {
    in.RejectUnknown(w, {"band", "weight_bp"}, path);
    core::AgeWeight a;
    a.band = in.String(w, "band", path + ".band", true);
    a.weight_bp = static_cast<int>(in.Integer(w, "weight_bp", path + ".weight_bp", true).value_or(10000));
    out.push_back(a);
  }
  return out;
}

}  // namespace

Result<json> App::AllocateRegion(const std::string& region, const json& body) {
  if (!body.is_object()) return MakeError(ErrorCode::kValidationFailed, "Atteso un oggetto JSON.");
  io::JsonFields in;
  in.RejectUnknown(
      body, {"total_cents", "reference_date", "method", "ambiti", "fund", "year", "ruleset", "title", "premialita_run"},
      "");
  auto premialita_run = in.Integer(body, "premialita_run", "premialita_run", false);
  auto total = in.Integer(body, "total_cents", "total_cents", true);
  Date reference = in.DateField(body, "reference_date", "reference_date", false).value_or(clock_.Today());
  std::string fund = in.String(body, "fund", "fund", false);
  std::string ruleset_code = in.String(body, "ruleset", "ruleset", false);
  auto year = in.Integer(body, "year", "year", false);
  core::AllocationMethod method;
  std::int64_t ruleset_version = 0;
  json m = body.contains("method") ? body["method"] : json::object();
  if (!m.is_object()) {
    in.problems.Add("method", io::ShownValue(m), "atteso un oggetto");
    m = json::object();
  }
  in.RejectUnknown(
      m, {"fixed_quota_cents", "reward_pot_cents", "integration_threshold_bp", "cut_bp", "act", "age_weights"},
      "method");
  PDZ_ASSIGN(auto conn, db_.Connect());
  if (!ruleset_code.empty()) {
    PDZ_ASSIGN(auto rows, conn->Query("SELECT version, body, region_code FROM rulesets WHERE code = ? ORDER BY version "
                                      "DESC LIMIT 1",
                                      {ruleset_code}));
    if (rows.empty()) {
      return detail::NotFound("ruleset", ruleset_code, detail::Codes(*conn, "SELECT DISTINCT code FROM rulesets"));
    }
    PDZ_ASSIGN(core::Ruleset rs, io::ParseRulesetJson(rows[0].Text(1), ruleset_code));
    if (rows[0].Text(2) != region) {
      in.problems.Add("ruleset", ruleset_code, "ruleset di un'altra regione (" + rows[0].Text(2) + ")");
    }
    ruleset_version = rows[0].Int(0);
    if (m.contains("act")) in.problems.Add("method.act", io::ShownValue(m["act"]), "l'atto è quello del ruleset");
    if (m.contains("age_weights") && !rs.allocation.parameters.empty() &&
        std::find(rs.allocation.parameters.begin(), rs.allocation.parameters.end(), "age_weights") ==
            rs.allocation.parameters.end()) {
      in.problems.Add("method.age_weights", "", "pesi per fascia d'età non previsti da " + rs.allocation.act);
    }
    auto from_rules = MethodFromRuleset(rs, m, in);
    if (!from_rules) return from_rules.take_error();
    method = *from_rules;
    if (m.contains("age_weights")) method.age_weights = AgeWeights(in, m);
  } else {
    method.fixed_quota = in.Integer(m, "fixed_quota_cents", "method.fixed_quota_cents", false).value_or(0);
    method.reward_pot = in.Integer(m, "reward_pot_cents", "method.reward_pot_cents", false).value_or(0);
    if (auto t = in.Integer(m, "integration_threshold_bp", "method.integration_threshold_bp", false)) {
      method.integration_threshold_bp = static_cast<int>(*t);
    }
    method.cut_bp = static_cast<int>(in.Integer(m, "cut_bp", "method.cut_bp", false).value_or(0));
    method.act = in.String(m, "act", "method.act", false);
    method.age_weights = AgeWeights(in, m);
  }
  struct Extra {
    core::Cents reward = 0;
    std::optional<int> bp;
    std::vector<core::BandPopulation> bands;
  };
  std::map<std::string, Extra> extra;
  for (auto& [a, path] : in.Array(body, "ambiti", "ambiti")) {
    in.RejectUnknown(a, {"code", "premialita_cents", "integration_bp", "bands"}, path);
    std::string code = in.String(a, "code", path + ".code", true);
    Extra e;
    e.reward = in.Integer(a, "premialita_cents", path + ".premialita_cents", false).value_or(0);
    if (auto bp = in.Integer(a, "integration_bp", path + ".integration_bp", false)) e.bp = static_cast<int>(*bp);
    if (a.is_object() && a.contains("bands")) {
      if (!a["bands"].is_object()) {
        in.problems.Add(path + ".bands", io::ShownValue(a["bands"]), "atteso un oggetto {fascia: abitanti}");
      } else {
        for (const auto& [band, n] : a["bands"].items()) {
          if (!n.is_number_integer()) {
            in.problems.Add(path + ".bands." + band, io::ShownValue(n), "atteso un intero");
          } else {
            e.bands.push_back({band, n.get<std::int64_t>()});
          }
        }
      }
    }
    extra[code] = std::move(e);
  }
  if (premialita_run) {
    // The reward pot's weights are the amounts of a stored premialità run of this region.
    auto run = GetPremialitaRun(*premialita_run);
    if (!run) {
      in.problems.Add("premialita_run", std::to_string(*premialita_run), "esito di premialità inesistente");
    } else if ((*run)["region"] != region) {
      in.problems.Add("premialita_run", std::to_string(*premialita_run), "esito di premialità di un'altra regione");
    } else {
      for (const auto& a : (*run)["ambiti"]) {
        auto& e = extra[a["code"].get<std::string>()];
        if (e.reward != 0) {
          in.problems.Add("ambiti", a["code"].get<std::string>(),
                          "premialità indicata due volte: dall'esito " + std::to_string(*premialita_run) +
                              " e in premialita_cents");
        }
        e.reward = a["total_cents"].get<core::Cents>();
      }
    }
  }
  if (!in.ok()) return in.ToError("Dati del riparto non validi.");

  PDZ_ASSIGN(auto exists, conn->Query("SELECT name FROM regions WHERE code = ?", {region}));
  if (exists.empty()) return detail::NotFound("regione", region, detail::Codes(*conn, "SELECT code FROM regions"));
  AmbitoFilter filter;
  filter.region = region;
  filter.as_of = reference;
  PDZ_ASSIGN(json list, ListAmbiti(filter, Page{500, 0}));
  std::vector<core::AllocationAmbito> ambiti;
  std::map<std::string, std::string> names;
  for (const auto& a : list["items"]) {
    std::string code = a["code"];
    names[code] = a["name"];
    core::AllocationAmbito item{code, a["population"].get<std::int64_t>(), 0, std::nullopt, {}};
    if (auto it = extra.find(code); it != extra.end()) {
      item.premialita = it->second.reward;
      item.integration_bp = it->second.bp;
      item.bands = it->second.bands;
      extra.erase(it);
    }
    ambiti.push_back(std::move(item));
  }
  if (!extra.empty()) {
    std::vector<ErrorDetail> unknown;
    for (const auto& [code, _] : extra) {
      unknown.push_back({.field = "ambiti",
                         .value = code,
                         .reason = "non è un ambito attivo della regione alla data " + reference.ToString()});
    }
    return MakeError(ErrorCode::kValidationFailed, "Alcuni ambiti indicati non sono tra quelli del riparto.", unknown);
  }
  PDZ_ASSIGN(core::AllocationResult result, core::Allocate(*total, method, ambiti));
  json weights = json::array();
  for (const auto& w : method.age_weights) weights.push_back({{"band", w.band}, {"weight_bp", w.weight_bp}});
  json out = {{"region", region},
              {"reference_date", reference.ToString()},
              {"fund", fund},
              {"year", year ? json(*year) : json(nullptr)},
              {"ruleset", ruleset_code.empty() ? json(nullptr) : json(ruleset_code)},
              {"ruleset_version", ruleset_version ? json(ruleset_version) : json(nullptr)},
              {"premialita_run", premialita_run ? json(*premialita_run) : json(nullptr)},
              {"method",
               {{"fixed_quota_cents", method.fixed_quota},
                {"reward_pot_cents", method.reward_pot},
                {"integration_threshold_bp",
                 method.integration_threshold_bp ? json(*method.integration_threshold_bp) : json(nullptr)},
                {"cut_bp", method.cut_bp},
                {"age_weights", weights},
                {"act", method.act}}},
              {"total_cents", result.total},
              {"ambiti", json::array()}};
  for (size_t i = 0; i < result.ambiti.size(); ++i) {
    const auto& s = result.ambiti[i];
    json lines = json::array();
    for (const auto& l : s.lines) lines.push_back({{"kind", l.kind}, {"amount_cents", l.amount}, {"reason", l.reason}});
    out["ambiti"].push_back({{"code", s.code},
                             {"name", names[s.code]},
                             {"population", ambiti[i].population},
                             {"total_cents", s.total},
                             {"lines", lines}});
  }
  return out;
}

Result<json> App::CreateAllocationRun(const Actor& actor, const std::string& region, const json& body) {
  if (!body.is_object()) return MakeError(ErrorCode::kValidationFailed, "Atteso un oggetto JSON.");
  std::string title = body.contains("title") && body["title"].is_string() ? body["title"].get<std::string>() : "";
  if (title.find_first_not_of(" \t") == std::string::npos) {
    return MakeError(ErrorCode::kValidationFailed, "Dare un titolo al riparto (es. 'FNPS 2019').",
                     {{.field = "title", .reason = "campo obbligatorio mancante"}});
  }
  PDZ_TRY(detail::Require(actor, core::Permission::kManageTerritory, core::Place{region, "", "", {}}));
  PDZ_ASSIGN(json result, AllocateRegion(region, body));
  PDZ_ASSIGN(auto conn, db_.Connect());
  return InTransaction(*conn, [&]() -> Result<json> {
    std::string now = clock_.NowIso();
    PDZ_ASSIGN(
        auto rows,
        conn->Query(
            "INSERT INTO allocation_runs (region_code, title, fund, year, reference_date, ruleset_code, "
            "ruleset_version, total_cents, request, result, created_at, created_by) VALUES (?, ?, ?, ?, ?, "
            "?, ?, ?, ?, ?, ?, ?) RETURNING id",
            {region, title, result["fund"].get<std::string>(),
             result["year"].is_null() ? storage::Value{} : storage::Value{result["year"].get<std::int64_t>()},
             result["reference_date"].get<std::string>(),
             result["ruleset"].is_null() ? storage::Value{} : storage::Value{result["ruleset"].get<std::string>()},
             result["ruleset_version"].is_null() ? storage::Value{}
                                                 : storage::Value{result["ruleset_version"].get<std::int64_t>()},
             result["total_cents"].get<std::int64_t>(), body.dump(), result.dump(), now, actor.username}));
    std::int64_t id = rows[0].Int(0);
    PDZ_TRY(detail::Audit(*conn, clock_, actor, "create", "allocation_run", std::to_string(id), "", nullptr,
                          json{{"title", title}, {"region", region}, {"total_cents", result["total_cents"]}}));
    result["id"] = id;
    result["title"] = title;
    result["created_at"] = now;
    result["created_by"] = actor.username;
    return result;
  });
}

namespace {

json RunMeta(const storage::Row& r) {
  return json{{"id", r.Int(0)},
              {"region", r.Text(1)},
              {"title", r.Text(2)},
              {"fund", r.Text(3)},
              {"year", r.IsNull(4) ? json(nullptr) : json(r.Int(4))},
              {"reference_date", r.Text(5)},
              {"ruleset", r.IsNull(6) ? json(nullptr) : json(r.Text(6))},
              {"total_cents", r.Int(7)},
              {"created_at", r.Text(8)},
              {"created_by", r.Text(9)}};
}

constexpr char kRunColumns[] =
    "id, region_code, title, fund, year, reference_date, ruleset_code, total_cents, created_at, created_by";

}  // namespace

Result<json> App::ListAllocationRuns(const std::string& region) {
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(auto exists, conn->Query("SELECT name FROM regions WHERE code = ?", {region}));
  if (exists.empty()) return detail::NotFound("regione", region, detail::Codes(*conn, "SELECT code FROM regions"));
  PDZ_ASSIGN(auto rows, conn->Query(std::string("SELECT ") + kRunColumns +
                                        " FROM allocation_runs WHERE region_code = ? ORDER BY id DESC",
                                    {region}));
  json items = json::array();
  for (const auto& r : rows) items.push_back(RunMeta(r));
  return json{{"region", region}, {"items", items}};
}

Result<json> App::GetAllocationRun(std::int64_t id) {
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(auto rows,
             conn->Query(std::string("SELECT ") + kRunColumns + ", result FROM allocation_runs WHERE id = ?", {id}));
  if (rows.empty()) {
    return MakeError(ErrorCode::kNotFound, "Riparto " + std::to_string(id) + " non trovato.",
                     {{.field = "id", .value = std::to_string(id)}});
  }
  json result = json::parse(rows[0].Text(10));
  json meta = RunMeta(rows[0]);
  for (const auto& [k, v] : meta.items()) result[k] = v;
  return result;
}

Result<json> App::AmbitoAllocations(const std::string& ambito) {
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(core::Place place, detail::PlaceOfAmbito(*conn, ambito));
  PDZ_ASSIGN(auto rows, conn->Query(std::string("SELECT ") + kRunColumns +
                                        ", result FROM allocation_runs WHERE region_code = ? ORDER BY id DESC",
                                    {place.region}));
  json items = json::array();
  for (const auto& r : rows) {
    json result = json::parse(r.Text(10));
    for (const auto& a : result["ambiti"]) {
      if (a["code"] != ambito) continue;
      json item = RunMeta(r);
      item["share"] = a;
      items.push_back(item);
    }
  }
  return json{{"ambito", ambito}, {"items", items}};
}

Result<App::File> App::AllocationXlsx(const json& allocation) {
  io::xlsx::Sheet summary{
      .name = "Riparto", .header = {"ambito", "nome", "abitanti", "importo"}, .rows = {}, .widths = {16, 40, 12, 18}};
  io::xlsx::Sheet detail{.name = "Dettaglio",
                         .header = {"ambito", "nome", "voce", "importo", "motivazione"},
                         .rows = {},
                         .widths = {16, 34, 16, 16, 90}};
  for (const auto& a : allocation["ambiti"]) {
    summary.rows.push_back({a["code"].get<std::string>(), a["name"].get<std::string>(),
                            a["population"].get<std::int64_t>(), io::xlsx::Euro{a["total_cents"].get<std::int64_t>()}});
    for (const auto& l : a["lines"]) {
      detail.rows.push_back({a["code"].get<std::string>(), a["name"].get<std::string>(), l["kind"].get<std::string>(),
                             io::xlsx::Euro{l["amount_cents"].get<std::int64_t>()}, l["reason"].get<std::string>()});
    }
  }
  summary.rows.push_back({std::string("Totale"), std::string(""), std::string(""),
                          io::xlsx::Euro{allocation["total_cents"].get<std::int64_t>()}});
  PDZ_ASSIGN(std::string bytes, io::xlsx::Write({summary, detail}));
  std::string name = "riparto-" + allocation["region"].get<std::string>();
  if (allocation.contains("id")) name += "-" + std::to_string(allocation["id"].get<std::int64_t>());
  return File{std::move(bytes), io::xlsx::kContentType, name + ".xlsx"};
}

std::string App::AllocationCsv(const json& allocation) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& a : allocation["ambiti"]) {
    for (const auto& l : a["lines"]) {
      rows.push_back(
          {a["code"], a["name"], l["kind"], io::CentsForCsv(l["amount_cents"].get<std::int64_t>()), l["reason"]});
    }
    rows.push_back({a["code"], a["name"], "totale", io::CentsForCsv(a["total_cents"].get<std::int64_t>()), ""});
  }
  return io::WriteCsv({"ambito", "nome", "voce", "importo_euro", "motivazione"}, rows);
}

}  // namespace pdz::app
