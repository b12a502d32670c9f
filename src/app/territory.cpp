// Territory reads: regions, agencies, ambiti (as of a date), comuni. Public data.
#include "app/app.hpp"
#include "app/detail/internals.hpp"

namespace pdz::app {

using storage::Params;
using storage::Value;

namespace {

const char* kLatestPopulation =
    "(SELECT value FROM populations x WHERE x.istat_code = c.istat_code ORDER BY year DESC LIMIT 1)";
const char* kLatestPopulationYear =
    "(SELECT year FROM populations x WHERE x.istat_code = c.istat_code ORDER BY year DESC LIMIT 1)";

json ListDocument(json items, std::int64_t total, Page page) {
  return json{{"items", std::move(items)}, {"total", total}, {"limit", page.limit}, {"offset", page.offset}};
}

Result<json> AgencyDocument(storage::Connection& conn, const storage::Row& r, const std::string& today) {
  json doc = {{"code", r.Text(0)},
              {"name", r.Text(1)},
              {"kind", r.Text(2)},
              {"region", r.Text(3)},
              {"districts", json::array()}};
  PDZ_ASSIGN(auto districts,
             conn.Query("SELECT code, name FROM districts WHERE agency_code = ? ORDER BY name", {r.Text(0)}));
  for (const auto& d : districts) doc["districts"].push_back({{"code", d.Text(0)}, {"name", d.Text(1)}});
  PDZ_ASSIGN(auto count, conn.Query("SELECT count(*) FROM ambiti WHERE agency_code = ? AND valid_from <= ? "
                                    "AND (valid_to IS NULL OR valid_to >= ?)",
                                    {r.Text(0), today, today}));
  doc["ambiti_count"] = count[0].Int(0);
  return doc;
}

}  // namespace

Result<json> App::ListRegions(Page page) {
  page = detail::Clamp(page);
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(auto rows,
             conn->Query(std::string("SELECT r.code, r.name, count(c.istat_code), sum(") + kLatestPopulation +
                         ") FROM regions r LEFT JOIN provinces p ON p.region_code = r.code "
                         "LEFT JOIN comuni c ON c.province_code = p.code GROUP BY r.code, r.name ORDER BY r.name"));
  json items = json::array();
  for (size_t i = static_cast<size_t>(page.offset); i < rows.size() && items.size() < static_cast<size_t>(page.limit);
       ++i) {
    const auto& r = rows[i];
    items.push_back({{"code", r.Text(0)}, {"name", r.Text(1)}, {"comuni_count", r.Int(2)}, {"population", r.Int(3)}});
  }
  return ListDocument(items, static_cast<std::int64_t>(rows.size()), page);
}

Result<json> App::GetRegion(const std::string& code) {
  PDZ_ASSIGN(auto list, ListRegions(Page{500, 0}));
  PDZ_ASSIGN(auto conn, db_.Connect());
  for (auto& r : list["items"]) {
    if (r["code"] != code) continue;
    PDZ_ASSIGN(json agencies, ListAgencies(code, Page{500, 0}));
    r["agencies"] = agencies["items"];
    std::string today = clock_.Today().ToString();
    PDZ_ASSIGN(auto count, conn->Query("SELECT count(*) FROM ambiti WHERE region_code = ? AND valid_from <= ? "
                                       "AND (valid_to IS NULL OR valid_to >= ?)",
                                       {code, today, today}));
    r["ambiti_count"] = count[0].Int(0);
    return r;
  }
  return detail::NotFound("regione", code, detail::Codes(*conn, "SELECT code FROM regions"));
}

Result<json> App::ListAgencies(const std::string& region, Page page) {
  page = detail::Clamp(page);
  PDZ_ASSIGN(auto conn, db_.Connect());
  std::string sql = "SELECT code, name, kind, region_code FROM agencies";
  Params params;
  if (!region.empty()) {
    sql += " WHERE region_code = ?";
    params.push_back(region);
  }
  PDZ_ASSIGN(auto total, conn->Query("SELECT count(*) FROM (" + sql + ") x", params));
  params.push_back(page.limit);
  params.push_back(page.offset);
  PDZ_ASSIGN(auto rows, conn->Query(sql + " ORDER BY name LIMIT ? OFFSET ?", params));
  json items = json::array();
  std::string today = clock_.Today().ToString();
  for (const auto& r : rows) {
    PDZ_ASSIGN(json doc, AgencyDocument(*conn, r, today));
    items.push_back(std::move(doc));
  }
  return ListDocument(items, total[0].Int(0), page);
}

Result<json> App::GetAgency(const std::string& code) {
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(auto rows, conn->Query("SELECT code, name, kind, region_code FROM agencies WHERE code = ?", {code}));
  if (rows.empty()) return detail::NotFound("ATS/ASL", code, detail::Codes(*conn, "SELECT code FROM agencies"));
  PDZ_ASSIGN(json doc, AgencyDocument(*conn, rows[0], clock_.Today().ToString()));
  AmbitoFilter filter;
  filter.agency = code;
  PDZ_ASSIGN(json ambiti, ListAmbiti(filter, Page{500, 0}));
  doc["ambiti"] = ambiti["items"];
  return doc;
}

Result<json> App::ListAmbiti(const AmbitoFilter& filter, Page page) {
  page = detail::Clamp(page);
  PDZ_ASSIGN(auto conn, db_.Connect());
  std::string d = filter.as_of.value_or(clock_.Today()).ToString();
  std::string where = " WHERE 1 = 1";
  Params params;
  if (!filter.include_closed) {
    where += " AND a.valid_from <= ? AND (a.valid_to IS NULL OR a.valid_to >= ?)";
    params.insert(params.end(), {d, d});
  }
  if (!filter.region.empty()) {
    where += " AND a.region_code = ?";
    params.push_back(filter.region);
  }
  if (!filter.agency.empty()) {
    where += " AND a.agency_code = ?";
    params.push_back(filter.agency);
  }
  if (!filter.q.empty()) {
    where += " AND (lower(a.name) LIKE lower(?) OR a.code LIKE lower(?))";
    params.push_back("%" + filter.q + "%");
    params.push_back("%" + filter.q + "%");
  }
  PDZ_ASSIGN(auto total, conn->Query("SELECT count(*) FROM ambiti a" + where, params));
  Params list_params = {d, d, d, d};
  list_params.insert(list_params.end(), params.begin(), params.end());
  list_params.push_back(page.limit);
  list_params.push_back(page.offset);
  std::string members =
      "FROM memberships m JOIN comuni c ON c.istat_code = m.istat_code WHERE m.ambito_code = a.code "
      "AND m.valid_from <= ? AND (m.valid_to IS NULL OR m.valid_to >= ?)";
  PDZ_ASSIGN(auto rows,
             conn->Query("SELECT a.code, a.name, a.region_code, a.agency_code, ag.name, a.district_code, d.name, "
                         "a.valid_from, a.valid_to, a.merged_into, a.capofila_name, a.capofila_type, "
                         "(SELECT count(*) " +
                             members + "), (SELECT sum(" + kLatestPopulation + ") " + members +
                             ") "
                             "FROM ambiti a JOIN agencies ag ON ag.code = a.agency_code "
                             "LEFT JOIN districts d ON d.code = a.district_code" +
                             where + " ORDER BY a.name LIMIT ? OFFSET ?",
                         list_params));
  json items = json::array();
  for (const auto& r : rows) {
    auto type = core::ParseCapofilaType(r.Text(11)).value_or(core::CapofilaType::kAltro);
    items.push_back(
        {{"code", r.Text(0)},
         {"name", r.Text(1)},
         {"region", r.Text(2)},
         {"agency", {{"code", r.Text(3)}, {"name", r.Text(4)}}},
         {"district", r.IsNull(5) ? json(nullptr) : json{{"code", r.Text(5)}, {"name", r.Text(6)}}},
         {"valid_from", r.Text(7)},
         {"valid_to", detail::OptString(r.OptText(8))},
         {"merged_into", detail::OptString(r.OptText(9))},
         {"capofila",
          {{"name", r.Text(10)}, {"type", r.Text(11)}, {"type_label", std::string(core::CapofilaTypeLabel(type))}}},
         {"comuni_count", r.Int(12)},
         {"population", r.Int(13)}});
  }
  return ListDocument(items, total[0].Int(0), page);
}

Result<json> App::GetAmbito(const std::string& code, std::optional<Date> as_of) {
  PDZ_ASSIGN(auto conn, db_.Connect());
  return detail::AmbitoDocument(*conn, code, as_of.value_or(clock_.Today()));
}

Result<json> App::AmbitoHistory(const std::string& code) {
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(auto exists, conn->Query("SELECT 1 FROM ambiti WHERE code = ?", {code}));
  if (exists.empty()) return detail::NotFound("ambito", code, detail::Codes(*conn, "SELECT code FROM ambiti"));
  PDZ_ASSIGN(auto rows, conn->Query("SELECT m.istat_code, c.name, m.valid_from, m.valid_to FROM memberships m "
                                    "JOIN comuni c ON c.istat_code = m.istat_code WHERE m.ambito_code = ? "
                                    "ORDER BY m.valid_from, c.name",
                                    {code}));
  json items = json::array();
  for (const auto& r : rows) {
    items.push_back({{"istat_code", r.Text(0)},
                     {"name", r.Text(1)},
                     {"valid_from", r.Text(2)},
                     {"valid_to", detail::OptString(r.OptText(3))}});
  }
  return json{{"items", items}, {"total", items.size()}};
}

Result<json> App::ListComuni(const ComuneFilter& filter, Page page) {
  page = detail::Clamp(page);
  PDZ_ASSIGN(auto conn, db_.Connect());
  std::string d = filter.as_of.value_or(clock_.Today()).ToString();
  std::string from =
      " FROM comuni c JOIN provinces p ON p.code = c.province_code JOIN regions r ON r.code = p.region_code "
      "LEFT JOIN memberships m ON m.istat_code = c.istat_code AND m.valid_from <= ? "
      "AND (m.valid_to IS NULL OR m.valid_to >= ?) LEFT JOIN ambiti a ON a.code = m.ambito_code WHERE 1 = 1";
  Params params = {d, d};
  if (!filter.region.empty()) {
    from += " AND p.region_code = ?";
    params.push_back(filter.region);
  }
  if (!filter.province.empty()) {
    from += " AND (p.code = ? OR p.abbr = ?)";
    params.push_back(filter.province);
    params.push_back(filter.province);
  }
  if (!filter.ambito.empty()) {
    from += " AND m.ambito_code = ?";
    params.push_back(filter.ambito);
  }
  if (!filter.q.empty()) {
    from += " AND (lower(c.name) LIKE lower(?) OR c.istat_code = ?)";
    params.push_back("%" + filter.q + "%");
    params.push_back(filter.q);
  }
  PDZ_ASSIGN(auto total, conn->Query("SELECT count(*)" + from, params));
  params.push_back(page.limit);
  params.push_back(page.offset);
  PDZ_ASSIGN(auto rows,
             conn->Query(std::string("SELECT c.istat_code, c.name, p.name, p.code, p.abbr, r.name, r.code, ") +
                             kLatestPopulation + ", " + kLatestPopulationYear + ", a.code, a.name" + from +
                             " ORDER BY c.name, c.istat_code LIMIT ? OFFSET ?",
                         params));
  json items = json::array();
  for (const auto& r : rows) {
    items.push_back({{"istat_code", r.Text(0)},
                     {"name", r.Text(1)},
                     {"province", r.Text(2)},
                     {"province_code", r.Text(3)},
                     {"province_abbr", r.Text(4)},
                     {"region", r.Text(5)},
                     {"region_code", r.Text(6)},
                     {"population", r.IsNull(7) ? json(nullptr) : json(r.Int(7))},
                     {"population_year", r.IsNull(8) ? json(nullptr) : json(r.Int(8))},
                     {"ambito", r.IsNull(9) ? json(nullptr) : json{{"code", r.Text(9)}, {"name", r.Text(10)}}}});
  }
  return ListDocument(items, total[0].Int(0), page);
}

Result<json> App::GetComune(const std::string& istat_code) {
  ComuneFilter filter;
  filter.q = istat_code;
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(auto rows, conn->Query("SELECT 1 FROM comuni WHERE istat_code = ?", {istat_code}));
  if (rows.empty()) {
    return MakeError(ErrorCode::kNotFound, "Comune con codice ISTAT '" + istat_code + "' non trovato.",
                     {{.field = "istat_code", .value = istat_code, .reason = "codice ISTAT inesistente"}});
  }
  PDZ_ASSIGN(json list, ListComuni(filter, Page{500, 0}));
  json doc;
  for (const auto& item : list["items"]) {
    if (item["istat_code"] == istat_code) doc = item;
  }
  doc["populations"] = json::array();
  PDZ_ASSIGN(auto pops,
             conn->Query("SELECT year, value FROM populations WHERE istat_code = ? ORDER BY year", {istat_code}));
  for (const auto& p : pops) doc["populations"].push_back({{"year", p.Int(0)}, {"value", p.Int(1)}});
  doc["memberships"] = json::array();
  PDZ_ASSIGN(auto ms,
             conn->Query("SELECT m.ambito_code, a.name, m.valid_from, m.valid_to FROM memberships m "
                         "JOIN ambiti a ON a.code = m.ambito_code WHERE m.istat_code = ? ORDER BY m.valid_from",
                         {istat_code}));
  for (const auto& m : ms) {
    doc["memberships"].push_back({{"ambito", {{"code", m.Text(0)}, {"name", m.Text(1)}}},
                                  {"valid_from", m.Text(2)},
                                  {"valid_to", detail::OptString(m.OptText(3))}});
  }
  return doc;
}

}  // namespace pdz::app
