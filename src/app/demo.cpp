// The demo: the Lombard demo territory and one account per role, password "demo".
#include <algorithm>
#include <filesystem>
#include <fstream>
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
  return json{{"comuni", comuni["imported"]["comuni"]}, {"rulesets", rulesets.size()}};
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
  // The demo plans (data/demo/plan-*.json), as approved plans of their ambiti.
  (*loaded)["plans"] = json::array();
  for (const auto& p : JsonFiles(data_dir + "/demo", "plan-")) {
    PDZ_ASSIGN(std::string ptext, ReadText(p.string()));
    PDZ_ASSIGN(json plan, ImportPlan(system, ptext, p.string(), "approvato"));
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
  return loaded;
}

Result<int> App::Migrate() {
  PDZ_ASSIGN(auto conn, db_.Connect());
  return storage::Migrate(*conn);
}

}  // namespace pdz::app
