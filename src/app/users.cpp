// Users and roles: listing, creation, changes, role grants; only region administrators manage them.
#include <regex>

#include "app/app.hpp"
#include "app/detail/internals.hpp"
#include "app/detail/users.hpp"
#include "io/json_fields.hpp"

namespace pdz::app {

namespace detail {

Result<std::vector<core::Grant>> GrantsOf(storage::Connection& conn, std::int64_t user_id) {
  PDZ_ASSIGN(auto rows,
             conn.Query("SELECT role, scope_kind, scope_code FROM role_grants WHERE user_id = ?", {user_id}));
  std::vector<core::Grant> grants;
  for (const auto& r : rows) {
    auto role = core::ParseRole(r.Text(0));
    auto kind = core::ParseScopeKind(r.Text(1));
    if (role && kind) grants.push_back({*role, *kind, r.Text(2)});
  }
  return grants;
}

namespace {
Result<std::string> ScopeName(storage::Connection& conn, const std::string& kind, const std::string& code) {
  std::string sql;
  if (kind == "region")
    sql = "SELECT name FROM regions WHERE code = ?";
  else if (kind == "agency")
    sql = "SELECT name FROM agencies WHERE code = ?";
  else if (kind == "ambito")
    sql = "SELECT name FROM ambiti WHERE code = ?";
  else
    sql = "SELECT name FROM comuni WHERE istat_code = ?";
  PDZ_ASSIGN(auto rows, conn.Query(sql, {code}));
  return rows.empty() ? std::string() : rows[0].Text(0);
}
}  // namespace

Result<json> UserDocument(storage::Connection& conn, std::int64_t user_id) {
  PDZ_ASSIGN(auto rows,
             conn.Query("SELECT username, display_name, active, created_at FROM users WHERE id = ?", {user_id}));
  if (rows.empty()) return MakeError(ErrorCode::kNotFound, "Utente non trovato.");
  json doc = {{"username", rows[0].Text(0)},
              {"display_name", rows[0].Text(1)},
              {"active", rows[0].Int(2) == 1},
              {"created_at", rows[0].Text(3)},
              {"roles", json::array()}};
  PDZ_ASSIGN(
      auto grants,
      conn.Query("SELECT id, role, scope_kind, scope_code FROM role_grants WHERE user_id = ? ORDER BY id", {user_id}));
  for (const auto& g : grants) {
    auto role = core::ParseRole(g.Text(1));
    PDZ_ASSIGN(std::string scope_name, ScopeName(conn, g.Text(2), g.Text(3)));
    doc["roles"].push_back({{"id", g.Int(0)},
                            {"role", g.Text(1)},
                            {"label", role ? std::string(core::RoleLabel(*role)) : g.Text(1)},
                            {"scope", {{"kind", g.Text(2)}, {"code", g.Text(3)}, {"name", scope_name}}}});
  }
  return doc;
}

Result<std::int64_t> InsertUser(storage::Connection& conn, const Clock& clock, const std::string& username,
                                const std::string& display_name, const std::string& password) {
  static const std::regex kUsername("^[a-z0-9][a-z0-9._-]{1,63}$");
  if (!std::regex_match(username, kUsername)) {
    return MakeError(
        ErrorCode::kValidationFailed, "Nome utente non valido.",
        {{.field = "username",
          .value = username,
          .reason = "da 2 a 64 caratteri: lettere minuscole, cifre, '.', '_' e '-', ad es. 'udp.rhodense'"}});
  }
  PDZ_ASSIGN(auto existing, conn.Query("SELECT id FROM users WHERE username = ?", {username}));
  if (!existing.empty()) {
    return MakeError(ErrorCode::kConflict, "L'utente '" + username + "' esiste già.",
                     {{.field = "username", .value = username, .reason = "già in uso"}});
  }
  PDZ_ASSIGN(std::string hash, HashPassword(password));
  PDZ_ASSIGN(auto rows, conn.Query("INSERT INTO users (username, display_name, password_hash, created_at) "
                                   "VALUES (?, ?, ?, ?) RETURNING id",
                                   {username, display_name.empty() ? username : display_name, hash, clock.NowIso()}));
  return rows[0].Int(0);
}

Result<core::Grant> ValidateGrant(storage::Connection& conn, const std::string& role_code, const std::string& kind_code,
                                  const std::string& code) {
  auto role = core::ParseRole(role_code);
  if (!role) {
    std::string all;
    for (auto r : core::AllRoles()) all += (all.empty() ? "" : ", ") + std::string(core::RoleCode(r));
    return MakeError(ErrorCode::kValidationFailed, "Ruolo '" + role_code + "' sconosciuto.",
                     {{.field = "role", .value = role_code, .reason = "ammessi: " + all}});
  }
  auto kind = core::ParseScopeKind(kind_code);
  auto allowed = core::AllowedScopes(*role);
  if (!kind || std::find(allowed.begin(), allowed.end(), *kind) == allowed.end()) {
    std::string all;
    for (auto k : allowed) all += (all.empty() ? "" : ", ") + std::string(core::ScopeKindCode(k));
    return MakeError(ErrorCode::kValidationFailed,
                     "Il ruolo '" + role_code + "' non si può assegnare su '" + kind_code + "'.",
                     {{.field = "scope.kind", .value = kind_code, .reason = "ammessi per questo ruolo: " + all}});
  }
  PDZ_ASSIGN(std::string name, ScopeName(conn, kind_code, code));
  if (name.empty()) {
    return MakeError(ErrorCode::kValidationFailed, "Il territorio '" + code + "' (" + kind_code + ") non esiste.",
                     {{.field = "scope.code", .value = code, .reason = "codice inesistente"}});
  }
  return core::Grant{*role, *kind, code};
}

Result<core::Place> PlaceOfScope(storage::Connection& conn, const core::Grant& grant) {
  switch (grant.scope_kind) {
    case core::ScopeKind::kRegion:
      return core::Place{grant.scope_code, "", "", {}};
    case core::ScopeKind::kAgency: {
      PDZ_ASSIGN(auto rows, conn.Query("SELECT region_code FROM agencies WHERE code = ?", {grant.scope_code}));
      return core::Place{rows.empty() ? "" : rows[0].Text(0), grant.scope_code, "", {}};
    }
    case core::ScopeKind::kAmbito:
      return PlaceOfAmbito(conn, grant.scope_code);
    case core::ScopeKind::kComune: {
      PDZ_ASSIGN(auto rows,
                 conn.Query("SELECT p.region_code FROM comuni c JOIN provinces p ON p.code = c.province_code "
                            "WHERE c.istat_code = ?",
                            {grant.scope_code}));
      return core::Place{rows.empty() ? "" : rows[0].Text(0), "", "", {grant.scope_code}};
    }
  }
  return core::Place{};
}

}  // namespace detail

namespace {

Result<void> RequireAdmin(const Actor& actor) {
  if (actor.anonymous()) {
    return MakeError(ErrorCode::kUnauthenticated, "Per questa operazione occorre accedere con le proprie credenziali.");
  }
  if (!detail::HoldsRole(actor, core::Role::kRegionAdmin)) {
    return MakeError(ErrorCode::kForbidden, "Solo un amministratore regionale gestisce utenti e ruoli.");
  }
  return Ok();
}

Result<std::int64_t> UserId(storage::Connection& conn, const std::string& username) {
  PDZ_ASSIGN(auto rows, conn.Query("SELECT id FROM users WHERE username = ?", {username}));
  if (rows.empty()) {
    return detail::NotFound("utente", username, detail::Codes(conn, "SELECT username FROM users"));
  }
  return rows[0].Int(0);
}

}  // namespace

json App::ListRoles() const {
  json items = json::array();
  for (auto r : core::AllRoles()) {
    json kinds = json::array();
    for (auto k : core::AllowedScopes(r)) kinds.push_back(std::string(core::ScopeKindCode(k)));
    items.push_back(
        {{"role", std::string(core::RoleCode(r))}, {"label", std::string(core::RoleLabel(r))}, {"scope_kinds", kinds}});
  }
  return json{{"items", items}};
}

Result<json> App::ListUsers(const Actor& actor, Page page) {
  PDZ_TRY(RequireAdmin(actor));
  page = detail::Clamp(page);
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(auto total, conn->Query("SELECT count(*) FROM users"));
  PDZ_ASSIGN(auto rows,
             conn->Query("SELECT id FROM users ORDER BY username LIMIT ? OFFSET ?", {page.limit, page.offset}));
  json items = json::array();
  for (const auto& r : rows) {
    PDZ_ASSIGN(json doc, detail::UserDocument(*conn, r.Int(0)));
    items.push_back(std::move(doc));
  }
  return json{{"items", items}, {"total", total[0].Int(0)}, {"limit", page.limit}, {"offset", page.offset}};
}

Result<json> App::GetUser(const Actor& actor, const std::string& username) {
  if (actor.username != username || actor.anonymous()) PDZ_TRY(RequireAdmin(actor));
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(std::int64_t id, UserId(*conn, username));
  return detail::UserDocument(*conn, id);
}

Result<json> App::CreateUser(const Actor& actor, const json& body) {
  PDZ_TRY(RequireAdmin(actor));
  io::JsonFields in;
  if (!body.is_object()) return MakeError(ErrorCode::kValidationFailed, "Atteso un oggetto JSON.");
  in.RejectUnknown(body, {"username", "display_name", "password"}, "");
  std::string username = in.String(body, "username", "username", true);
  std::string display = in.String(body, "display_name", "display_name", true);
  std::string password = in.String(body, "password", "password", true);
  if (!in.ok()) return in.ToError("Dati dell'utente non validi.");
  PDZ_ASSIGN(auto conn, db_.Connect());
  return InTransaction(*conn, [&]() -> Result<json> {
    PDZ_ASSIGN(std::int64_t id, detail::InsertUser(*conn, clock_, username, display, password));
    PDZ_ASSIGN(json doc, detail::UserDocument(*conn, id));
    PDZ_TRY(detail::Audit(*conn, clock_, actor, "create", "user", username, "", nullptr, doc));
    return doc;
  });
}

Result<json> App::PatchUser(const Actor& actor, const std::string& username, const json& body) {
  bool self = !actor.anonymous() && actor.username == username;
  bool admin = detail::HoldsRole(actor, core::Role::kRegionAdmin);
  if (!self) PDZ_TRY(RequireAdmin(actor));
  if (!body.is_object()) return MakeError(ErrorCode::kValidationFailed, "Atteso un oggetto JSON.");
  if (self && !admin) {
    for (auto it = body.begin(); it != body.end(); ++it) {
      if (it.key() != "password") {
        return MakeError(ErrorCode::kForbidden, "Della propria utenza si può cambiare solo la password.",
                         {{.field = it.key(), .reason = "modificabile solo da un amministratore regionale"}});
      }
    }
  }
  io::JsonFields in;
  in.RejectUnknown(body, {"display_name", "active", "password"}, "");
  std::string display = in.String(body, "display_name", "display_name", false);
  auto active = in.Bool(body, "active", "active", false);
  std::string password = in.String(body, "password", "password", false);
  if (!in.ok()) return in.ToError("Modifica dell'utente non valida.");
  PDZ_ASSIGN(auto conn, db_.Connect());
  return InTransaction(*conn, [&]() -> Result<json> {
    PDZ_ASSIGN(std::int64_t id, UserId(*conn, username));
    PDZ_ASSIGN(json before, detail::UserDocument(*conn, id));
    if (!display.empty())
      PDZ_TRY(conn->Exec("UPDATE users SET display_name = ?, version = version + 1 WHERE id = ?", {display, id}));
    if (active) {
      PDZ_TRY(conn->Exec("UPDATE users SET active = ?, version = version + 1 WHERE id = ?",
                         {std::int64_t{*active ? 1 : 0}, id}));
      if (!*active) PDZ_TRY(conn->Exec("DELETE FROM sessions WHERE user_id = ?", {id}));
    }
    if (body.contains("password")) {
      PDZ_ASSIGN(std::string hash, detail::HashPassword(password));
      PDZ_TRY(conn->Exec("UPDATE users SET password_hash = ?, version = version + 1 WHERE id = ?", {hash, id}));
    }
    PDZ_ASSIGN(json after, detail::UserDocument(*conn, id));
    json audited_after = after;
    if (body.contains("password")) audited_after["password_changed"] = true;
    PDZ_TRY(detail::Audit(*conn, clock_, actor, "update", "user", username, "", before, audited_after));
    return after;
  });
}

Result<json> App::GrantRole(const Actor& actor, const std::string& username, const json& body) {
  PDZ_TRY(RequireAdmin(actor));
  if (!body.is_object()) return MakeError(ErrorCode::kValidationFailed, "Atteso un oggetto JSON.");
  io::JsonFields in;
  in.RejectUnknown(body, {"role", "scope"}, "");
  std::string role = in.String(body, "role", "role", true);
  std::string kind, code;
  if (!body.contains("scope") || !body["scope"].is_object()) {
    in.problems.Add("scope", "", "atteso un oggetto {\"kind\", \"code\"}");
  } else {
    kind = in.String(body["scope"], "kind", "scope.kind", true);
    code = in.String(body["scope"], "code", "scope.code", true);
  }
  if (!in.ok()) return in.ToError("Assegnazione del ruolo non valida.");
  PDZ_ASSIGN(auto conn, db_.Connect());
  return InTransaction(*conn, [&]() -> Result<json> {
    PDZ_ASSIGN(std::int64_t id, UserId(*conn, username));
    PDZ_ASSIGN(core::Grant grant, detail::ValidateGrant(*conn, role, kind, code));
    PDZ_ASSIGN(core::Place place, detail::PlaceOfScope(*conn, grant));
    PDZ_TRY(detail::Require(actor, core::Permission::kManageUsers, place));
    PDZ_ASSIGN(json before, detail::UserDocument(*conn, id));
    auto inserted = conn->Exec("INSERT INTO role_grants (user_id, role, scope_kind, scope_code) VALUES (?, ?, ?, ?)",
                               {id, role, kind, code});
    if (!inserted) {
      if (inserted.error().code == ErrorCode::kConflict) {
        return MakeError(ErrorCode::kConflict, "L'utente ha già questo ruolo su questo territorio.",
                         {{.field = "role", .value = role}});
      }
      return inserted.take_error();
    }
    PDZ_ASSIGN(json after, detail::UserDocument(*conn, id));
    PDZ_TRY(detail::Audit(*conn, clock_, actor, "grant_role", "user", username, kind == "ambito" ? code : "", before,
                          after));
    return after;
  });
}

Result<void> App::RevokeRole(const Actor& actor, const std::string& username, std::int64_t grant_id) {
  PDZ_TRY(RequireAdmin(actor));
  PDZ_ASSIGN(auto conn, db_.Connect());
  return InTransaction(*conn, [&]() -> Result<void> {
    PDZ_ASSIGN(std::int64_t id, UserId(*conn, username));
    PDZ_ASSIGN(auto rows,
               conn->Query("SELECT role, scope_kind, scope_code FROM role_grants WHERE id = ? AND user_id = ?",
                           {grant_id, id}));
    if (rows.empty()) {
      return MakeError(ErrorCode::kNotFound,
                       "Ruolo " + std::to_string(grant_id) + " non trovato per l'utente '" + username + "'.");
    }
    auto role = core::ParseRole(rows[0].Text(0));
    auto kind = core::ParseScopeKind(rows[0].Text(1));
    if (role && kind) {
      PDZ_ASSIGN(core::Place place, detail::PlaceOfScope(*conn, core::Grant{*role, *kind, rows[0].Text(2)}));
      PDZ_TRY(detail::Require(actor, core::Permission::kManageUsers, place));
    }
    PDZ_ASSIGN(json before, detail::UserDocument(*conn, id));
    PDZ_TRY(conn->Exec("DELETE FROM role_grants WHERE id = ?", {grant_id}));
    PDZ_ASSIGN(json after, detail::UserDocument(*conn, id));
    PDZ_TRY(detail::Audit(*conn, clock_, actor, "revoke_role", "user", username,
                          rows[0].Text(1) == "ambito" ? rows[0].Text(2) : "", before, after));
    return Ok();
  });
}

}  // namespace pdz::app
