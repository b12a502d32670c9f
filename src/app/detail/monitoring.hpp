// Helpers shared by the monitoring use cases (monitoring.cpp, monitoring_evidence.cpp,
// monitoring_reports.cpp, plan_prefill.cpp). No other layer includes this.
#pragma once

#include <map>
#include <string>

#include "app/app.hpp"
#include "app/detail/internals.hpp"

namespace pdz::app::detail {

/// The narrative sections of a monitoring report, in the document's order (code, Italian title).
struct ReportSection {
  const char* code;
  const char* title;
};
inline constexpr ReportSection kReportSections[] = {{"sintesi", "Sintesi"},
                                                    {"azioni", "Azioni realizzate"},
                                                    {"indicatori", "Indicatori e risultati"},
                                                    {"criticita", "Criticità"},
                                                    {"prospettive", "Prospettive"}};

/// The plan, when `actor` may write its monitoring (the ambito's editors) and the plan is carried out
/// (from the Region's approval on): 404 for those who may not read it, 403, 409 otherwise (monitoring.cpp).
Result<PlanRow> WritableMonitoredPlan(storage::Connection& conn, const Actor& actor, std::int64_t plan_id);

/// True when the latest revision of the plan has an action with this id (monitoring.cpp).
bool PlanHasAction(const core::Plan& plan, const std::string& action_id);

/// The evidence not removed of every action of a plan, by action id, oldest first, as GetMonitoring
/// shows it; a meeting's title and date only for those who may read the meeting (monitoring_evidence.cpp).
Result<std::map<std::string, json>> EvidenceByAction(storage::Connection& conn, const Actor& actor,
                                                     const PlanRow& plan);

}  // namespace pdz::app::detail
