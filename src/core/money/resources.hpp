// The plan's resource frame (quadro unitario delle risorse): one row per fund, year and destination,
// with the amounts programmed, committed (impegnato) and paid (liquidato), each with its cut-off date.
// Validation of a row, and the totals and checks of the whole frame.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/date.hpp"
#include "core/base/error.hpp"
#include "core/money/money.hpp"

namespace pdz::core {

/// The kinds of source a fund row can have.
const std::vector<std::string>& FundTypes();
/// Italian label of a fund type ("statale" -> "Statale").
std::string_view FundTypeLabel(std::string_view type);

struct ResourceRow {
  std::int64_t id = 0;  // 0 before it is stored
  std::string fund;     // a code of the ruleset's funds catalogue
  std::string fund_type;
  int year = 0;
  std::string area;       // a thematic area of the ruleset
  std::string objective;  // a specific objective of the plan (its id), or empty when the row funds the area
  std::string management = "associata";  // associata (by the ambito) or singola (by one comune)
  std::string comune;                    // ISTAT code, for singola
  Cents programmed = 0;
  Cents committed = 0;
  Cents paid = 0;
  std::optional<Date> committed_on;  // cut-off date of the committed amount
  std::optional<Date> paid_on;       // cut-off date of the paid amount
  std::string justification;         // why committed > programmed or paid > committed
  std::string note;
};

/// What a row may refer to: the plan's period, the ruleset's catalogue, the plan's objectives and the
/// ambito's comuni. An empty set means "not checked" (e.g. a plan without a ruleset has no catalogue).
struct ResourceContext {
  Date period_from;
  Date period_to;
  Date today;
  std::set<std::string> funds;
  std::set<std::string> areas;
  std::set<std::string> objectives;
  std::set<std::string> comuni;
};

/// Every problem of `row`, each naming its field (and carrying `file`/`line` when given).
std::vector<ErrorDetail> ValidateResourceRow(const ResourceRow& row, const ResourceContext& context,
                                             const std::string& file = {}, std::int64_t line = 0);

struct StageTotals {
  Cents programmed = 0;
  Cents committed = 0;
  Cents paid = 0;
  void Add(const ResourceRow& row);
};

struct ResourceCheck {
  std::int64_t row_id = 0;  // 0 for checks of the whole frame
  std::string level;        // "warning" or "error"
  std::string code;
  std::string message;  // Italian
};

struct ResourceSummary {
  StageTotals total;
  std::map<std::string, StageTotals> by_fund;
  std::map<std::string, StageTotals> by_fund_type;
  std::map<int, StageTotals> by_year;
  std::map<std::string, StageTotals> by_area;
  std::map<std::string, StageTotals> by_management;
  /// Programmed amount managed jointly (associata) over the total programmed, in basis points;
  /// nullopt when nothing is programmed.
  std::optional<int> joint_share_bp;
  std::vector<ResourceCheck> checks;
};

ResourceSummary SummarizeResources(const std::vector<ResourceRow>& rows, Date period_from, Date period_to);

}  // namespace pdz::core
