// Stored premialità runs: the Region's decision on its ambiti's rewards, with the trace behind each.
#include <set>

#include "app/app.hpp"
#include "app/detail/internals.hpp"

namespace pdz::app {

namespace {

constexpr char kRunColumns[] =
    "id, region_code, ruleset_code, ruleset_version, title, total_cents, created_at, created_by, result";

json RunMeta(const storage::Row& r) {
  return json{{"id", r.Int(0)},     {"region", r.Text(1)},     {"ruleset", r.Text(2)},    {"ruleset_version", r.Int(3)},
              {"title", r.Text(4)}, {"total_cents", r.Int(5)}, {"created_at", r.Text(6)}, {"created_by", r.Text(7)}};
}

}  // namespace

Result<json> App::CreatePremialitaRun(const Actor& actor, const std::string& code, const json& body) {
  if (!body.is_object()) return MakeError(ErrorCode::kValidationFailed, "Atteso un oggetto JSON.");
  std::string title = body.contains("title") && body["title"].is_string() ? body["title"].get<std::string>() : "";
  if (title.find_first_not_of(" \t") == std::string::npos) {
    return MakeError(ErrorCode::kValidationFailed, "Dare un titolo all'esito (es. 'Premialità 2018-2020').",
                     {{.field = "title", .reason = "campo obbligatorio mancante"}});
  }
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(auto rs,
             conn->Query("SELECT region_code FROM rulesets WHERE code = ? ORDER BY version DESC LIMIT 1", {code}));
  if (rs.empty()) return detail::NotFound("ruleset", code, detail::Codes(*conn, "SELECT DISTINCT code FROM rulesets"));
  std::string region = rs[0].Text(0);
  PDZ_TRY(detail::Require(actor, core::Permission::kManageTerritory, core::Place{region, "", "", {}}));
  json request = body;
  request.erase("title");
  PDZ_ASSIGN(json result, RunPremialita(code, request));
  // A stored decision names real ambiti of the region.
  std::vector<ErrorDetail> unknown;
  size_t i = 0;
  for (const auto& a : result["ambiti"]) {
    PDZ_ASSIGN(auto found, conn->Query("SELECT 1 FROM ambiti WHERE code = ? AND region_code = ?",
                                       {a["code"].get<std::string>(), region}));
    if (found.empty()) {
      unknown.push_back({.field = "facts.ambiti[" + std::to_string(i) + "].code",
                         .value = a["code"].get<std::string>(),
                         .reason = "non è un ambito della regione " + region});
    }
    ++i;
  }
  if (!unknown.empty()) {
    return MakeError(ErrorCode::kValidationFailed,
                     "L'esito nomina ambiti che non sono della regione: nulla è stato salvato.", unknown);
  }
  return InTransaction(*conn, [&]() -> Result<json> {
    std::string now = clock_.NowIso();
    PDZ_ASSIGN(auto rows, conn->Query("INSERT INTO premialita_runs (region_code, ruleset_code, ruleset_version, title, "
                                      "total_cents, request, result, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, "
                                      "?, ?, ?) RETURNING id",
                                      {region, code, result["version"].get<std::int64_t>(), title,
                                       result["total_cents"].get<std::int64_t>(), request.dump(), result.dump(), now,
                                       actor.username}));
    std::int64_t id = rows[0].Int(0);
    PDZ_TRY(detail::Audit(*conn, clock_, actor, "create", "premialita_run", std::to_string(id), "", nullptr,
                          json{{"title", title}, {"ruleset", code}, {"total_cents", result["total_cents"]}}));
    result["id"] = id;
    result["title"] = title;
    result["region"] = region;
    result["created_at"] = now;
    result["created_by"] = actor.username;
    return result;
  });
}

Result<json> App::ListPremialitaRuns(const std::string& region) {
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(auto exists, conn->Query("SELECT 1 FROM regions WHERE code = ?", {region}));
  if (exists.empty()) return detail::NotFound("regione", region, detail::Codes(*conn, "SELECT code FROM regions"));
  PDZ_ASSIGN(auto rows, conn->Query(std::string("SELECT ") + kRunColumns +
                                        " FROM premialita_runs WHERE region_code = ? ORDER BY id DESC",
                                    {region}));
  json items = json::array();
  for (const auto& r : rows) items.push_back(RunMeta(r));
  return json{{"region", region}, {"items", items}};
}

Result<json> App::GetPremialitaRun(std::int64_t id) {
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(auto rows, conn->Query(std::string("SELECT ") + kRunColumns + " FROM premialita_runs WHERE id = ?", {id}));
  if (rows.empty()) {
    return MakeError(ErrorCode::kNotFound, "Esito di premialità " + std::to_string(id) + " non trovato.",
                     {{.field = "id", .value = std::to_string(id)}});
  }
  json result = json::parse(rows[0].Text(8));
  json meta = RunMeta(rows[0]);
  for (const auto& [k, v] : meta.items()) result[k] = v;
  return result;
}

Result<json> App::AmbitoPremialita(const std::string& ambito) {
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(core::Place place, detail::PlaceOfAmbito(*conn, ambito));
  PDZ_ASSIGN(auto rows, conn->Query(std::string("SELECT ") + kRunColumns +
                                        " FROM premialita_runs WHERE region_code = ? ORDER BY id DESC",
                                    {place.region}));
  json items = json::array();
  for (const auto& r : rows) {
    json result = json::parse(r.Text(8));
    for (const auto& a : result["ambiti"]) {
      if (a["code"] != ambito) continue;
      json item = RunMeta(r);
      item["reward"] = a;
      item["act"] = result.value("act", "");
      items.push_back(item);
    }
  }
  return json{{"ambito", ambito}, {"items", items}};
}

Result<json> App::PremialitaFactsFromData(const Actor& actor, const std::string& ruleset) {
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(auto rs, conn->Query("SELECT region_code, period_to FROM rulesets WHERE code = ? ORDER BY version DESC "
                                  "LIMIT 1",
                                  {ruleset}));
  if (rs.empty()) {
    return detail::NotFound("ruleset", ruleset, detail::Codes(*conn, "SELECT DISTINCT code FROM rulesets"));
  }
  AmbitoFilter filter;
  filter.region = rs[0].Text(0);
  filter.as_of = Date::Parse(rs[0].Text(1));
  PDZ_ASSIGN(json list, ListAmbiti(filter, Page{500, 0}));
  json ambiti = json::array();
  json sources = json::array();
  for (const auto& a : list["items"]) {
    std::string code = a["code"];
    json fact = {{"code", code}, {"name", a["name"]}};
    if (a.contains("district") && a["district"].is_object()) fact["district"] = a["district"]["code"];
    PDZ_ASSIGN(auto plans, conn->Query("SELECT id, title FROM plans WHERE ambito_code = ? AND ruleset_code = ? "
                                       "ORDER BY period_from DESC LIMIT 1",
                                       {code, ruleset}));
    json source = {{"code", code}, {"plan", nullptr}, {"adp_signed_on", nullptr}};
    if (!plans.empty()) {
      source["plan"] = {{"id", plans[0].Int(0)}, {"title", plans[0].Text(1)}};
      auto adp = GetAdp(actor, plans[0].Int(0));  // a draft's AdP stays private: then nothing is taken
      if (adp && (*adp)["signed_on"].is_string()) {
        fact["adp_signed_on"] = (*adp)["signed_on"];
        source["adp_signed_on"] = "Accordo di Programma del piano " + std::to_string(plans[0].Int(0)) +
                                  ": ultima firma richiesta il " +
                                  Date::Parse((*adp)["signed_on"].get<std::string>())->ToItalian();
      }
    }
    ambiti.push_back(fact);
    sources.push_back(source);
  }
  return json{{"ruleset", ruleset},
              {"region", filter.region},
              {"facts", {{"ambiti", ambiti}}},
              {"sources", sources},
              {"to_fill", json::array({"ambito_distrettuale", "objectives_reached", "policies"})}};
}

}  // namespace pdz::app
