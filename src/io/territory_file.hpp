// Territory files: the comuni reference CSV and the territory JSON ("pdz-territory/1").
// Parsing checks shape and formats and reports every problem by file, row or JSON path;
// whether codes exist in the database is checked by the import use case.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/date.hpp"
#include "core/base/error.hpp"
#include "core/territory/territory.hpp"

namespace pdz::io {

/// One row of the comuni reference file (data/reference/comuni.csv).
struct ComuneRecord {
  std::int64_t row = 0;
  std::string istat_code;
  std::string name;
  std::string province_code;
  std::string province_name;
  std::string province_abbr;
  std::string region_code;
  std::string region_name;
  std::int64_t population = 0;
  int population_year = 0;
};

/// Columns:
/// istat_code,name,province_code,province_name,province_abbr,region_code,region_name,population,population_year
Result<std::vector<ComuneRecord>> ParseComuniCsv(std::string_view text, const std::string& file);

struct RegionRecord {
  std::string code;
  std::string name;
};

struct DistrictRecord {
  std::string code;
  std::string name;
};

struct AgencyRecord {
  std::string code;
  std::string name;
  std::string kind;  // ATS, ASL, ASP
  std::string region;
  std::vector<DistrictRecord> districts;
};

struct AmbitoRecord {
  std::string path;  // "ambiti[2]", for errors found later
  std::string code;
  std::string name;
  std::string region;
  std::string agency;
  std::string district;  // empty when none
  Date valid_from;
  core::Capofila capofila;
  core::UfficioDiPiano ufficio_di_piano;
  std::vector<std::string> comuni;  // ISTAT codes
};

struct TerritoryFile {
  std::vector<RegionRecord> regions;
  std::vector<AgencyRecord> agencies;
  std::vector<AmbitoRecord> ambiti;
};

Result<TerritoryFile> ParseTerritoryJson(std::string_view text, const std::string& file);

/// Reads the capofila object {"name","type"} at `path`; appends problems to `errors`.
/// Shared by the territory file and the API's ambito bodies.
struct JsonProblems {
  std::string file;
  std::vector<ErrorDetail> details;
  void Add(const std::string& field, const std::string& value, const std::string& reason) {
    details.push_back(ErrorDetail{.file = file, .field = field, .value = value, .reason = reason});
  }
};

}  // namespace pdz::io
