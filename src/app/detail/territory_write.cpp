// Writing ambiti and memberships with their reference and overlap checks.
#include "app/detail/territory_write.hpp"

#include "app/detail/internals.hpp"

namespace pdz::app::detail {

using storage::Value;

Result<void> CheckAmbitoReferences(storage::Connection& conn, const io::AmbitoRecord& rec, io::JsonProblems& problems) {
  const std::string prefix = rec.path.empty() ? "" : rec.path + ".";
  PDZ_ASSIGN(auto agency, conn.Query("SELECT region_code FROM agencies WHERE code = ?", {rec.agency}));
  if (agency.empty()) {
    auto s = core::Suggest(rec.agency, Codes(conn, "SELECT code FROM agencies"));
    problems.Add(prefix + "agency", rec.agency,
                 "ATS/ASL inesistente" + (s ? ": intendevi '" + *s + "'?" : std::string()));
  } else if (!rec.region.empty() && agency[0].Text(0) != rec.region) {
    problems.Add(prefix + "agency", rec.agency,
                 "l'ATS/ASL appartiene alla regione " + agency[0].Text(0) + ", non alla " + rec.region);
  }
  if (!rec.district.empty()) {
    PDZ_ASSIGN(auto d, conn.Query("SELECT agency_code FROM districts WHERE code = ?", {rec.district}));
    if (d.empty())
      problems.Add(prefix + "district", rec.district, "distretto inesistente");
    else if (d[0].Text(0) != rec.agency) {
      problems.Add(prefix + "district", rec.district, "il distretto appartiene all'ATS/ASL '" + d[0].Text(0) + "'");
    }
  }
  for (size_t i = 0; i < rec.comuni.size(); ++i) {
    PDZ_ASSIGN(auto c, conn.Query("SELECT p.region_code FROM comuni c JOIN provinces p ON p.code = c.province_code "
                                  "WHERE c.istat_code = ?",
                                  {rec.comuni[i]}));
    std::string field = prefix + "comuni[" + std::to_string(i) + "]";
    if (c.empty())
      problems.Add(field, rec.comuni[i], "codice ISTAT di comune inesistente");
    else if (!agency.empty() && c[0].Text(0) != agency[0].Text(0)) {
      problems.Add(field, rec.comuni[i], "il comune è nella regione " + c[0].Text(0) + ", non in quella dell'ambito");
    }
  }
  return Ok();
}

Result<void> InsertAmbito(storage::Connection& conn, const io::AmbitoRecord& rec) {
  PDZ_ASSIGN(auto region, conn.Query("SELECT region_code FROM agencies WHERE code = ?", {rec.agency}));
  const auto& u = rec.ufficio_di_piano;
  PDZ_TRY(
      conn.Exec("INSERT INTO ambiti (code, name, region_code, agency_code, district_code, valid_from, capofila_name, "
                "capofila_type, udp_host_body, udp_address, udp_email, udp_phone, udp_pec, udp_head) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                {rec.code, rec.name, region.empty() ? rec.region : region[0].Text(0), rec.agency,
                 rec.district.empty() ? Value{} : Value{rec.district}, rec.valid_from.ToString(), rec.capofila.name,
                 std::string(core::CapofilaTypeCode(rec.capofila.type)), u.host_body, u.address, u.email, u.phone,
                 u.pec, u.head}));
  return Ok();
}

Result<bool> AddMembershipChecked(storage::Connection& conn, const core::Membership& m, const std::string& field,
                                  io::JsonProblems& problems) {
  PDZ_ASSIGN(auto existing, MembershipsOfComune(conn, m.istat_code));
  auto check = core::CheckNoOverlap(existing, m);
  if (!check) {
    for (auto d : check.error().details) {
      problems.Add(field, m.istat_code, d.reason);
    }
    return false;
  }
  PDZ_TRY(conn.Exec("INSERT INTO memberships (istat_code, ambito_code, valid_from, valid_to) VALUES (?, ?, ?, ?)",
                    {m.istat_code, m.ambito_code, m.from.ToString(), m.to ? Value{m.to->ToString()} : Value{}}));
  return true;
}

}  // namespace pdz::app::detail
