// Shared helpers of the use cases.
#include "app/detail/internals.hpp"

#include <algorithm>

namespace pdz::app::detail {

using storage::Value;

Result<void> Audit(storage::Connection& conn, const Clock& clock, const Actor& actor, const std::string& action,
                   const std::string& entity, const std::string& entity_id, const std::string& ambito_code,
                   const json& before, const json& after) {
  PDZ_TRY(conn.Exec(
      "INSERT INTO audit_log (at, actor, action, entity, entity_id, ambito_code, before_json, after_json) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {clock.NowIso(), actor.username, action, entity, entity_id, ambito_code.empty() ? Value{} : Value{ambito_code},
       before.is_null() ? Value{} : Value{before.dump()}, after.is_null() ? Value{} : Value{after.dump()}}));
  return Ok();
}

Result<void> Require(const Actor& actor, core::Permission permission, const core::Place& place) {
  if (actor.system) return Ok();
  if (actor.anonymous()) {
    return MakeError(ErrorCode::kUnauthenticated, "Per questa operazione occorre accedere con le proprie credenziali.");
  }
  if (!core::Allows(actor.grants, permission, place)) {
    return MakeError(ErrorCode::kForbidden, "Non hai i permessi per questa operazione su questo ambito o territorio.");
  }
  return Ok();
}

Result<core::Place> PlaceOfAmbito(storage::Connection& conn, const std::string& code) {
  PDZ_ASSIGN(auto rows, conn.Query("SELECT region_code, agency_code FROM ambiti WHERE code = ?", {code}));
  if (rows.empty()) return NotFound("ambito", code, Codes(conn, "SELECT code FROM ambiti"));
  core::Place place{rows[0].Text(0), rows[0].Text(1), code, {}};
  PDZ_ASSIGN(auto comuni, conn.Query("SELECT DISTINCT istat_code FROM memberships WHERE ambito_code = ?", {code}));
  for (const auto& r : comuni) place.comuni.insert(r.Text(0));
  return place;
}

bool HoldsRole(const Actor& actor, core::Role role) {
  if (actor.system) return true;
  return std::any_of(actor.grants.begin(), actor.grants.end(), [&](const core::Grant& g) { return g.role == role; });
}

Page Clamp(Page page) {
  page.limit = std::clamp<std::int64_t>(page.limit, 1, 500);
  page.offset = std::max<std::int64_t>(page.offset, 0);
  return page;
}

json OptString(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }

Result<json> AmbitoDocument(storage::Connection& conn, const std::string& code, Date as_of) {
  PDZ_ASSIGN(auto rows,
             conn.Query("SELECT a.code, a.name, a.region_code, a.agency_code, ag.name, a.district_code, d.name, "
                        "a.valid_from, a.valid_to, a.merged_into, a.capofila_name, a.capofila_type, a.udp_host_body, "
                        "a.udp_address, a.udp_email, a.udp_phone, a.udp_pec, a.udp_head, a.version "
                        "FROM ambiti a JOIN agencies ag ON ag.code = a.agency_code "
                        "LEFT JOIN districts d ON d.code = a.district_code WHERE a.code = ?",
                        {code}));
  if (rows.empty()) return NotFound("ambito", code, Codes(conn, "SELECT code FROM ambiti"));
  const auto& r = rows[0];
  auto type = core::ParseCapofilaType(r.Text(11)).value_or(core::CapofilaType::kAltro);
  json doc = {
      {"code", r.Text(0)},
      {"name", r.Text(1)},
      {"region", r.Text(2)},
      {"agency", {{"code", r.Text(3)}, {"name", r.Text(4)}}},
      {"district", r.IsNull(5) ? json(nullptr) : json{{"code", r.Text(5)}, {"name", r.Text(6)}}},
      {"valid_from", r.Text(7)},
      {"valid_to", OptString(r.OptText(8))},
      {"merged_into", OptString(r.OptText(9))},
      {"capofila",
       {{"name", r.Text(10)}, {"type", r.Text(11)}, {"type_label", std::string(core::CapofilaTypeLabel(type))}}},
      {"ufficio_di_piano",
       {{"host_body", r.Text(12)},
        {"address", r.Text(13)},
        {"email", r.Text(14)},
        {"phone", r.Text(15)},
        {"pec", r.Text(16)},
        {"head", r.Text(17)}}},
      {"version", r.Int(18)},
      {"as_of", as_of.ToString()},
  };
  PDZ_ASSIGN(auto merged_from, conn.Query("SELECT code FROM ambiti WHERE merged_into = ? ORDER BY code", {code}));
  doc["merged_from"] = json::array();
  for (const auto& m : merged_from) doc["merged_from"].push_back(m.Text(0));
  std::string d = as_of.ToString();
  PDZ_ASSIGN(
      auto comuni,
      conn.Query("SELECT c.istat_code, c.name, p.name, p.abbr, "
                 "(SELECT value FROM populations x WHERE x.istat_code = c.istat_code ORDER BY year DESC LIMIT 1), "
                 "(SELECT year FROM populations x WHERE x.istat_code = c.istat_code ORDER BY year DESC LIMIT 1) "
                 "FROM memberships m JOIN comuni c ON c.istat_code = m.istat_code "
                 "JOIN provinces p ON p.code = c.province_code "
                 "WHERE m.ambito_code = ? AND m.valid_from <= ? AND (m.valid_to IS NULL OR m.valid_to >= ?) "
                 "ORDER BY c.name",
                 {code, d, d}));
  doc["comuni"] = json::array();
  std::int64_t population = 0;
  std::int64_t year = 0;
  for (const auto& c : comuni) {
    doc["comuni"].push_back({{"istat_code", c.Text(0)},
                             {"name", c.Text(1)},
                             {"province", c.Text(2)},
                             {"province_abbr", c.Text(3)},
                             {"population", c.IsNull(4) ? json(nullptr) : json(c.Int(4))},
                             {"population_year", c.IsNull(5) ? json(nullptr) : json(c.Int(5))}});
    population += c.Int(4);
    year = std::max(year, c.Int(5));
  }
  doc["comuni_count"] = comuni.size();
  doc["population"] = population;
  doc["population_year"] = year ? json(year) : json(nullptr);
  return doc;
}

namespace {
Result<std::vector<core::Membership>> Memberships(storage::Connection& conn, const std::string& where,
                                                  const std::string& key) {
  PDZ_ASSIGN(auto rows, conn.Query("SELECT istat_code, ambito_code, valid_from, valid_to FROM memberships WHERE " +
                                       where + " ORDER BY valid_from, istat_code",
                                   {key}));
  std::vector<core::Membership> out;
  for (const auto& r : rows) {
    core::Membership m{r.Text(0), r.Text(1), *Date::Parse(r.Text(2)), std::nullopt};
    if (!r.IsNull(3)) m.to = Date::Parse(r.Text(3));
    out.push_back(std::move(m));
  }
  return out;
}
}  // namespace

Result<std::vector<core::Membership>> MembershipsOfComune(storage::Connection& conn, const std::string& istat) {
  return Memberships(conn, "istat_code = ?", istat);
}

Result<std::vector<core::Membership>> MembershipsOfAmbito(storage::Connection& conn, const std::string& ambito) {
  return Memberships(conn, "ambito_code = ?", ambito);
}

Error NotFound(const std::string& what, const std::string& code, const std::vector<std::string>& candidates) {
  std::string msg = what + " '" + code + "' non trovato";
  if (auto s = core::Suggest(code, candidates))
    msg += ": intendevi '" + *s + "'?";
  else
    msg += ".";
  msg[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(msg[0])));
  return MakeError(ErrorCode::kNotFound, msg, {{.field = what, .value = code, .reason = "codice inesistente"}});
}

std::vector<std::string> Codes(storage::Connection& conn, const std::string& sql) {
  std::vector<std::string> out;
  auto rows = conn.Query(sql);
  if (rows) {
    for (const auto& r : *rows) out.push_back(r.Text(0));
  }
  return out;
}

}  // namespace pdz::app::detail
