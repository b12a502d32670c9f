// The demo: the Lombard demo territory and one account per role, password "demo".
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "app/app.hpp"
#include "app/detail/internals.hpp"
#include "app/detail/users.hpp"

namespace pdz::app {

namespace {

struct DemoAccount {
  const char* username;
  const char* display_name;
  const char* role;
  const char* scope_kind;
  const char* scope_code;
};

constexpr DemoAccount kDemoAccounts[] = {
    {"regione", "Regione Lombardia – amministrazione", "region_admin", "region", "03"},
    {"ats.milano", "ATS Città Metropolitana di Milano", "ats_operator", "agency", "ats-milano"},
    {"ats.insubria", "ATS dell'Insubria (Cabina di regia del Medio Olona)", "ats_operator", "agency", "ats-insubria"},
    {"udp.rhodense", "Ufficio di Piano Rhodense", "udp_editor", "ambito", "rhodense"},
    {"udp.garbagnatese", "Ufficio di Piano Garbagnatese", "udp_editor", "ambito", "garbagnatese"},
    {"udp.medioolona", "Ufficio di Piano Medio Olona", "udp_editor", "ambito", "medio-olona"},
    {"comune.rho", "Comune di Rho – referente", "comune_referent", "comune", "015182"},
    {"terzosettore.medioolona", "Terzo settore – Medio Olona", "third_sector", "ambito", "medio-olona"},
};

}  // namespace

const std::vector<std::pair<std::string, std::string>>& App::DemoAccounts() {
  static const std::vector<std::pair<std::string, std::string>> kList = [] {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& a : kDemoAccounts) out.emplace_back(a.username, a.display_name);
    return out;
  }();
  return kList;
}

namespace {

Result<std::string> ReadText(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return MakeError(ErrorCode::kNotFound, "File non trovato: " + path, {{.file = path}});
  std::stringstream text;
  text << f.rdbuf();
  return text.str();
}

std::vector<std::filesystem::path> JsonFiles(const std::string& dir, const std::string& prefix) {
  std::vector<std::filesystem::path> out;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    std::string name = e.path().filename().string();
    if (name.rfind(prefix, 0) == 0 && e.path().extension() == ".json") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// Replays one ambito's demo governance through the use cases, as the system: bodies, meetings (approved when
/// marked), and for each plan its AdP, parties, transitions and signatures in date order.
Result<void> LoadDemoGovernance(App& app, const json& g,
                                const std::map<std::pair<std::string, std::string>, std::int64_t>& plan_ids) {
  Actor system = Actor::System();
  std::string ambito = g["ambito"];
  std::map<std::string, std::int64_t> body_ids;  // by kind (and area for tavoli)
  for (const auto& b : g["bodies"]) {
    PDZ_ASSIGN(json body, app.CreateBody(system, ambito, b));
    body_ids[b["kind"].get<std::string>() + ":" + b.value("area", "")] = body["id"];
  }
  for (json m : g["meetings"]) {
    std::string key = m["body_kind"].get<std::string>() + ":" + m.value("body_area", "");
    bool approve = m.value("approve", false);
    m.erase("body_kind");
    m.erase("body_area");
    m.erase("approve");
    m["body_id"] = body_ids.at(key);
    PDZ_ASSIGN(json meeting, app.CreateMeeting(system, ambito, m));
    if (approve) PDZ_TRY(app.ApproveMinutes(system, meeting["id"]));
  }
  for (const auto& p : g["plans"]) {
    auto it = plan_ids.find({ambito, p["period_from"].get<std::string>()});
    if (it == plan_ids.end()) {
      return MakeError(ErrorCode::kNotFound, "Governance dimostrativa: manca il piano " + ambito + " dal " +
                                                 p["period_from"].get<std::string>() + ".");
    }
    std::int64_t id = it->second;
    json adp = p["adp"];
    adp["version"] = 0;
    PDZ_TRY(app.SaveAdp(system, id, adp));
    for (const auto& party : p["parties"]) PDZ_TRY(app.AddAdpParty(system, id, party));
    for (const auto& step : p["steps"]) {
      if (step.contains("sign")) {
        PDZ_ASSIGN(json current, app.GetAdp(system, id));
        std::vector<std::string> except = step.value("except", std::vector<std::string>{});
        for (const auto& party : current["parties"]) {
          std::string key = party["istat_code"].is_string() ? party["istat_code"].get<std::string>()
                                                            : party["kind"].get<std::string>();
          if (party["role"] != "sottoscrittore" || std::find(except.begin(), except.end(), key) != except.end())
            continue;
          PDZ_TRY(app.SignAdp(system, id, party["id"],
                              json{{"signed_on", step["on"]}, {"signed_by", "Legale rappresentante o delegato"}}));
        }
        continue;
      }
      PDZ_TRY(app.TransitionPlan(system, id, step));
    }
  }
  return Ok();
}

/// Applies a demo revision to the plan document: objective weights by index, fields merged into the actions
/// and indicators named by id, indicators added beside an existing one (in its specific objective).
Result<json> ReviseDemoPlan(json plan, const json& e, const std::string& file) {
  auto bad = [&](const std::string& field, const std::string& reason) {
    return MakeError(ErrorCode::kInvalidJson, "Monitoraggio dimostrativo: revisione non applicabile (" + reason + ").",
                     {{.file = file, .field = field, .reason = reason}});
  };
  for (const auto& w : e.value("objective_weights", json::array())) {
    std::size_t i = w["index"].get<std::size_t>();
    if (i >= plan["objectives"].size()) return bad("objective_weights", "obiettivo " + std::to_string(i) + " assente");
    plan["objectives"][i]["weight"] = w["weight"];
  }
  json merge = e.value("merge", json::object());
  json areas = e.value("specific_areas", json::object());  // "2.1" -> thematic areas
  std::set<std::string> merged;
  for (std::size_t gi = 0; gi < plan["objectives"].size(); ++gi) {
    auto& g = plan["objectives"][gi];
    for (std::size_t si = 0; si < g["specific"].size(); ++si) {
      auto& s = g["specific"][si];
      std::string number = std::to_string(gi + 1) + "." + std::to_string(si + 1);
      if (areas.contains(number)) {
        s["areas"] = areas[number];
        merged.insert(number);
      }
      for (const char* list : {"actions", "indicators"}) {
        for (auto& item : s[list]) {
          if (!item.is_object() || !item.contains("id")) continue;
          std::string id = item["id"];
          if (!merge.contains(id)) continue;
          item.merge_patch(merge[id]);
          merged.insert(id);
        }
      }
      for (const auto& add : e.value("add_indicators", json::array())) {
        for (std::size_t k = 0; k < s["indicators"].size(); ++k) {
          if (s["indicators"][k].value("id", "") == add["beside"]) {
            s["indicators"].insert(s["indicators"].begin() + static_cast<long>(k) + 1, add["indicator"]);
            merged.insert("+" + add["beside"].get<std::string>());
            break;
          }
        }
      }
    }
  }
  for (const auto& [id, _] : merge.items())
    if (!merged.count(id)) return bad("merge." + id, "azione o indicatore " + id + " assente nel piano");
  for (const auto& [number, _] : areas.items())
    if (!merged.count(number)) return bad("specific_areas." + number, "obiettivo specifico " + number + " assente");
  for (const auto& add : e.value("add_indicators", json::array()))
    if (!merged.count("+" + add["beside"].get<std::string>()))
      return bad("add_indicators", "indicatore " + add["beside"].get<std::string>() + " assente nel piano");
  return plan;
}

/// Replays one ambito's demo monitoring (data/demo/monitoring-*.json) through the use cases, each event as
/// its user on its own date (a fixed clock), so histories, reports and their frozen data carry the dates
/// an Ufficio di Piano would have left.
Result<void> LoadDemoMonitoring(storage::Database& db, const AppConfig& config, const json& m,
                                const std::string& file) {
  std::string ambito = m["ambito"];
  FixedClock clock(0);
  App at(db, clock, config);  // one App, on the events' dates: the flows' indicators are computed once
  PDZ_ASSIGN(json plans, at.ListPlans(Actor::System(), ambito));
  std::int64_t plan_id = 0;
  for (const auto& p : plans["items"])
    if (p["period"]["from"] == m["period_from"]) plan_id = p["id"];
  if (plan_id == 0) {
    return MakeError(
        ErrorCode::kNotFound,
        "Monitoraggio dimostrativo: manca il piano " + ambito + " dal " + m["period_from"].get<std::string>() + ".",
        {{.file = file, .field = "period_from"}});
  }
  PDZ_ASSIGN(auto conn, db.Connect());
  std::map<std::string, Actor> actors;
  auto actor = [&](const std::string& username) -> Result<Actor> {
    if (auto it = actors.find(username); it != actors.end()) return it->second;
    PDZ_ASSIGN(auto rows, conn->Query("SELECT id FROM users WHERE username = ?", {username}));
    if (rows.empty())
      return MakeError(ErrorCode::kNotFound, "Monitoraggio dimostrativo: utente " + username + " assente.");
    PDZ_ASSIGN(auto grants, detail::GrantsOf(*conn, rows[0].Int(0)));
    Actor a{rows[0].Int(0), username, std::move(grants), false};
    actors[username] = a;
    return a;
  };
  std::map<std::string, std::int64_t> action_versions, answer_versions;
  std::map<std::string, std::int64_t> last_measurement;                  // by indicator
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> reports;  // ref -> (id, version)
  std::int64_t seconds_in_day = 9 * 3600;  // events of one day a minute apart, from 9:00 UTC
  std::string last_day;
  for (std::size_t i = 0; i < m["events"].size(); ++i) {
    const json& e = m["events"][i];
    std::string where = "events[" + std::to_string(i) + "]";
    std::string day = e["on"];
    auto date = Date::Parse(day);
    if (!date)
      return MakeError(ErrorCode::kInvalidJson, "Monitoraggio dimostrativo: data non valida.",
                       {{.file = file, .field = where + ".on", .value = day}});
    seconds_in_day = day == last_day ? seconds_in_day + 60 : 9 * 3600;
    last_day = day;
    std::int64_t at_seconds = date->ToDays() * 86400L + seconds_in_day;
    if (at_seconds < clock.NowSeconds()) {
      return MakeError(ErrorCode::kInvalidJson, "Monitoraggio dimostrativo: eventi non in ordine di data.",
                       {{.file = file, .field = where + ".on", .value = day}});
    }
    clock.Advance(at_seconds - clock.NowSeconds());
    PDZ_ASSIGN(Actor who, actor(e["as"]));
    std::string what = e["do"];
    Result<void> done = Ok();
    if (what == "revision") {
      PDZ_ASSIGN(json current, at.GetPlan(who, plan_id, std::nullopt));
      PDZ_ASSIGN(json revised, ReviseDemoPlan(current["plan"], e, file));
      auto r = at.SavePlan(who, plan_id, json{{"version", current["version"]}, {"note", e["note"]}, {"plan", revised}});
      if (!r) done = r.error();
    } else if (what == "binding") {
      auto r = at.BindIndicator(who, plan_id, e["indicator"], json{{"knowledge_indicator", e["knowledge_indicator"]}});
      if (!r) done = r.error();
    } else if (what == "action") {
      std::string id = e["action"];
      json body = {{"version", action_versions[id]}};
      for (const char* k : {"status", "progress", "notes", "note"})
        if (e.contains(k)) body[k] = e[k];
      auto r = at.UpdateActionMonitoring(who, plan_id, id, body);
      if (r)
        action_versions[id] = (*r)["version"];
      else
        done = r.error();
    } else if (what == "evidence") {
      json body = e;
      for (const char* k : {"on", "as", "do", "action"}) body.erase(k);
      auto r = at.AddEvidence(who, plan_id, e["action"], body);
      if (!r) done = r.error();
    } else if (what == "measurement") {
      std::string id = e["indicator"];
      json body = {{"measured_on", e["measured_on"]}, {"value", e["value"]}, {"source", e["source"]}};
      if (e.contains("note")) body["note"] = e["note"];
      if (e.value("corrects_previous", false)) body["corrects"] = last_measurement[id];
      auto r = at.AddMeasurement(who, plan_id, id, body);
      if (r)
        last_measurement[id] = (*r)["id"];
      else
        done = r.error();
    } else if (what == "evaluation") {
      json answers = json::array();
      for (json a : e["answers"]) {
        a["version"] = answer_versions[a["level"].get<std::string>() + "/" + a["question"].get<std::string>()];
        answers.push_back(a);
      }
      auto r = at.SaveEvaluation(who, plan_id, json{{"answers", answers}});
      if (r) {
        for (const auto& a : e["answers"])
          ++answer_versions[a["level"].get<std::string>() + "/" + a["question"].get<std::string>()];
      } else {
        done = r.error();
      }
    } else if (what == "report") {
      auto r = at.CreateReport(who, plan_id,
                               json{{"kind", e["kind"]},
                                    {"period_from", e["period_from"]},
                                    {"period_to", e["period_to"]},
                                    {"title", e["title"]}});
      if (r) {
        auto p = at.PatchReport(who, (*r)["id"], json{{"narrative", e["narrative"]}, {"version", (*r)["version"]}});
        if (p)
          reports[e["ref"]] = {(*p)["id"], (*p)["version"]};
        else
          done = p.error();
      } else {
        done = r.error();
      }
    } else if (what == "report_transition") {
      auto it = reports.find(e["report"]);
      if (it == reports.end())
        return MakeError(ErrorCode::kInvalidJson, "Monitoraggio dimostrativo: relazione sconosciuta.",
                         {{.file = file, .field = where + ".report"}});
      json body = {{"to", e["to"]}};
      if (e.contains("note")) body["note"] = e["note"];
      auto r = at.TransitionReport(who, it->second.first, body);
      if (!r) done = r.error();
    } else {
      return MakeError(ErrorCode::kInvalidJson, "Monitoraggio dimostrativo: evento sconosciuto '" + what + "'.",
                       {{.file = file, .field = where + ".do", .value = what}});
    }
    if (!done) {
      Error err = done.error();
      err.message = "Monitoraggio dimostrativo, " + where + " (" + what + " del " + day + "): " + err.message;
      return err;
    }
  }
  return Ok();
}

}  // namespace

Result<json> App::LoadReference(const std::string& data_dir) {
  Actor system = Actor::System();
  std::string comuni_file = data_dir + "/reference/comuni.csv";
  PDZ_ASSIGN(std::string comuni_text, ReadText(comuni_file));
  PDZ_ASSIGN(json comuni, ImportComuniCsv(system, comuni_text, comuni_file));
  auto rulesets = JsonFiles(data_dir + "/rulesets", "");
  for (const auto& f : rulesets) {
    PDZ_ASSIGN(std::string text, ReadText(f.string()));
    PDZ_TRY(LoadRuleset(system, text, f.string()));
  }
  // Code lists of the flows, and the indicator catalogue.
  static const std::pair<const char*, const char*> kLists[] = {{"aree", "Aree di utenza"},
                                                               {"interventi", "Interventi e servizi sociali"},
                                                               {"tipi_unita", "Tipologie di unità di offerta sociali"},
                                                               {"canali_finanziamento", "Canali di finanziamento"},
                                                               {"servizi_domiciliari", "Servizi domiciliari"},
                                                               {"fasce_eta", "Fasce d'età"}};
  for (const auto& [list, name] : kLists) {
    std::string file = data_dir + "/reference/codelists/" + list + ".csv";
    PDZ_ASSIGN(std::string text, ReadText(file));
    PDZ_TRY(LoadCodeList(system, list, name, text, file));
  }
  std::string catalogue = data_dir + "/indicators/catalogo.json";
  PDZ_ASSIGN(std::string ctext, ReadText(catalogue));
  PDZ_TRY(LoadCatalogue(system, ctext, catalogue));
  return json{
      {"comuni", comuni["imported"]["comuni"]}, {"rulesets", rulesets.size()}, {"code_lists", std::size(kLists)}};
}

Result<json> App::LoadDemo(const std::string& data_dir) {
  std::string path = data_dir + "/demo/territory-lombardia.json";
  PDZ_ASSIGN(std::string text, ReadText(path));
  Actor system = Actor::System();
  PDZ_ASSIGN(json territory, ImportTerritoryJson(system, text, path));
  PDZ_ASSIGN(auto conn, db_.Connect());
  auto loaded = InTransaction(*conn, [&]() -> Result<json> {
    json accounts = json::array();
    for (const auto& a : kDemoAccounts) {
      PDZ_ASSIGN(std::int64_t id, detail::InsertUser(*conn, clock_, a.username, a.display_name, "demo"));
      PDZ_ASSIGN(core::Grant grant, detail::ValidateGrant(*conn, a.role, a.scope_kind, a.scope_code));
      (void)grant;
      PDZ_TRY(conn->Exec("INSERT INTO role_grants (user_id, role, scope_kind, scope_code) VALUES (?, ?, ?, ?)",
                         {id, std::string(a.role), std::string(a.scope_kind), std::string(a.scope_code)}));
      PDZ_ASSIGN(json doc, detail::UserDocument(*conn, id));
      PDZ_TRY(detail::Audit(*conn, clock_, system, "create", "user", a.username, "", nullptr, doc));
      accounts.push_back(a.username);
    }
    return json{{"territory", territory["imported"]}, {"accounts", accounts}};
  });
  if (!loaded) return loaded;
  // The governance of each demo ambito (data/demo/governance-*.json): bodies, meetings, and the plans whose
  // lifecycle it replays. Those plans start as drafts; the other demo plans are approved plans in force.
  std::vector<json> governance;
  for (const auto& g : JsonFiles(data_dir + "/demo", "governance-")) {
    PDZ_ASSIGN(std::string gtext, ReadText(g.string()));
    json doc = json::parse(gtext, nullptr, false);
    if (doc.is_discarded() || doc.value("format", "") != "pdz-governance-demo/1") {
      return MakeError(ErrorCode::kInvalidJson, "File di governance dimostrativa non valido: " + g.string(),
                       {{.file = g.string(), .field = "format", .reason = "atteso pdz-governance-demo/1"}});
    }
    governance.push_back(std::move(doc));
  }
  auto replayed = [&](const std::string& ambito, const std::string& from) -> const json* {
    for (const auto& g : governance) {
      if (g["ambito"] != ambito) continue;
      for (const auto& p : g["plans"])
        if (p["period_from"] == from) return &p;
    }
    return nullptr;
  };
  (*loaded)["plans"] = json::array();
  std::map<std::pair<std::string, std::string>, std::int64_t> plan_ids;
  for (const auto& p : JsonFiles(data_dir + "/demo", "plan-")) {
    PDZ_ASSIGN(std::string ptext, ReadText(p.string()));
    json head = json::parse(ptext, nullptr, false);
    std::string ambito = head.is_object() ? head.value("ambito", "") : "";
    std::string from = head.is_object() && head.contains("period") ? head["period"].value("from", "") : "";
    PDZ_ASSIGN(json plan, ImportPlan(system, ptext, p.string(), replayed(ambito, from) ? "bozza" : "approvato"));
    plan_ids[{ambito, from}] = plan["id"].get<std::int64_t>();
    (*loaded)["plans"].push_back(plan["id"]);
    // Its resource frame, when there is one (resources-<same name>.csv).
    std::string stem = p.stem().string().substr(std::string("plan-").size());
    auto frame = std::filesystem::path(data_dir) / "demo" / ("resources-" + stem + ".csv");
    if (std::filesystem::exists(frame)) {
      PDZ_ASSIGN(std::string ftext, ReadText(frame.string()));
      PDZ_TRY(ImportResources(system, plan["id"].get<std::int64_t>(), ftext, frame.filename().string(),
                              "quadro dimostrativo"));
    }
  }
  for (const auto& g : governance) PDZ_TRY(LoadDemoGovernance(*this, g, plan_ids));
  // Synthetic flows (data/demo/flows, made by tools/demo/generate_flows.mjs): population for the Region,
  // then each ambito's files, the unit registry before the FSR reports that name its units.
  auto flows = std::filesystem::path(data_dir) / "demo" / "flows";
  auto import_flow = [&](const std::string& flow, const std::string& kind, const std::string& code,
                         const std::filesystem::path& file) -> Result<void> {
    if (!std::filesystem::exists(file)) return Ok();
    ImportControl control;
    control.refresh = false;  // computed once, when first read
    PDZ_TRY(ImportFlow(system, flow, kind, code, file.string(), true, file.filename().string(), control));
    return Ok();
  };
  PDZ_TRY(import_flow("popolazione", "region", "03", flows / "popolazione.csv"));
  for (const char* ambito : {"rhodense", "garbagnatese", "medio-olona"}) {
    for (const char* flow : {"spesa", "beneficiari", "unita_offerta", "fsr", "domiciliare"}) {
      PDZ_TRY(import_flow(flow, "ambito", ambito, flows / (std::string(flow) + "-" + ambito + ".csv")));
    }
  }
  // Medio Olona's 2015-2017 history (tools/demo/generate_history.mjs), before its plan's monitoring reads it.
  PDZ_TRY(import_flow("popolazione", "region", "03", flows / "popolazione-medio-olona-2015-2017.csv"));
  PDZ_TRY(import_flow("spesa", "ambito", "medio-olona", flows / "spesa-medio-olona-2015-2017.csv"));
  // A year of monitoring (data/demo/monitoring-*.json), replayed on its dates.
  for (const auto& f : JsonFiles(data_dir + "/demo", "monitoring-")) {
    PDZ_ASSIGN(std::string mtext, ReadText(f.string()));
    json doc = json::parse(mtext, nullptr, false);
    if (doc.is_discarded() || doc.value("format", "") != "pdz-monitoring-demo/1") {
      return MakeError(ErrorCode::kInvalidJson, "File di monitoraggio dimostrativo non valido: " + f.string(),
                       {{.file = f.string(), .field = "format", .reason = "atteso pdz-monitoring-demo/1"}});
    }
    PDZ_TRY(LoadDemoMonitoring(db_, config_, doc, f.string()));
  }
  return loaded;
}

Result<int> App::Migrate() {
  PDZ_ASSIGN(auto conn, db_.Connect());
  return storage::Migrate(*conn);
}

}  // namespace pdz::app
