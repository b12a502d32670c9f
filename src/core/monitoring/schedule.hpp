// The monitoring reports a plan owes the Region (docs/monitoring.md §3, §5.1): the ruleset's
// `monitoring.reports`, or the defaults, laid out over the plan's period with their due dates. Pure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/base/date.hpp"
#include "core/rules/ruleset.hpp"

namespace pdz::core {

/// The defaults when a ruleset sets no reports: previsione 90 days after the plan's start,
/// avanzamento every 12 months (due 90 days after each period's end), consuntivo 120 days after the
/// plan's end.
std::vector<ReportRule> DefaultReportRules();

/// One report expected of a plan.
struct ScheduledReport {
  std::string kind;    // "previsione", "avanzamento", "consuntivo"
  std::string label;   // the rule's label: "Relazione di avanzamento"
  std::string title;   // label and the period's year(s): "Relazione di avanzamento 2016"
  std::string act;     // where the due date comes from
  std::string source;  // "ruleset", or "predefinito" for the defaults
  Date period_from, period_to, due;
};

/// The title a report on [from, to] gets by default: "<label> 2016", "<label> 2015-2017".
std::string ReportTitle(std::string_view label, Date from, Date to);

/// `date` moved by `months` calendar months, the day clamped to the month's last (31 Jan + 1 = 28/29 Feb).
Date AddMonths(Date date, int months);

/// The reports of a plan running [period_from, period_to] under `rules` (its reports, or the
/// defaults when it has none), ordered by due date, then kind (previsione, avanzamento, consuntivo).
/// previsione, consuntivo and any non-periodic rule cover the whole plan; a periodic rule gives one
/// report per period of `every_months` from the plan's start, for the periods that end before the
/// plan's end (the last period is the consuntivo's).
std::vector<ScheduledReport> ScheduleReports(const MonitoringRules& rules, Date period_from, Date period_to);

}  // namespace pdz::core
