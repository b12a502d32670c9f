// The report schedule: the defaults, periodic reports over the plan's period, fixed and relative due
// dates, the order by due date.
#include "core/monitoring/schedule.hpp"

#include <gtest/gtest.h>

namespace pdz::core {
namespace {

Date D(const char* s) { return *Date::Parse(s); }

TEST(MonitoringSchedule, DefaultsOverATriennium) {
  auto s = ScheduleReports(MonitoringRules{}, D("2015-01-01"), D("2017-12-31"));
  ASSERT_EQ(s.size(), 4u);
  EXPECT_EQ(s[0].kind, "previsione");
  EXPECT_EQ(s[0].period_from, D("2015-01-01"));
  EXPECT_EQ(s[0].period_to, D("2017-12-31"));
  EXPECT_EQ(s[0].due, D("2015-04-01"));  // 90 days after the start
  EXPECT_EQ(s[0].source, "predefinito");
  EXPECT_EQ(s[0].title, "Relazione di previsione 2015-2017");
  EXPECT_EQ(s[1].kind, "avanzamento");
  EXPECT_EQ(s[1].period_from, D("2015-01-01"));
  EXPECT_EQ(s[1].period_to, D("2015-12-31"));
  EXPECT_EQ(s[1].due, D("2016-03-30"));  // 90 days after the period's end
  EXPECT_EQ(s[1].title, "Relazione di avanzamento 2015");
  EXPECT_EQ(s[2].kind, "avanzamento");
  EXPECT_EQ(s[2].period_from, D("2016-01-01"));
  EXPECT_EQ(s[2].period_to, D("2016-12-31"));
  EXPECT_EQ(s[2].due, D("2017-03-31"));
  // The third year's period ends with the plan: it is the consuntivo's.
  EXPECT_EQ(s[3].kind, "consuntivo");
  EXPECT_EQ(s[3].period_from, D("2015-01-01"));
  EXPECT_EQ(s[3].period_to, D("2017-12-31"));
  EXPECT_EQ(s[3].due, D("2018-04-30"));  // 120 days after the end
  EXPECT_EQ(s[3].title, "Relazione di consuntivo 2015-2017");
  for (const auto& r : s) EXPECT_NE(r.act.find("predefinito"), std::string::npos);
}

TEST(MonitoringSchedule, RulesetEntriesReplaceTheDefaultsAndAreOrderedByDue) {
  MonitoringRules rules;
  ReportRule fixed{.kind = "consuntivo", .label = "Rendiconto finale", .act = "DGR 1/2020"};
  fixed.due = D("2023-06-30");
  ReportRule semester{.kind = "avanzamento", .label = "Monitoraggio semestrale", .act = "DGR 1/2020"};
  semester.every_months = 6;
  semester.due_after_days = 30;
  ReportRule forecast{.kind = "previsione", .label = "Previsione", .act = "DGR 1/2020"};
  forecast.due = D("2021-03-31");
  rules.reports = {fixed, semester, forecast};
  auto s = ScheduleReports(rules, D("2021-01-01"), D("2022-12-31"));
  // Four semesters; the last ends with the plan: three avanzamento, one previsione, one consuntivo.
  ASSERT_EQ(s.size(), 5u);
  EXPECT_EQ(s[0].kind, "previsione");
  EXPECT_EQ(s[0].due, D("2021-03-31"));
  EXPECT_EQ(s[0].source, "ruleset");
  EXPECT_EQ(s[1].period_from, D("2021-01-01"));
  EXPECT_EQ(s[1].period_to, D("2021-06-30"));
  EXPECT_EQ(s[1].due, D("2021-07-30"));
  EXPECT_EQ(s[1].title, "Monitoraggio semestrale 2021");
  EXPECT_EQ(s[2].period_from, D("2021-07-01"));
  EXPECT_EQ(s[2].period_to, D("2021-12-31"));
  EXPECT_EQ(s[3].period_from, D("2022-01-01"));
  EXPECT_EQ(s[3].period_to, D("2022-06-30"));
  EXPECT_EQ(s[3].due, D("2022-07-30"));
  EXPECT_EQ(s[4].kind, "consuntivo");
  EXPECT_EQ(s[4].due, D("2023-06-30"));
  EXPECT_EQ(s[4].act, "DGR 1/2020");
}

TEST(MonitoringSchedule, PeriodsFromAMidYearStartCrossYears) {
  MonitoringRules rules;
  ReportRule yearly{.kind = "avanzamento", .label = "Relazione di avanzamento", .act = "A"};
  yearly.every_months = 12;
  yearly.due_after_days = 0;
  rules.reports = {yearly};
  auto s = ScheduleReports(rules, D("2020-07-01"), D("2022-06-30"));
  ASSERT_EQ(s.size(), 1u);  // the second year ends with the plan
  EXPECT_EQ(s[0].period_from, D("2020-07-01"));
  EXPECT_EQ(s[0].period_to, D("2021-06-30"));
  EXPECT_EQ(s[0].due, D("2021-06-30"));
  EXPECT_EQ(s[0].title, "Relazione di avanzamento 2020-2021");
}

TEST(MonitoringSchedule, AShortPlanHasNoPeriodicReport) {
  auto s = ScheduleReports(MonitoringRules{}, D("2021-01-01"), D("2021-12-31"));
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].kind, "previsione");
  EXPECT_EQ(s[1].kind, "consuntivo");
}

TEST(MonitoringSchedule, AddMonthsClampsTheDay) {
  EXPECT_EQ(AddMonths(D("2021-01-31"), 1), D("2021-02-28"));
  EXPECT_EQ(AddMonths(D("2020-01-31"), 1), D("2020-02-29"));
  EXPECT_EQ(AddMonths(D("2021-11-15"), 14), D("2023-01-15"));
  EXPECT_EQ(ReportTitle("Relazione", D("2021-01-01"), D("2021-12-31")), "Relazione 2021");
}

}  // namespace
}  // namespace pdz::core
