// The monitoring reports a plan owes, with their periods and due dates.
#include "core/monitoring/schedule.hpp"

#include <algorithm>

namespace pdz::core {
namespace {

int KindOrder(const std::string& kind) {
  if (kind == "previsione") return 0;
  if (kind == "avanzamento") return 1;
  if (kind == "consuntivo") return 2;
  return 3;
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

}  // namespace

std::vector<ReportRule> DefaultReportRules() {
  const std::string act = "predefinito (le linee guida non fissano le scadenze delle relazioni)";
  ReportRule previsione{.kind = "previsione", .label = "Relazione di previsione", .act = act};
  previsione.due_after_start_days = 90;
  ReportRule avanzamento{.kind = "avanzamento", .label = "Relazione di avanzamento", .act = act};
  avanzamento.every_months = 12;
  avanzamento.due_after_days = 90;
  ReportRule consuntivo{.kind = "consuntivo", .label = "Relazione di consuntivo", .act = act};
  consuntivo.due_after_period_days = 120;
  return {previsione, avanzamento, consuntivo};
}

std::string ReportTitle(std::string_view label, Date from, Date to) {
  std::string title = std::string(label) + " " + std::to_string(from.year());
  if (to.year() != from.year()) title += "-" + std::to_string(to.year());
  return title;
}

Date AddMonths(Date date, int months) {
  int index = date.year() * 12 + (date.month() - 1) + months;
  int y = index / 12, m = index % 12 + 1;
  return *Date::FromYmd(y, m, std::min(date.day(), DaysInMonth(y, m)));
}

std::vector<ScheduledReport> ScheduleReports(const MonitoringRules& rules, Date period_from, Date period_to) {
  bool defaults = rules.reports.empty();
  std::vector<ReportRule> list = defaults ? DefaultReportRules() : rules.reports;
  std::string source = defaults ? "predefinito" : "ruleset";
  std::vector<ScheduledReport> out;
  auto whole = [&](const ReportRule& r, Date due) {
    out.push_back(
        {r.kind, r.label, ReportTitle(r.label, period_from, period_to), r.act, source, period_from, period_to, due});
  };
  for (const auto& r : list) {
    if (r.every_months && *r.every_months > 0) {
      for (int k = 0;; ++k) {
        Date from = AddMonths(period_from, k * *r.every_months);
        Date to = AddMonths(period_from, (k + 1) * *r.every_months).AddDays(-1);
        if (from > period_to || to >= period_to) break;  // the last period is the consuntivo's
        out.push_back({r.kind, r.label, ReportTitle(r.label, from, to), r.act, source, from, to,
                       to.AddDays(r.due_after_days.value_or(0))});
      }
    } else if (r.due) {
      whole(r, *r.due);
    } else if (r.due_after_start_days) {
      whole(r, period_from.AddDays(*r.due_after_start_days));
    } else if (r.due_after_period_days) {
      whole(r, period_to.AddDays(*r.due_after_period_days));
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const ScheduledReport& a, const ScheduledReport& b) {
    if (a.due != b.due) return a.due < b.due;
    return KindOrder(a.kind) < KindOrder(b.kind);
  });
  return out;
}

}  // namespace pdz::core
