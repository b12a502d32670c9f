// The indicator engine: measures (sums, counts, distinct beneficiaries, population) computed from the
// stored flow blocks for every comune, ambito, ATS/ASL, Region and Italy and every year, and the
// catalogue's indicators evaluated on them. One YearCube per data year: an import rebuilds only the
// years it touched, so values are current when the import commits.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/base/error.hpp"
#include "knowledge/flows.hpp"

namespace pdz::knowledge {

enum class Level { kComune = 0, kAmbito = 1, kAgency = 2, kRegion = 3, kItaly = 4 };
inline constexpr int kLevels = 5;
std::string_view LevelName(Level l);
std::optional<Level> ParseLevel(std::string_view s);

/// The territory as the engine sees it. An ambito's values always come from its comuni (its latest
/// composition), so merged ambiti have a comparable history.
struct Geo {
  struct Comune {
    int istat = 0;
    std::string name;
    int region = -1;
    int agency = -1;              // through its current ambito; -1 when in none
    std::int64_t population = 0;  // reference population (census), used when no population flow
    std::vector<int> ambiti;
  };
  struct Ambito {
    std::string code, name;
    int region = -1, agency = -1;
    bool open = true;
    std::vector<int> comuni;
  };
  struct Node {
    std::string code, name;
    int region = -1;
  };
  std::vector<Comune> comuni;
  std::vector<Ambito> ambiti;
  std::vector<Node> agencies;
  std::vector<Node> regions;
  std::unordered_map<int, int> comune_by_istat;
  std::unordered_map<std::string, int> ambito_by_code, agency_by_code, region_by_code;

  void Index();
  size_t Count(Level l) const;
  std::optional<int> Find(Level l, std::string_view code) const;
  std::string Code(Level l, int i) const;
  std::string Name(Level l, int i) const;
};

/// What a measure adds up. Amounts are in euro.
struct MeasureDef {
  std::string flow;    // "" for population and comuni counts
  std::string op;      // sum, count, distinct, population, covered, comuni
  std::string column;  // sum, distinct
  std::vector<std::pair<std::string, std::vector<std::string>>> where;  // column -> allowed values
  std::string by;                                                       // breakdown column ("" = none)
  std::string Key() const;
};

/// The values of one measure in one year: per level, per entity and category (0 = total, 1.. = the
/// breakdown list's codes in order), with a flag for "some data exists".
struct MeasureValues {
  int categories = 1;
  std::vector<std::vector<double>> values;         // [level][entity * categories + category]
  std::vector<std::vector<std::uint8_t>> present;  // same shape
  std::optional<double> Get(Level l, int entity, int category) const;
};

struct YearCube {
  int year = 0;
  std::unordered_map<std::string, MeasureValues> measures;  // by MeasureDef::Key()
  std::int64_t rows_read = 0;
};

/// Where blocks come from: calls `each` with every current block of `flow` for `year`.
using BlockSource = std::function<Result<void>(const std::string& flow, int year,
                                               const std::function<Result<void>(std::string_view)>& each)>;

/// The comuni (ISTAT numbers) a flow's current submissions cover in a year: every comune of each
/// submitting body, with rows or not (a body declares its comuni's data, zero included).
using CoverageSource = std::function<Result<std::vector<int>>(const std::string& flow, int year)>;

/// Computes the measures for one year from the blocks. A population measure naming a flow counts only
/// the comuni that flow covers (so a Region's rate is not diluted by comuni that have not reported).
Result<std::shared_ptr<const YearCube>> ComputeYear(const Geo& geo, const CodeLists& lists,
                                                    const std::vector<MeasureDef>& measures, int year,
                                                    const BlockSource& source, const CoverageSource& coverage);

/// The categories of a breakdown column: its code list's codes, or the flow column's choices.
std::vector<std::pair<std::string, std::string>> Categories(const CodeLists& lists, const std::string& flow,
                                                            const std::string& column);

}  // namespace pdz::knowledge
