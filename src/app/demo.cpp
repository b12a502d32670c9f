// The demo: the Lombard demo territory and one account per role, password "demo".
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

Result<json> App::LoadDemo(const std::string& data_dir) {
  std::string path = data_dir + "/demo/territory-lombardia.json";
  std::ifstream f(path);
  if (!f) return MakeError(ErrorCode::kNotFound, "File dei dati dimostrativi non trovato: " + path);
  std::stringstream text;
  text << f.rdbuf();
  Actor system = Actor::System();
  PDZ_ASSIGN(json territory, ImportTerritoryJson(system, text.str(), path));
  PDZ_ASSIGN(auto conn, db_.Connect());
  return InTransaction(*conn, [&]() -> Result<json> {
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
}

Result<int> App::Migrate() {
  PDZ_ASSIGN(auto conn, db_.Connect());
  return storage::Migrate(*conn);
}

}  // namespace pdz::app
