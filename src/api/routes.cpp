// The API's routes. Each parses its inputs, calls one use case, and says which status to answer.
#include "api/routes.hpp"

#include "core/base/date.hpp"

namespace pdz::api::detail {

using nlohmann::json;

std::string Call::Query(const std::string& key) const {
  auto it = query.find(key);
  return it == query.end() ? std::string() : it->second;
}

namespace {

Reply Ok(json body, int status = 200) { return Reply{status, std::move(body), {}}; }

Error BadParam(const std::string& name, const std::string& value, const std::string& expected) {
  return MakeError(ErrorCode::kValidationFailed, "Parametro '" + name + "' non valido: " + expected + ".",
                   {{.field = name, .value = value, .reason = expected}});
}

Result<std::optional<Date>> DateParam(const Call& c, const std::string& name) {
  std::string v = c.Query(name);
  if (v.empty()) return std::optional<Date>();
  auto d = Date::Parse(v);
  if (!d) return BadParam(name, v, "attesa una data AAAA-MM-GG");
  return std::optional<Date>(*d);
}

Result<app::Page> PageParams(const Call& c) {
  app::Page page;
  for (auto [name, target, min] : {std::tuple{"limit", &page.limit, 1}, std::tuple{"offset", &page.offset, 0}}) {
    std::string v = c.Query(name);
    if (v.empty()) continue;
    try {
      size_t used = 0;
      long long n = std::stoll(v, &used);
      if (used != v.size() || n < min || (std::string(name) == "limit" && n > 500)) throw std::out_of_range(name);
      *target = n;
    } catch (const std::exception&) {
      return BadParam(name, v, std::string(name) == "limit" ? "un intero tra 1 e 500" : "un intero non negativo");
    }
  }
  return page;
}

Result<bool> BoolParam(const Call& c, const std::string& name) {
  std::string v = c.Query(name);
  if (v.empty() || v == "false") return false;
  if (v == "true") return true;
  return BadParam(name, v, "atteso true o false");
}

std::string SessionCookie(const std::string& token, int max_age) {
  return "pdz_session=" + token + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age);
}

Reply Download(app::App::File file) {
  Reply reply;
  reply.raw = std::move(file.bytes);
  reply.content_type = file.content_type;
  reply.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + file.filename + "\"");
  return reply;
}

template <typename T>
Result<Reply> Wrap(Result<T> r, int status = 200) {
  if (!r) return r.take_error();
  return Ok(std::move(r).value(), status);
}

}  // namespace

std::vector<Route> BuildRoutes(app::App* app) {
  std::vector<Route> routes;
  auto add = [&](std::string method, std::string path, Body body, std::function<Result<Reply>(const Call&)> h,
                 bool csrf_exempt = false) {
    routes.push_back(Route{std::move(method), std::move(path), body, csrf_exempt, std::move(h)});
  };

  // Session.
  add(
      "POST", "/api/v1/session", Body::kJson,
      [app](const Call& c) -> Result<Reply> {
        if (!c.body.is_object() || !c.body.contains("username") || !c.body["username"].is_string() ||
            !c.body.contains("password") || !c.body["password"].is_string()) {
          return MakeError(ErrorCode::kValidationFailed, "Indicare nome utente e password.",
                           {{.field = "username", .reason = "attesi i testi username e password"}});
        }
        PDZ_ASSIGN(app::LoginResult login, app->Login(c.body["username"], c.body["password"]));
        Reply reply = Ok(json{{"user", login.user}, {"csrf_token", login.csrf_token}});
        reply.set_cookies.push_back(SessionCookie(login.token, 8 * 3600));
        return reply;
      },
      true);
  add("GET", "/api/v1/session", Body::kNone, [app](const Call& c) -> Result<Reply> {
    if (!c.session) return MakeError(ErrorCode::kUnauthenticated, "Nessuna sessione attiva: accedi.");
    return Wrap(app->SessionView(*c.session));
  });
  add("DELETE", "/api/v1/session", Body::kNone, [app](const Call& c) -> Result<Reply> {
    if (!c.session) return MakeError(ErrorCode::kUnauthenticated, "Nessuna sessione attiva.");
    PDZ_TRY(app->Logout(c.session_token));
    Reply reply{204, nullptr, {SessionCookie("", 0)}};
    return reply;
  });

  // Territory: public reads.
  add("GET", "/api/v1/regions", Body::kNone, [app](const Call& c) -> Result<Reply> {
    PDZ_ASSIGN(app::Page page, PageParams(c));
    return Wrap(app->ListRegions(page));
  });
  add("GET", "/api/v1/regions/{code}", Body::kNone,
      [app](const Call& c) { return Wrap(app->GetRegion(c.path.at("code"))); });
  add("GET", "/api/v1/agencies", Body::kNone, [app](const Call& c) -> Result<Reply> {
    PDZ_ASSIGN(app::Page page, PageParams(c));
    return Wrap(app->ListAgencies(c.Query("region"), page));
  });
  add("GET", "/api/v1/agencies/{code}", Body::kNone,
      [app](const Call& c) { return Wrap(app->GetAgency(c.path.at("code"))); });
  add("GET", "/api/v1/ambiti", Body::kNone, [app](const Call& c) -> Result<Reply> {
    app::AmbitoFilter f;
    f.region = c.Query("region");
    f.agency = c.Query("agency");
    f.q = c.Query("q");
    PDZ_ASSIGN(f.as_of, DateParam(c, "as_of"));
    PDZ_ASSIGN(f.include_closed, BoolParam(c, "include_closed"));
    PDZ_ASSIGN(app::Page page, PageParams(c));
    return Wrap(app->ListAmbiti(f, page));
  });
  add("GET", "/api/v1/ambiti/{code}", Body::kNone, [app](const Call& c) -> Result<Reply> {
    PDZ_ASSIGN(auto as_of, DateParam(c, "as_of"));
    return Wrap(app->GetAmbito(c.path.at("code"), as_of));
  });
  add("GET", "/api/v1/ambiti/{code}/history", Body::kNone,
      [app](const Call& c) { return Wrap(app->AmbitoHistory(c.path.at("code"))); });
  add("GET", "/api/v1/comuni", Body::kNone, [app](const Call& c) -> Result<Reply> {
    app::ComuneFilter f;
    f.region = c.Query("region");
    f.province = c.Query("province");
    f.ambito = c.Query("ambito");
    f.q = c.Query("q");
    PDZ_ASSIGN(f.as_of, DateParam(c, "as_of"));
    PDZ_ASSIGN(app::Page page, PageParams(c));
    return Wrap(app->ListComuni(f, page));
  });
  add("GET", "/api/v1/comuni/{istat}", Body::kNone,
      [app](const Call& c) { return Wrap(app->GetComune(c.path.at("istat"))); });

  // Territory: writes and private reads.
  add("POST", "/api/v1/ambiti", Body::kJson,
      [app](const Call& c) { return Wrap(app->CreateAmbito(c.actor, c.body), 201); });
  add("PATCH", "/api/v1/ambiti/{code}", Body::kJson,
      [app](const Call& c) { return Wrap(app->PatchAmbito(c.actor, c.path.at("code"), c.body)); });
  add("POST", "/api/v1/ambiti/merge", Body::kJson,
      [app](const Call& c) { return Wrap(app->MergeAmbiti(c.actor, c.body), 201); });
  add("POST", "/api/v1/ambiti/{code}/comuni", Body::kJson,
      [app](const Call& c) { return Wrap(app->AddMembership(c.actor, c.path.at("code"), c.body), 201); });
  add("GET", "/api/v1/ambiti/{code}/audit", Body::kNone, [app](const Call& c) -> Result<Reply> {
    PDZ_ASSIGN(app::Page page, PageParams(c));
    return Wrap(app->AmbitoAudit(c.actor, c.path.at("code"), page));
  });
  add("POST", "/api/v1/territory/import", Body::kJson, [app](const Call& c) {
    return Wrap(app->ImportTerritoryJson(c.actor, c.body.dump(), "corpo della richiesta"), 200);
  });

  // Users and roles.
  add("GET", "/api/v1/roles", Body::kNone, [app](const Call&) -> Result<Reply> { return Ok(app->ListRoles()); });
  add("GET", "/api/v1/users", Body::kNone, [app](const Call& c) -> Result<Reply> {
    PDZ_ASSIGN(app::Page page, PageParams(c));
    return Wrap(app->ListUsers(c.actor, page));
  });
  add("POST", "/api/v1/users", Body::kJson,
      [app](const Call& c) { return Wrap(app->CreateUser(c.actor, c.body), 201); });
  add("GET", "/api/v1/users/{username}", Body::kNone,
      [app](const Call& c) { return Wrap(app->GetUser(c.actor, c.path.at("username"))); });
  add("PATCH", "/api/v1/users/{username}", Body::kJson,
      [app](const Call& c) { return Wrap(app->PatchUser(c.actor, c.path.at("username"), c.body)); });
  add("POST", "/api/v1/users/{username}/roles", Body::kJson,
      [app](const Call& c) { return Wrap(app->GrantRole(c.actor, c.path.at("username"), c.body), 201); });
  add("DELETE", "/api/v1/users/{username}/roles/{id}", Body::kNone, [app](const Call& c) -> Result<Reply> {
    std::int64_t id = 0;
    try {
      id = std::stoll(c.path.at("id"));
    } catch (const std::exception&) {
      return BadParam("id", c.path.at("id"), "atteso l'identificativo numerico del ruolo");
    }
    PDZ_TRY(app->RevokeRole(c.actor, c.path.at("username"), id));
    return Reply{204, nullptr, {}};
  });

  // Rulesets and premialità.
  add("GET", "/api/v1/rulesets", Body::kNone,
      [app](const Call& c) { return Wrap(app->ListRulesets(c.Query("region"))); });
  add("POST", "/api/v1/rulesets", Body::kJson,
      [app](const Call& c) { return Wrap(app->LoadRuleset(c.actor, c.body.dump(), "corpo della richiesta"), 201); });
  add("GET", "/api/v1/rulesets/{code}", Body::kNone, [app](const Call& c) -> Result<Reply> {
    std::optional<std::int64_t> version;
    if (std::string v = c.Query("version"); !v.empty()) {
      try {
        version = std::stoll(v);
      } catch (const std::exception&) {
        return BadParam("version", v, "un intero positivo");
      }
    }
    return Wrap(app->GetRuleset(c.path.at("code"), version));
  });
  add("POST", "/api/v1/rulesets/{code}/premialita", Body::kJson,
      [app](const Call& c) { return Wrap(app->RunPremialita(c.path.at("code"), c.body)); });
  add("POST", "/api/v1/rulesets/{code}/premialita/runs", Body::kJson,
      [app](const Call& c) { return Wrap(app->CreatePremialitaRun(c.actor, c.path.at("code"), c.body), 201); });
  add("GET", "/api/v1/rulesets/{code}/premialita/facts", Body::kNone,
      [app](const Call& c) { return Wrap(app->PremialitaFactsFromData(c.actor, c.path.at("code"))); });
  add("GET", "/api/v1/regions/{code}/premialita-runs", Body::kNone,
      [app](const Call& c) { return Wrap(app->ListPremialitaRuns(c.path.at("code"))); });
  add("GET", "/api/v1/ambiti/{code}/premialita", Body::kNone,
      [app](const Call& c) { return Wrap(app->AmbitoPremialita(c.path.at("code"))); });

  // Plans.
  auto id_param = [](const Call& c, const char* name) -> Result<std::int64_t> {
    const std::string& v = c.path.count(name) ? c.path.at(name) : c.Query(name);
    try {
      size_t used = 0;
      long long n = std::stoll(v, &used);
      if (used == v.size() && n > 0) return static_cast<std::int64_t>(n);
    } catch (const std::exception&) {
    }
    return BadParam(name, v, "un intero positivo");
  };
  add("GET", "/api/v1/ambiti/{code}/plans", Body::kNone,
      [app](const Call& c) { return Wrap(app->ListPlans(c.actor, c.path.at("code"))); });
  add("POST", "/api/v1/ambiti/{code}/plans", Body::kJson,
      [app](const Call& c) { return Wrap(app->CreatePlan(c.actor, c.path.at("code"), c.body), 201); });
  add("GET", "/api/v1/plans/{id}", Body::kNone, [app, id_param](const Call& c) -> Result<Reply> {
    PDZ_ASSIGN(std::int64_t id, id_param(c, "id"));
    std::optional<std::int64_t> revision;
    if (!c.Query("revision").empty()) {
      PDZ_ASSIGN(revision, id_param(c, "revision"));
    }
    return Wrap(app->GetPlan(c.actor, id, revision));
  });
  add("PUT", "/api/v1/plans/{id}", Body::kJson, [app, id_param](const Call& c) -> Result<Reply> {
    PDZ_ASSIGN(std::int64_t id, id_param(c, "id"));
    return Wrap(app->SavePlan(c.actor, id, c.body));
  });
  add("GET", "/api/v1/plans/{id}/revisions", Body::kNone, [app, id_param](const Call& c) -> Result<Reply> {
    PDZ_ASSIGN(std::int64_t id, id_param(c, "id"));
    return Wrap(app->PlanRevisions(c.actor, id));
  });
  add("GET", "/api/v1/plans/{id}/export", Body::kNone, [app, id_param](const Call& c) -> Result<Reply> {
    PDZ_ASSIGN(std::int64_t id, id_param(c, "id"));
    std::optional<std::int64_t> revision;
    if (!c.Query("revision").empty()) {
      PDZ_ASSIGN(revision, id_param(c, "revision"));
    }
    PDZ_ASSIGN(app::App::File file, app->ExportPlan(c.actor, id, c.Query("format"), revision));
    return Download(std::move(file));
  });
  add("GET", "/api/v1/plans/{id}/diff", Body::kNone, [app, id_param](const Call& c) -> Result<Reply> {
    PDZ_ASSIGN(std::int64_t id, id_param(c, "id"));
    PDZ_ASSIGN(std::int64_t from, id_param(c, "from"));
    PDZ_ASSIGN(std::int64_t to, id_param(c, "to"));
    return Wrap(app->DiffPlanRevisions(c.actor, id, from, to));
  });

  // Monitoring of the plan (docs/monitoring.md). The views read as JSON, CSV or XLSX (`format`).
  auto monitoring_format = [](const Call& c) -> Result<std::string> {
    std::string f = c.Query("format");
    if (f.empty() || f == "json" || f == "csv" || f == "xlsx") return f;
    return MakeError(ErrorCode::kBadRequest, "Formato non previsto: json, csv o xlsx.",
                     {{.field = "format", .value = f, .reason = "json, csv o xlsx"}});
  };
  add("GET", "/api/v1/plans/{id}/monitoring", Body::kNone,
      [app, id_param, monitoring_format](const Call& c) -> Result<Reply> {
        PDZ_ASSIGN(std::int64_t id, id_param(c, "id"));
        PDZ_ASSIGN(auto as_of, DateParam(c, "as_of"));
        PDZ_ASSIGN(std::string format, monitoring_format(c));
        PDZ_ASSIGN(json view, app->GetMonitoring(c.actor, id, as_of));
        if (format.empty() || format == "json") return Ok(std::move(view));
        PDZ_ASSIGN(app::App::File file, app::App::MonitoringFile(view, format));
        return Download(std::move(file));
      });
  add("PATCH", "/api/v1/plans/{id}/monitoring/actions/{action}", Body::kJson,
      [app, id_param](const Call& c) -> Result<Reply> {
        PDZ_ASSIGN(std::int64_t id, id_param(c, "id"));
        return Wrap(app->UpdateActionMonitoring(c.actor, id, c.path.at("action"), c.body));
      });
  add("GET", "/api/v1/plans/{id}/monitoring/actions/{action}/history", Body::kNone,
      [app, id_param](const Call& c) -> Result<Reply> {
        PDZ_ASSIGN(std::int64_t id, id_param(c, "id"));
        return Wrap(app->ActionHistory(c.actor, id, c.path.at("action")));
      });
  add("POST", "/api/v1/plans/{id}/monitoring/actions/{action}/evidence", Body::kJson,
      [app, id_param](const Call& c) -> Result<Reply> {
        PDZ_ASSIGN(std::int64_t id, id_param(c, "id"));
        return Wrap(app->AddEvidence(c.actor, id, c.path.at("action"), c.body), 201);
      });
  add("DELETE", "/api/v1/plans/{id}/monitoring/actions/{action}/evidence/{evidence}", Body::kNone,
      [app, id_param](const Call& c) -> Result<Reply> {
        PDZ_ASSIGN(std::int64_t id, id_param(c, "id"));
        PDZ_ASSIGN(std::int64_t evidence, id_param(c, "evidence"));
        PDZ_TRY(app->RemoveEvidence(c.actor, id, c.path.at("action"), evidence));
        return Reply{204, nullptr, {}};
      });
  add("GET", "/api/v1/plans/{id}/monitoring/evidence/{evidence}/file", Body::kNone,
      [app, id_param](const Call& c) -> Result<Reply> {
        PDZ_ASSIGN(std::int64_t id, id_param(c, "id"));
        PDZ_ASSIGN(std::int64_t evidence, id_param(c, "evidence"));
        PDZ_ASSIGN(app::App::File file, app->EvidenceFile(c.actor, id, evidence));
        return Download(std::move(file));
      });
  add("POST", "/api/v1/plans/{id}/monitoring/indicators/{indicator}/measurements", Body::kJson,
      [app, id_param](const Call& c) -> Result<Reply> {
        PDZ_ASSIGN(std::int64_t id, id_param(c, "id"));
        return Wrap(app->AddMeasurement(c.actor, id, c.path.at("indicator"), c.body), 201);
      });
  add("PUT", "/api/v1/plans/{id}/monitoring/indicators/{indicator}/binding", Body::kJson,
      [app, id_param](const Call& c) -> Result<Reply> {
        PDZ_ASSIGN(std::int64_t id, id_param(c, "id"));
        return Wrap(app->BindIndicator(c.actor, id, c.path.at("indicator"), c.body));
      });
  auto territory_monitoring = [app, monitoring_format](const Call& c, const std::string& level) -> Result<Reply> {
    PDZ_ASSIGN(auto as_of, DateParam(c, "as_of"));
    PDZ_ASSIGN(std::string format, monitoring_format(c));
    PDZ_ASSIGN(json view, app->TerritoryMonitoring(level, c.path.at("code"), as_of));
    if (format.empty() || format == "json") return Ok(std::move(view));
    PDZ_ASSIGN(app::App::File file, app::App::TerritoryMonitoringFile(view, format));
    return Download(std::move(file));
  };
  add("GET", "/api/v1/agencies/{code}/monitoring", Body::kNone,
      [territory_monitoring](const Call& c) { return territory_monitoring(c, "agency"); });
  add("GET", "/api/v1/regions/{code}/monitoring", Body::kNone,
      [territory_monitoring](const Call& c) { return territory_monitoring(c, "region"); });
  add("GET", "/api/v1/plans/{id}/evaluation", Body::kNone, [app, id_param](const Call& c) -> Result<Reply> {
    PDZ_ASSIGN(std::int64_t id, id_param(c, "id"));
    return Wrap(app->GetEvaluation(c.actor, id));
  });
  add("PUT", "/api/v1/plans/{id}/evaluation", Body::kJson, [app, id_param](const Call& c) -> Result<Reply> {
    PDZ_ASSIGN(std::int64_t id, id_param(c, "id"));
    return Wrap(app->SaveEvaluation(c.actor, id, c.body));
  });
  add("DELETE", "/api/v1/plans/{id}/monitoring/indicators/{indicator}/binding", Body::kNone,
      [app, id_param](const Call& c) -> Result<Reply> {
        PDZ_ASSIGN(std::int64_t id, id_param(c, "id"));
        PDZ_TRY(app->UnbindIndicator(c.actor, id, c.path.at("indicator")));
        return Reply{204, nullptr, {}};
      });

  // Monitoring reports (relazioni di previsione, avanzamento e consuntivo).
  add("GET", "/api/v1/plans/{id}/reports", Body::kNone, [app, id_param](const Call& c) -> Result<Reply> {
    PDZ_ASSIGN(std::int64_t id, id_param(c, "id"));
    return Wrap(app->ListReports(c.actor, id));
  });
  add("POST", "/api/v1/plans/{id}/reports", Body::kJson, [app, id_param](const Call& c) -> Result<Reply> {
    PDZ_ASSIGN(std::int64_t id, id_param(c, "id"));
    return Wrap(app->CreateReport(c.actor, id, c.body), 201);
  });
  add("GET", "/api/v1/reports/{id}", Body::kNone, [app, id_param](const Call& c) -> Result<Reply> {
    PDZ_ASSIGN(std::int64_t id, id_param(c, "id"));
    return Wrap(app->GetReport(c.actor, id));
  });
  add("PATCH", "/api/v1/reports/{id}", Body::kJson, [app, id_param](const Call& c) -> Result<Reply> {
    PDZ_ASSIGN(std::int64_t id, id_param(c, "id"));
    return Wrap(app->PatchReport(c.actor, id, c.body));
  });
  add("POST", "/api/v1/reports/{id}/transitions", Body::kJson, [app, id_param](const Call& c) -> Result<Reply> {
    PDZ_ASSIGN(std::int64_t id, id_param(c, "id"));
    return Wrap(app->TransitionReport(c.actor, id, c.body));
  });
  add("GET", "/api/v1/reports/{id}/export", Body::kNone, [app, id_param](const Call& c) -> Result<Reply> {
    PDZ_ASSIGN(std::int64_t id, id_param(c, "id"));
    PDZ_ASSIGN(app::App::File file, app->ExportReport(c.actor, id, c.Query("format")));
    return Download(std::move(file));
  });
  add("POST", "/api/v1/plans/{id}/sections/{code}/prefill", Body::kJson,
      [app, id_param](const Call& c) -> Result<Reply> {
        PDZ_ASSIGN(std::int64_t id, id_param(c, "id"));
        return Wrap(app->PrefillSection(c.actor, id, c.path.at("code"), c.body));
      });

  // The plan's resource frame.
  add("GET", "/api/v1/plans/{id}/resources", Body::kNone, [app, id_param](const Call& c) -> Result<Reply> {
    PDZ_ASSIGN(std::int64_t id, id_param(c, "id"));
    std::string format = c.Query("format");
    if (format.empty() || format == "json") return Wrap(app->ListResources(c.actor, id));
    PDZ_ASSIGN(app::App::File file, app->ExportResources(c.actor, id, format));
    if (format == "csv") file.bytes = "\xEF\xBB\xBF" + file.bytes;  // BOM: spreadsheets read UTF-8
    return Download(std::move(file));
  });
  add("POST", "/api/v1/plans/{id}/resources", Body::kJson, [app, id_param](const Call& c) -> Result<Reply> {
    PDZ_ASSIGN(std::int64_t id, id_param(c, "id"));
    return Wrap(app->AddResource(c.actor, id, c.body), 201);
  });
  add("PATCH", "/api/v1/plans/{id}/resources/{row}", Body::kJson, [app, id_param](const Call& c) -> Result<Reply> {
    PDZ_ASSIGN(std::int64_t id, id_param(c, "id"));
    PDZ_ASSIGN(std::int64_t row, id_param(c, "row"));
    return Wrap(app->PatchResource(c.actor, id, row, c.body));
  });
  add("DELETE", "/api/v1/plans/{id}/resources/{row}", Body::kJson, [app, id_param](const Call& c) -> Result<Reply> {
    PDZ_ASSIGN(std::int64_t id, id_param(c, "id"));
    PDZ_ASSIGN(std::int64_t row, id_param(c, "row"));
    return Wrap(app->DeleteResource(c.actor, id, row, c.body));
  });
  add("GET", "/api/v1/plans/{id}/resources/history", Body::kNone, [app, id_param](const Call& c) -> Result<Reply> {
    PDZ_ASSIGN(std::int64_t id, id_param(c, "id"));
    return Wrap(app->ResourceHistory(c.actor, id));
  });
  add("POST", "/api/v1/plans/{id}/resources/import", Body::kRaw, [app, id_param](const Call& c) -> Result<Reply> {
    PDZ_ASSIGN(std::int64_t id, id_param(c, "id"));
    std::string file = c.Query("file").empty() ? "file caricato" : c.Query("file");
    std::string mode = c.Query("mode").empty() ? "replace" : c.Query("mode");
    return Wrap(app->ImportResources(c.actor, id, c.raw_body, file, c.Query("reason"), mode));
  });

  // The knowledge system: flows, submissions, the debito informativo, indicators and benchmarks.
  auto year_param = [](const Call& c, const std::string& name, bool required) -> Result<std::optional<int>> {
    std::string v = c.Query(name);
    if (v.empty()) {
      if (required) return BadParam(name, v, "un anno tra 2000 e 2100");
      return std::optional<int>();
    }
    char* end = nullptr;
    long y = std::strtol(v.c_str(), &end, 10);
    if (*end != '\0' || y < 2000 || y > 2100) return BadParam(name, v, "un anno tra 2000 e 2100");
    return std::optional<int>(static_cast<int>(y));
  };
  add("GET", "/api/v1/flows", Body::kNone, [app](const Call&) -> Result<Reply> { return Ok(app->ListFlows()); });
  add("GET", "/api/v1/codelists", Body::kNone, [app](const Call&) { return Wrap(app->ListCodeLists()); });
  add("POST", "/api/v1/flows/{flow}/imports", Body::kRaw, [app](const Call& c) -> Result<Reply> {
    std::string file = c.Query("file").empty() ? "file caricato" : c.Query("file");
    if (c.Query("scope_kind").empty()) return BadParam("scope_kind", "", "comune, ambito o region");
    if (c.Query("scope_code").empty()) return BadParam("scope_code", "", "il codice del soggetto trasmittente");
    return Wrap(app->StartFlowImport(c.actor, c.path.at("flow"), c.Query("scope_kind"), c.Query("scope_code"),
                                     c.raw_body, file),
                202);
  });
  add("GET", "/api/v1/jobs/{id}", Body::kNone, [app, id_param](const Call& c) -> Result<Reply> {
    PDZ_ASSIGN(std::int64_t id, id_param(c, "id"));
    return Wrap(app->GetJob(c.actor, id));
  });
  add("DELETE", "/api/v1/jobs/{id}", Body::kNone, [app, id_param](const Call& c) -> Result<Reply> {
    PDZ_ASSIGN(std::int64_t id, id_param(c, "id"));
    return Wrap(app->CancelJob(c.actor, id));
  });
  add("GET", "/api/v1/flows/submissions", Body::kNone, [app, year_param](const Call& c) -> Result<Reply> {
    PDZ_ASSIGN(auto year, year_param(c, "year", false));
    PDZ_ASSIGN(bool history, BoolParam(c, "history"));
    return Wrap(
        app->ListSubmissions(c.actor, c.Query("flow"), c.Query("scope_kind"), c.Query("scope_code"), year, history));
  });
  add("GET", "/api/v1/ambiti/{code}/debito", Body::kNone, [app, year_param](const Call& c) -> Result<Reply> {
    PDZ_ASSIGN(auto year, year_param(c, "year", true));
    return Wrap(app->AmbitoDebito(c.actor, c.path.at("code"), *year));
  });
  add("GET", "/api/v1/regions/{code}/debito", Body::kNone, [app, year_param](const Call& c) -> Result<Reply> {
    PDZ_ASSIGN(auto year, year_param(c, "year", true));
    return Wrap(app->RegionDebito(c.actor, c.path.at("code"), *year));
  });
  add("GET", "/api/v1/indicators", Body::kNone, [app](const Call&) { return Wrap(app->ListIndicators()); });
  add("GET", "/api/v1/indicators/dashboard", Body::kNone, [app, year_param](const Call& c) -> Result<Reply> {
    PDZ_ASSIGN(auto year, year_param(c, "year", false));
    std::string format = c.Query("format");
    if (format.empty() || format == "json")
      return Wrap(app->Dashboard(c.actor, c.Query("level"), c.Query("code"), year));
    PDZ_ASSIGN(auto file, app->DashboardFile(c.actor, c.Query("level"), c.Query("code"), year, format));
    return Download(std::move(file));
  });
  add("GET", "/api/v1/indicators/{id}/series", Body::kNone, [app](const Call& c) {
    return Wrap(app->IndicatorSeries(c.actor, c.path.at("id"), c.Query("level"), c.Query("code"), c.Query("category")));
  });
  add("GET", "/api/v1/indicators/{id}/breakdown", Body::kNone, [app, year_param](const Call& c) -> Result<Reply> {
    PDZ_ASSIGN(auto year, year_param(c, "year", false));
    return Wrap(app->IndicatorBreakdown(c.actor, c.path.at("id"), c.Query("level"), c.Query("code"),
                                        c.Query("category"), year, c.Query("peers")));
  });

  // Governance: bodies, meetings, the AdP, the lifecycle, compliance, deadlines.
  add("GET", "/api/v1/ambiti/{code}/bodies", Body::kNone,
      [app](const Call& c) { return Wrap(app->ListBodies(c.actor, c.path.at("code"))); });
  add("POST", "/api/v1/ambiti/{code}/bodies", Body::kJson,
      [app](const Call& c) { return Wrap(app->CreateBody(c.actor, c.path.at("code"), c.body), 201); });
  add("GET", "/api/v1/bodies/{id}", Body::kNone, [app, id_param](const Call& c) -> Result<Reply> {
    PDZ_ASSIGN(std::int64_t id, id_param(c, "id"));
    return Wrap(app->GetBody(c.actor, id));
  });
  add("PATCH", "/api/v1/bodies/{id}", Body::kJson, [app, id_param](const Call& c) -> Result<Reply> {
    PDZ_ASSIGN(std::int64_t id, id_param(c, "id"));
    return Wrap(app->PatchBody(c.actor, id, c.body));
  });
  add("POST", "/api/v1/bodies/{id}/members", Body::kJson, [app, id_param](const Call& c) -> Result<Reply> {
    PDZ_ASSIGN(std::int64_t id, id_param(c, "id"));
    return Wrap(app->AddBodyMember(c.actor, id, c.body), 201);
  });
  add("DELETE", "/api/v1/bodies/{id}/members/{member_id}", Body::kNone,
      [app, id_param](const Call& c) -> Result<Reply> {
        PDZ_ASSIGN(std::int64_t id, id_param(c, "id"));
        PDZ_ASSIGN(std::int64_t member, id_param(c, "member_id"));
        PDZ_TRY(app->RemoveBodyMember(c.actor, id, member));
        return Reply{204, nullptr, {}};
      });
  add("GET", "/api/v1/ambiti/{code}/meetings", Body::kNone,
      [app](const Call& c) { return Wrap(app->ListMeetings(c.actor, c.path.at("code"))); });
  add("POST", "/api/v1/ambiti/{code}/meetings", Body::kJson,
      [app](const Call& c) { return Wrap(app->CreateMeeting(c.actor, c.path.at("code"), c.body), 201); });
  add("GET", "/api/v1/meetings/{id}", Body::kNone, [app, id_param](const Call& c) -> Result<Reply> {
    PDZ_ASSIGN(std::int64_t id, id_param(c, "id"));
    return Wrap(app->GetMeeting(c.actor, id));
  });
  add("PATCH", "/api/v1/meetings/{id}", Body::kJson, [app, id_param](const Call& c) -> Result<Reply> {
    PDZ_ASSIGN(std::int64_t id, id_param(c, "id"));
    return Wrap(app->PatchMeeting(c.actor, id, c.body));
  });
  add("POST", "/api/v1/meetings/{id}/approve", Body::kNone, [app, id_param](const Call& c) -> Result<Reply> {
    PDZ_ASSIGN(std::int64_t id, id_param(c, "id"));
    return Wrap(app->ApproveMinutes(c.actor, id));
  });
  add("POST", "/api/v1/meetings/{id}/files", Body::kJson, [app, id_param](const Call& c) -> Result<Reply> {
    PDZ_ASSIGN(std::int64_t id, id_param(c, "id"));
    return Wrap(app->AddMeetingFile(c.actor, id, c.body), 201);
  });
  add("GET", "/api/v1/meetings/{id}/files/{file_id}", Body::kNone, [app, id_param](const Call& c) -> Result<Reply> {
    PDZ_ASSIGN(std::int64_t id, id_param(c, "id"));
    PDZ_ASSIGN(std::int64_t file_id, id_param(c, "file_id"));
    PDZ_ASSIGN(app::App::File file, app->GetMeetingFile(c.actor, id, file_id));
    return Download(std::move(file));
  });
  add("GET", "/api/v1/plans/{id}/adp", Body::kNone, [app, id_param](const Call& c) -> Result<Reply> {
    PDZ_ASSIGN(std::int64_t id, id_param(c, "id"));
    return Wrap(app->GetAdp(c.actor, id));
  });
  add("PUT", "/api/v1/plans/{id}/adp", Body::kJson, [app, id_param](const Call& c) -> Result<Reply> {
    PDZ_ASSIGN(std::int64_t id, id_param(c, "id"));
    return Wrap(app->SaveAdp(c.actor, id, c.body));
  });
  add("GET", "/api/v1/plans/{id}/adp/export", Body::kNone, [app, id_param](const Call& c) -> Result<Reply> {
    PDZ_ASSIGN(std::int64_t id, id_param(c, "id"));
    PDZ_ASSIGN(app::App::File file, app->ExportAdp(c.actor, id, c.Query("format")));
    return Download(std::move(file));
  });
  add("POST", "/api/v1/plans/{id}/adp/parties", Body::kJson, [app, id_param](const Call& c) -> Result<Reply> {
    PDZ_ASSIGN(std::int64_t id, id_param(c, "id"));
    return Wrap(app->AddAdpParty(c.actor, id, c.body), 201);
  });
  add("DELETE", "/api/v1/plans/{id}/adp/parties/{party_id}", Body::kNone,
      [app, id_param](const Call& c) -> Result<Reply> {
        PDZ_ASSIGN(std::int64_t id, id_param(c, "id"));
        PDZ_ASSIGN(std::int64_t party, id_param(c, "party_id"));
        PDZ_TRY(app->RemoveAdpParty(c.actor, id, party));
        return Reply{204, nullptr, {}};
      });
  add("POST", "/api/v1/plans/{id}/adp/parties/{party_id}/signature", Body::kJson,
      [app, id_param](const Call& c) -> Result<Reply> {
        PDZ_ASSIGN(std::int64_t id, id_param(c, "id"));
        PDZ_ASSIGN(std::int64_t party, id_param(c, "party_id"));
        return Wrap(app->SignAdp(c.actor, id, party, c.body));
      });
  add("GET", "/api/v1/plans/{id}/lifecycle", Body::kNone, [app, id_param](const Call& c) -> Result<Reply> {
    PDZ_ASSIGN(std::int64_t id, id_param(c, "id"));
    return Wrap(app->PlanLifecycle(c.actor, id));
  });
  add("POST", "/api/v1/plans/{id}/transitions", Body::kJson, [app, id_param](const Call& c) -> Result<Reply> {
    PDZ_ASSIGN(std::int64_t id, id_param(c, "id"));
    return Wrap(app->TransitionPlan(c.actor, id, c.body));
  });
  add("GET", "/api/v1/plans/{id}/package", Body::kNone, [app, id_param](const Call& c) -> Result<Reply> {
    PDZ_ASSIGN(std::int64_t id, id_param(c, "id"));
    PDZ_ASSIGN(app::App::File file, app->PlanPackage(c.actor, id));
    return Download(std::move(file));
  });
  add("GET", "/api/v1/plans/{id}/compliance", Body::kNone, [app, id_param](const Call& c) -> Result<Reply> {
    PDZ_ASSIGN(std::int64_t id, id_param(c, "id"));
    return Wrap(app->PlanCompliance(c.actor, id));
  });
  add("GET", "/api/v1/ambiti/{code}/calendar", Body::kNone,
      [app](const Call& c) { return Wrap(app->AmbitoCalendar(c.actor, c.path.at("code"))); });
  add("GET", "/api/v1/regions/{code}/calendar", Body::kNone,
      [app](const Call& c) { return Wrap(app->RegionCalendar(c.actor, c.path.at("code"))); });
  add("GET", "/api/v1/regions/{code}/governance", Body::kNone,
      [app](const Call& c) { return Wrap(app->RegionGovernance(c.actor, c.path.at("code"))); });

  // Fund allocation.
  auto allocation_reply = [](json allocation, const std::string& format) -> Result<Reply> {
    if (format == "csv") {
      Reply reply;
      reply.raw = "\xEF\xBB\xBF" + app::App::AllocationCsv(allocation);  // BOM: spreadsheets read UTF-8
      reply.content_type = "text/csv; charset=utf-8";
      return reply;
    }
    if (format == "xlsx") {
      PDZ_ASSIGN(app::App::File file, app::App::AllocationXlsx(allocation));
      return Download(std::move(file));
    }
    if (!format.empty() && format != "json") return BadParam("format", format, "json, csv o xlsx");
    return Ok(std::move(allocation));
  };
  add("POST", "/api/v1/regions/{code}/allocation", Body::kJson,
      [app, allocation_reply](const Call& c) -> Result<Reply> {
        PDZ_ASSIGN(json allocation, app->AllocateRegion(c.path.at("code"), c.body));
        return allocation_reply(std::move(allocation), c.Query("format"));
      });
  add("GET", "/api/v1/regions/{code}/allocations", Body::kNone,
      [app](const Call& c) { return Wrap(app->ListAllocationRuns(c.path.at("code"))); });
  add("POST", "/api/v1/regions/{code}/allocations", Body::kJson,
      [app](const Call& c) { return Wrap(app->CreateAllocationRun(c.actor, c.path.at("code"), c.body), 201); });
  add("GET", "/api/v1/allocations/{id}", Body::kNone,
      [app, id_param, allocation_reply](const Call& c) -> Result<Reply> {
        PDZ_ASSIGN(std::int64_t id, id_param(c, "id"));
        PDZ_ASSIGN(json allocation, app->GetAllocationRun(id));
        return allocation_reply(std::move(allocation), c.Query("format"));
      });
  add("GET", "/api/v1/premialita-runs/{id}", Body::kNone, [app, id_param](const Call& c) -> Result<Reply> {
    PDZ_ASSIGN(std::int64_t id, id_param(c, "id"));
    return Wrap(app->GetPremialitaRun(id));
  });
  add("GET", "/api/v1/ambiti/{code}/allocations", Body::kNone,
      [app](const Call& c) { return Wrap(app->AmbitoAllocations(c.path.at("code"))); });

  // Audit.
  add("GET", "/api/v1/audit", Body::kNone, [app](const Call& c) -> Result<Reply> {
    PDZ_ASSIGN(app::Page page, PageParams(c));
    return Wrap(app->ListAudit(c.actor, c.Query("entity"), c.Query("entity_id"), page));
  });
  return routes;
}

}  // namespace pdz::api::detail
