// Imports of territory files: all-or-nothing, every problem reported with file, row or JSON path.
#include "app/app.hpp"
#include "app/detail/internals.hpp"
#include "app/detail/territory_write.hpp"
#include "core/base/text.hpp"
#include "io/json_fields.hpp"
#include "io/json_lines.hpp"
#include "io/territory_file.hpp"

namespace pdz::app {

using storage::Value;

namespace {

Result<void> RequireRegionAdmin(const Actor& actor, const std::string& region) {
  return detail::Require(actor, core::Permission::kManageTerritory, core::Place{region, "", "", {}});
}

}  // namespace

Result<json> App::ImportComuniCsv(const Actor& actor, const std::string& text, const std::string& file) {
  if (!actor.system) {
    return MakeError(ErrorCode::kForbidden, "I dati di riferimento dei comuni si caricano solo da riga di comando.");
  }
  PDZ_ASSIGN(auto records, io::ParseComuniCsv(text, file));
  PDZ_ASSIGN(auto conn, db_.Connect());
  return InTransaction(*conn, [&]() -> Result<json> {
    std::int64_t regions = 0, provinces = 0, comuni = 0;
    std::string last_region, last_province;
    for (const auto& c : records) {
      if (c.region_code != last_region) {
        PDZ_ASSIGN(auto n, conn->Exec("INSERT INTO regions (code, name) VALUES (?, ?) "
                                      "ON CONFLICT (code) DO UPDATE SET name = excluded.name",
                                      {c.region_code, c.region_name}));
        regions += n;
        last_region = c.region_code;
      }
      if (c.province_code != last_province) {
        PDZ_ASSIGN(auto n, conn->Exec("INSERT INTO provinces (code, name, abbr, region_code) VALUES (?, ?, ?, ?) "
                                      "ON CONFLICT (code) DO UPDATE SET name = excluded.name, abbr = excluded.abbr, "
                                      "region_code = excluded.region_code",
                                      {c.province_code, c.province_name, c.province_abbr, c.region_code}));
        provinces += n;
        last_province = c.province_code;
      }
      PDZ_TRY(conn->Exec(
          "INSERT INTO comuni (istat_code, name, province_code) VALUES (?, ?, ?) "
          "ON CONFLICT (istat_code) DO UPDATE SET name = excluded.name, province_code = excluded.province_code",
          {c.istat_code, c.name, c.province_code}));
      PDZ_TRY(
          conn->Exec("INSERT INTO populations (istat_code, year, value) VALUES (?, ?, ?) "
                     "ON CONFLICT (istat_code, year) DO UPDATE SET value = excluded.value",
                     {c.istat_code, std::int64_t{c.population_year}, c.population}));
      ++comuni;
    }
    json counts = {{"comuni", comuni}, {"file", file}};
    PDZ_TRY(detail::Audit(*conn, clock_, actor, "import", "territory", file, "", nullptr, counts));
    return json{{"imported", counts}};
  });
}

Result<json> App::ImportTerritoryJson(const Actor& actor, const std::string& text, const std::string& file) {
  if (!actor.system) {
    if (actor.anonymous()) {
      return MakeError(ErrorCode::kUnauthenticated,
                       "Per questa operazione occorre accedere con le proprie credenziali.");
    }
    if (!detail::HoldsRole(actor, core::Role::kRegionAdmin)) {
      return MakeError(ErrorCode::kForbidden, "Solo un amministratore regionale importa il territorio.");
    }
  }
  PDZ_ASSIGN(io::TerritoryFile tf, io::ParseTerritoryJson(text, file));
  io::JsonFields in(file);
  PDZ_ASSIGN(auto conn, db_.Connect());
  return InTransaction(*conn, [&]() -> Result<json> {
    std::int64_t regions = 0, agencies = 0, districts = 0, ambiti = 0, memberships = 0;
    for (size_t i = 0; i < tf.regions.size(); ++i) {
      const auto& r = tf.regions[i];
      PDZ_TRY(RequireRegionAdmin(actor, r.code));
      PDZ_ASSIGN(auto n, conn->Exec("INSERT INTO regions (code, name) VALUES (?, ?) "
                                    "ON CONFLICT (code) DO UPDATE SET name = excluded.name",
                                    {r.code, r.name}));
      regions += n;
    }
    for (size_t i = 0; i < tf.agencies.size(); ++i) {
      const auto& a = tf.agencies[i];
      std::string path = "agencies[" + std::to_string(i) + "]";
      PDZ_ASSIGN(auto region, conn->Query("SELECT 1 FROM regions WHERE code = ?", {a.region}));
      if (region.empty()) {
        in.problems.Add(path + ".region", a.region, "regione inesistente");
        continue;
      }
      PDZ_TRY(RequireRegionAdmin(actor, a.region));
      PDZ_TRY(
          conn->Exec("INSERT INTO agencies (code, name, kind, region_code) VALUES (?, ?, ?, ?) "
                     "ON CONFLICT (code) DO UPDATE SET name = excluded.name, kind = excluded.kind",
                     {a.code, a.name, a.kind, a.region}));
      ++agencies;
      for (const auto& d : a.districts) {
        PDZ_TRY(
            conn->Exec("INSERT INTO districts (code, name, agency_code) VALUES (?, ?, ?) "
                       "ON CONFLICT (code) DO UPDATE SET name = excluded.name, agency_code = excluded.agency_code",
                       {d.code, d.name, a.code}));
        ++districts;
      }
    }
    for (const auto& rec : tf.ambiti) {
      size_t before = in.problems.details.size();
      PDZ_TRY(detail::CheckAmbitoReferences(*conn, rec, in.problems));
      if (in.problems.details.size() != before) {
        // The ambito cannot be written; still report which of its comuni would overlap.
        for (size_t i = 0; i < rec.comuni.size(); ++i) {
          PDZ_ASSIGN(auto existing, detail::MembershipsOfComune(*conn, rec.comuni[i]));
          auto check = core::CheckNoOverlap(existing, {rec.comuni[i], rec.code, rec.valid_from, std::nullopt});
          if (!check) {
            in.problems.Add(rec.path + ".comuni[" + std::to_string(i) + "]", rec.comuni[i],
                            check.error().details.at(0).reason);
          }
        }
        continue;
      }
      PDZ_TRY(RequireRegionAdmin(actor, rec.region));
      PDZ_ASSIGN(auto existing, conn->Query("SELECT 1 FROM ambiti WHERE code = ?", {rec.code}));
      if (existing.empty()) {
        PDZ_TRY(detail::InsertAmbito(*conn, rec));
        ++ambiti;
      } else {
        const auto& u = rec.ufficio_di_piano;
        PDZ_TRY(
            conn->Exec("UPDATE ambiti SET name = ?, capofila_name = ?, capofila_type = ?, udp_host_body = ?, "
                       "udp_address = ?, udp_email = ?, udp_phone = ?, udp_pec = ?, udp_head = ?, "
                       "version = version + 1 WHERE code = ?",
                       {rec.name, rec.capofila.name, std::string(core::CapofilaTypeCode(rec.capofila.type)),
                        u.host_body, u.address, u.email, u.phone, u.pec, u.head, rec.code}));
      }
      for (size_t i = 0; i < rec.comuni.size(); ++i) {
        PDZ_ASSIGN(auto same,
                   conn->Query("SELECT 1 FROM memberships WHERE istat_code = ? AND ambito_code = ? AND "
                               "valid_from <= ? AND (valid_to IS NULL OR valid_to >= ?)",
                               {rec.comuni[i], rec.code, rec.valid_from.ToString(), rec.valid_from.ToString()}));
        if (!same.empty()) continue;  // already there: importing twice changes nothing
        core::Membership m{rec.comuni[i], rec.code, rec.valid_from, std::nullopt};
        PDZ_ASSIGN(bool added, detail::AddMembershipChecked(*conn, m, rec.path + ".comuni[" + std::to_string(i) + "]",
                                                            in.problems));
        memberships += added ? 1 : 0;
      }
    }
    if (!in.ok()) {
      io::JsonLines(text).Annotate(in.problems.details);
      return MakeError(
          ErrorCode::kValidationFailed,
          "Il file " + file + " contiene " + ErrorsCount(in.problems.details.size()) + ": nulla è stato importato.",
          in.problems.details);
    }
    json counts = {{"regions", regions},
                   {"agencies", agencies},
                   {"districts", districts},
                   {"ambiti", ambiti},
                   {"memberships", memberships}};
    PDZ_TRY(detail::Audit(*conn, clock_, actor, "import", "territory", file, "", nullptr, counts));
    return json{{"imported", counts}};
  });
}

}  // namespace pdz::app
