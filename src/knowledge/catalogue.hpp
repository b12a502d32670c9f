// The indicator catalogue ("pdz-indicators/1"): indicators as data (numerator and denominator
// measures with filters, breakdown, factor, unit, decimals, polarity, suppression, comparison),
// and their evaluation on the computed measures.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/base/error.hpp"
#include "knowledge/benchmark.hpp"
#include "knowledge/cube.hpp"

namespace pdz::knowledge {

struct IndicatorDef {
  std::string id, name, description;
  std::string kind = "ratio";  // ratio | cv (coefficient of variation across an entity's comuni of `of`)
  std::string of;              // cv: the indicator whose comune values vary
  MeasureDef numerator, denominator;
  std::string by;  // breakdown column (the numerator's)
  double factor = 1;
  std::string unit;
  int decimals = 1;
  Polarity polarity = Polarity::kNone;
  CompareMethod compare = CompareMethod::kNone;
  int suppress_below = 0;                      // numerator counts in [1, suppress_below) are hidden from non-owners
  bool count_numerator = false;                // the numerator is a count of people or units (suppression applies)
  std::string numerator_key, denominator_key;  // MeasureDef::Key(), computed once
};

struct Catalogue {
  std::vector<IndicatorDef> indicators;
  const IndicatorDef* Find(std::string_view id) const;
  /// Every distinct measure the indicators need.
  std::vector<MeasureDef> Measures() const;
};

/// Parses the catalogue JSON; errors name the file and the JSON path.
Result<Catalogue> ParseCatalogue(std::string_view text, const std::string& file);

/// The computed years, shared read-only by requests.
struct IndicatorDef;

struct Snapshot {
  std::shared_ptr<const Geo> geo;
  std::shared_ptr<const Catalogue> catalogue;
  std::shared_ptr<const CodeLists> lists;
  std::map<int, std::shared_ptr<const YearCube>> years;
  std::int64_t generation = 0;

  /// An indicator's value for every entity of a level (one category, one year), computed on first
  /// use and kept with the snapshot: benchmarks against siblings read it instead of recomputing.
  std::shared_ptr<const std::vector<std::optional<double>>> LevelValues(const IndicatorDef& ind, Level level,
                                                                        int category, int year) const;

 private:
  mutable std::mutex cache_mutex_;
  mutable std::unordered_map<std::string, std::shared_ptr<const std::vector<std::optional<double>>>> cache_;
};

struct IndicatorValue {
  std::optional<double> value, numerator, denominator;
};

/// The indicator for one entity, category (0 = total) and year; no value when data is missing or the
/// denominator is zero.
IndicatorValue Evaluate(const Snapshot& s, const IndicatorDef& ind, Level level, int entity, int category, int year);

/// The comuni of an entity (for cv and drill-down).
std::vector<int> ComuniOf(const Geo& geo, Level level, int entity);

}  // namespace pdz::knowledge
