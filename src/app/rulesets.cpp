// Rulesets in the database: load (validated, versioned), list, read; premialità under a stored one.
#include "app/app.hpp"
#include "app/detail/internals.hpp"
#include "app/rules.hpp"
#include "io/ruleset_file.hpp"

namespace pdz::app {

Result<json> App::LoadRuleset(const Actor& actor, const std::string& text, const std::string& file) {
  if (actor.anonymous()) {
    return MakeError(ErrorCode::kUnauthenticated, "Per questa operazione occorre accedere con le proprie credenziali.");
  }
  PDZ_ASSIGN(core::Ruleset rs, io::ParseRulesetJson(text, file));
  PDZ_TRY(detail::Require(actor, core::Permission::kManageTerritory, core::Place{rs.region, "", "", {}}));
  PDZ_ASSIGN(auto conn, db_.Connect());
  return InTransaction(*conn, [&]() -> Result<json> {
    PDZ_ASSIGN(auto region, conn->Query("SELECT 1 FROM regions WHERE code = ?", {rs.region}));
    if (region.empty()) {
      return MakeError(ErrorCode::kValidationFailed, "Regione '" + rs.region + "' inesistente.",
                       {{.file = file, .field = "region", .value = rs.region, .reason = "codice ISTAT di regione"}});
    }
    PDZ_ASSIGN(
        auto latest,
        conn->Query("SELECT version, body FROM rulesets WHERE code = ? ORDER BY version DESC LIMIT 1", {rs.code}));
    std::int64_t version = latest.empty() ? 1 : latest[0].Int(0) + 1;
    bool unchanged = !latest.empty() && json::parse(latest[0].Text(1)) == json::parse(text);
    if (!unchanged) {
      PDZ_TRY(
          conn->Exec("INSERT INTO rulesets (code, version, region_code, title, act, period_from, period_to, body, "
                     "loaded_at, loaded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     {rs.code, version, rs.region, rs.title, rs.act, rs.period_from.ToString(), rs.period_to.ToString(),
                      json::parse(text).dump(), clock_.NowIso(), actor.username}));
      PDZ_TRY(detail::Audit(*conn, clock_, actor, "load", "ruleset", rs.code, "", nullptr,
                            json{{"version", version}, {"file", file}}));
    } else {
      version = latest[0].Int(0);
    }
    json summary = RulesetSummary(rs);
    summary["version"] = version;
    summary["unchanged"] = unchanged;
    return summary;
  });
}

Result<json> App::ListRulesets(const std::string& region) {
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(
      auto rows,
      conn->Query("SELECT r.code, r.version, r.region_code, r.title, r.act, r.period_from, r.period_to, "
                  "r.loaded_at FROM rulesets r WHERE r.version = (SELECT max(version) FROM rulesets x "
                  "WHERE x.code = r.code) AND (? = '' OR r.region_code = ?) ORDER BY r.region_code, r.period_from",
                  {region, region}));
  json items = json::array();
  for (const auto& r : rows) {
    items.push_back({{"code", r.Text(0)},
                     {"version", r.Int(1)},
                     {"region", r.Text(2)},
                     {"title", r.Text(3)},
                     {"act", r.Text(4)},
                     {"period", {{"from", r.Text(5)}, {"to", r.Text(6)}}},
                     {"loaded_at", r.Text(7)}});
  }
  return json{{"items", items}, {"total", items.size()}};
}

Result<json> App::GetRuleset(const std::string& code, std::optional<std::int64_t> version) {
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(auto rows, conn->Query("SELECT version, body, loaded_at, loaded_by FROM rulesets WHERE code = ? AND "
                                    "(? = 0 OR version = ?) ORDER BY version DESC LIMIT 1",
                                    {code, version.value_or(0), version.value_or(0)}));
  if (rows.empty())
    return detail::NotFound("ruleset", code, detail::Codes(*conn, "SELECT DISTINCT code FROM rulesets"));
  PDZ_ASSIGN(core::Ruleset rs, io::ParseRulesetJson(rows[0].Text(1), code));
  PDZ_ASSIGN(auto versions, conn->Query("SELECT version FROM rulesets WHERE code = ? ORDER BY version", {code}));
  json doc = {{"code", code},
              {"version", rows[0].Int(0)},
              {"loaded_at", rows[0].Text(2)},
              {"loaded_by", rows[0].Text(3)},
              {"versions", json::array()},
              {"parameters", rs.parameters},
              {"body", json::parse(rows[0].Text(1))}};
  for (const auto& v : versions) doc["versions"].push_back(v.Int(0));
  return doc;
}

Result<json> App::RunPremialita(const std::string& code, const json& body) {
  PDZ_ASSIGN(json ruleset, GetRuleset(code, std::nullopt));
  if (!body.is_object() || !body.contains("facts")) {
    return MakeError(ErrorCode::kValidationFailed, "Indicare i fatti per ambito in 'facts'.",
                     {{.field = "facts", .reason = "campo obbligatorio mancante"}});
  }
  std::map<std::string, core::Cents> parameters;
  if (body.contains("parameters")) {
    if (!body["parameters"].is_object()) {
      return MakeError(ErrorCode::kValidationFailed, "'parameters' deve essere un oggetto {nome: centesimi}.",
                       {{.field = "parameters"}});
    }
    for (auto it = body["parameters"].begin(); it != body["parameters"].end(); ++it) {
      if (!it.value().is_number_integer()) {
        return MakeError(ErrorCode::kValidationFailed,
                         "Il parametro '" + it.key() + "' deve essere un importo intero in centesimi.",
                         {{.field = "parameters." + it.key(), .value = it.value().dump()}});
      }
      parameters[it.key()] = it.value().get<core::Cents>();
    }
  }
  auto result = PremialitaWhatIf(ruleset["body"].dump(), code, body["facts"].dump(), "facts", parameters);
  if (!result) {
    Error e = result.take_error();
    for (auto& d : e.details) {
      bool about_facts = d.file == "facts" || d.field.rfind("ambiti", 0) == 0 || d.field.rfind("policies", 0) == 0;
      if (about_facts)
        d.field = "facts." + d.field;
      else if (parameters.count(d.field))
        d.field = "parameters." + d.field;
      d.file.clear();
      d.row = 0;
    }
    return e;
  }
  (*result)["version"] = ruleset["version"];
  return result;
}

}  // namespace pdz::app
