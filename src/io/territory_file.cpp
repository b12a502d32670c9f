// Parsing of the comuni reference CSV and of territory JSON files.
#include "io/territory_file.hpp"

#include <nlohmann/json.hpp>
#include <set>

#include "core/base/text.hpp"
#include "io/csv.hpp"
#include "io/json_fields.hpp"
#include "io/json_lines.hpp"

namespace pdz::io {

using nlohmann::json;

Result<std::vector<ComuneRecord>> ParseComuniCsv(std::string_view text, const std::string& file) {
  PDZ_ASSIGN(CsvTable table, ParseCsv(text, file));
  static const std::vector<std::string> kColumns = {"istat_code",    "name",          "province_code",
                                                    "province_name", "province_abbr", "region_code",
                                                    "region_name",   "population",    "population_year"};
  std::vector<size_t> idx;
  std::vector<ErrorDetail> errors;
  for (const auto& c : kColumns) {
    auto i = table.Column(c);
    if (!i) errors.push_back({.file = file, .row = 1, .field = c, .reason = "colonna obbligatoria mancante"});
    idx.push_back(i.value_or(0));
  }
  if (!errors.empty()) {
    return MakeError(ErrorCode::kValidationFailed, "Intestazione del file " + file + " incompleta.", std::move(errors));
  }
  std::vector<ComuneRecord> out;
  std::set<std::string> seen;
  for (const auto& r : table.rows) {
    auto f = [&](size_t k) { return r.fields[idx[k]]; };
    auto bad = [&](size_t k, const std::string& reason) {
      errors.push_back({.file = file, .row = r.line, .field = kColumns[k], .value = f(k), .reason = reason});
    };
    ComuneRecord c;
    c.row = r.line;
    c.istat_code = f(0);
    c.name = f(1);
    c.province_code = f(2);
    c.province_name = f(3);
    c.province_abbr = f(4);
    c.region_code = f(5);
    c.region_name = f(6);
    if (!core::IsIstatComuneCode(c.istat_code))
      bad(0, "atteso un codice ISTAT di 6 cifre, ad es. 015182");
    else if (!seen.insert(c.istat_code).second)
      bad(0, "codice ripetuto nel file");
    if (c.name.empty()) bad(1, "il nome è obbligatorio");
    if (c.province_code.size() != 3) bad(2, "atteso un codice di provincia di 3 cifre, ad es. 015");
    if (c.province_name.empty()) bad(3, "il nome della provincia è obbligatorio");
    if (c.region_code.size() != 2) bad(5, "atteso un codice di regione di 2 cifre, ad es. 03");
    if (c.region_name.empty()) bad(6, "il nome della regione è obbligatorio");
    auto pop = ParseInteger(f(7));
    if (!pop || *pop < 0)
      bad(7, "attesa una popolazione intera non negativa");
    else
      c.population = *pop;
    auto year = ParseInteger(f(8));
    if (!year || *year < 1861 || *year > 2100)
      bad(8, "atteso un anno tra 1861 e 2100");
    else
      c.population_year = static_cast<int>(*year);
    out.push_back(std::move(c));
  }
  if (!errors.empty()) {
    std::string msg =
        "Il file " + file + " contiene " + ErrorsCount(errors.size()) + ": nessuna riga è stata importata.";
    return MakeError(ErrorCode::kValidationFailed, msg, std::move(errors));
  }
  return out;
}

AmbitoRecord ReadAmbito(const json& m, const std::string& path, JsonFields& in, bool with_region) {
  AmbitoRecord rec;
  rec.path = path;
  if (!m.is_object()) {
    in.problems.Add(path, ShownValue(m), "atteso un oggetto");
    return rec;
  }
  const std::string prefix = path.empty() ? "" : path + ".";
  rec.code = in.Code(m, "code", prefix + "code");
  rec.name = in.String(m, "name", prefix + "name", true);
  if (with_region) rec.region = in.String(m, "region", prefix + "region", true);
  rec.agency = in.String(m, "agency", prefix + "agency", true);
  rec.district = in.String(m, "district", prefix + "district", false);
  rec.valid_from = in.DateField(m, "valid_from", prefix + "valid_from", true).value_or(Date());
  rec.capofila = in.CapofilaField(m, "capofila", prefix + "capofila");
  rec.ufficio_di_piano = in.UdpField(m, "ufficio_di_piano", prefix + "ufficio_di_piano");
  std::set<std::string> seen;
  for (auto& [c, cpath] : in.Array(m, "comuni", prefix + "comuni")) {
    if (!c.is_string() || !core::IsIstatComuneCode(c.get<std::string>())) {
      in.problems.Add(cpath, ShownValue(c), "atteso un codice ISTAT di 6 cifre tra virgolette, ad es. \"015182\"");
      continue;
    }
    if (!seen.insert(c.get<std::string>()).second) {
      in.problems.Add(cpath, c.get<std::string>(), "comune ripetuto nello stesso ambito");
    }
    rec.comuni.push_back(c.get<std::string>());
  }
  return rec;
}

Result<TerritoryFile> ParseTerritoryJson(std::string_view text, const std::string& file) {
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded()) {
    return MakeError(ErrorCode::kInvalidJson, "Il file " + file + " non è un JSON valido.", {{.file = file}});
  }
  JsonFields in(file);
  TerritoryFile out;
  if (!doc.is_object()) {
    in.problems.Add("", "", "atteso un oggetto JSON");
  } else {
    std::string format = in.String(doc, "format", "format", true);
    if (!format.empty() && format != "pdz-territory/1") {
      in.problems.Add("format", format, "formato non riconosciuto: atteso 'pdz-territory/1'");
    }
    for (auto& [r, path] : in.Array(doc, "regions", "regions")) {
      RegionRecord rec{in.Code(r, "code", path + ".code"), in.String(r, "name", path + ".name", true)};
      out.regions.push_back(rec);
    }
    for (auto& [a, path] : in.Array(doc, "agencies", "agencies")) {
      AgencyRecord rec;
      rec.code = in.Code(a, "code", path + ".code");
      rec.name = in.String(a, "name", path + ".name", true);
      rec.kind = in.String(a, "kind", path + ".kind", true);
      if (!rec.kind.empty() && rec.kind != "ATS" && rec.kind != "ASL" && rec.kind != "ASP") {
        in.problems.Add(path + ".kind", rec.kind, "atteso ATS, ASL o ASP");
      }
      rec.region = in.String(a, "region", path + ".region", true);
      if (a.is_object() && a.contains("districts")) {
        for (auto& [d, dpath] : in.Array(a, "districts", path + ".districts")) {
          rec.districts.push_back({in.Code(d, "code", dpath + ".code"), in.String(d, "name", dpath + ".name", true)});
        }
      }
      out.agencies.push_back(std::move(rec));
    }
    for (auto& [m, path] : in.Array(doc, "ambiti", "ambiti")) {
      out.ambiti.push_back(ReadAmbito(m, path, in, true));
    }
  }
  if (!in.problems.details.empty()) {
    JsonLines(text).Annotate(in.problems.details);
    std::string message =
        "Il file " + file + " contiene " + ErrorsCount(in.problems.details.size()) + ": nulla è stato importato.";
    return MakeError(ErrorCode::kValidationFailed, message, std::move(in.problems.details));
  }
  return out;
}

}  // namespace pdz::io
