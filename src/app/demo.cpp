// The demo: the Lombard demo territory and one account per role, password "demo".
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
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
  return loaded;
}

Result<int> App::Migrate() {
  PDZ_ASSIGN(auto conn, db_.Connect());
  return storage::Migrate(*conn);
}

}  // namespace pdz::app
