// The resource frame: row validation names every field, the stage checks, and totals that add up.
#include "core/money/resources.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace pdz::core {
namespace {

ResourceContext Context() {
  ResourceContext c;
  c.period_from = *Date::Parse("2018-01-01");
  c.period_to = *Date::Parse("2020-12-31");
  c.today = *Date::Parse("2021-06-30");
  c.funds = {"FNPS", "FNA", "COMUNI"};
  c.areas = {"minori", "anziani"};
  c.objectives = {"s1"};
  c.comuni = {"012042"};
  return c;
}

ResourceRow Row() {
  ResourceRow r;
  r.fund = "FNPS";
  r.fund_type = "statale";
  r.year = 2019;
  r.area = "minori";
  r.programmed = 100000;
  r.committed = 80000;
  r.committed_on = Date::Parse("2019-12-31");
  r.paid = 50000;
  r.paid_on = Date::Parse("2020-03-31");
  return r;
}

std::vector<std::string> Fields(const std::vector<ErrorDetail>& problems) {
  std::vector<std::string> out;
  for (const auto& p : problems) out.push_back(p.field);
  return out;
}

}  // namespace

TEST(ResourceRow, AValidRowHasNoProblems) { EXPECT_TRUE(ValidateResourceRow(Row(), Context()).empty()); }

TEST(ResourceRow, NamesEveryBadField) {
  ResourceRow r = Row();
  r.fund = "PON";
  r.fund_type = "boh";
  r.year = 2021;
  r.area = "giovani";
  r.objective = "s9";
  r.management = "singola";
  r.comune = "015146";
  r.programmed = -1;
  auto problems = ValidateResourceRow(r, Context(), "quadro.csv", 7);
  EXPECT_EQ(Fields(problems),
            (std::vector<std::string>{"fund", "fund_type", "year", "area", "objective", "comune", "programmed_cents"}));
  for (const auto& p : problems) {
    EXPECT_EQ(p.file, "quadro.csv");
    EXPECT_EQ(p.row, 7);
    EXPECT_FALSE(p.reason.empty());
  }
}

TEST(ResourceRow, CommittedOverProgrammedNeedsAJustification) {
  ResourceRow r = Row();
  r.committed = 120000;
  EXPECT_EQ(Fields(ValidateResourceRow(r, Context())), (std::vector<std::string>{"committed_cents"}));
  r.justification = "Integrazione assegnata con decreto successivo";
  EXPECT_TRUE(ValidateResourceRow(r, Context()).empty());
}

TEST(ResourceRow, PaidOverCommittedNeedsAJustification) {
  ResourceRow r = Row();
  r.paid = 80001;
  EXPECT_EQ(Fields(ValidateResourceRow(r, Context())), (std::vector<std::string>{"paid_cents"}));
}

TEST(ResourceRow, StagesNeedTheirCutOffDatesNotInTheFuture) {
  ResourceRow r = Row();
  r.committed_on.reset();
  r.paid_on = Date::Parse("2022-01-01");
  EXPECT_EQ(Fields(ValidateResourceRow(r, Context())), (std::vector<std::string>{"committed_on", "paid_on"}));
  r = Row();
  r.paid_on = Date::Parse("2019-06-30");  // paid before committed
  EXPECT_EQ(Fields(ValidateResourceRow(r, Context())), (std::vector<std::string>{"paid_on"}));
}

TEST(ResourceRow, ComuneOnlyForSingleManagement) {
  ResourceRow r = Row();
  r.comune = "012042";
  EXPECT_EQ(Fields(ValidateResourceRow(r, Context())), (std::vector<std::string>{"comune"}));
  r.management = "singola";
  EXPECT_TRUE(ValidateResourceRow(r, Context()).empty());
  r.comune = "";
  EXPECT_EQ(Fields(ValidateResourceRow(r, Context())), (std::vector<std::string>{"comune"}));
}

TEST(ResourceSummary, TotalsByEveryKeyAddUpAndJointShareIsExact) {
  ResourceRow a = Row();
  ResourceRow b = Row();
  b.id = 2;
  b.fund = "COMUNI";
  b.fund_type = "comunale";
  b.year = 2020;
  b.area = "anziani";
  b.management = "singola";
  b.comune = "012042";
  b.programmed = 33333;
  b.committed = 40000;
  b.paid = 0;
  b.paid_on.reset();
  b.justification = "motivo";
  auto s = SummarizeResources({a, b}, *Date::Parse("2018-01-01"), *Date::Parse("2020-12-31"));
  EXPECT_EQ(s.total.programmed, 133333);
  EXPECT_EQ(s.total.committed, 120000);
  EXPECT_EQ(s.total.paid, 50000);
  EXPECT_EQ(s.by_fund["FNPS"].programmed + s.by_fund["COMUNI"].programmed, s.total.programmed);
  EXPECT_EQ(s.by_year[2019].committed + s.by_year[2020].committed, s.total.committed);
  EXPECT_EQ(s.by_area["anziani"].paid, 0);
  ASSERT_TRUE(s.joint_share_bp);
  EXPECT_EQ(*s.joint_share_bp, 7500);  // 100000 / 133333 = 74.9998% -> 7500 bp
  auto has = [&](const std::string& code) {
    return std::any_of(s.checks.begin(), s.checks.end(), [&](const ResourceCheck& c) { return c.code == code; });
  };
  EXPECT_TRUE(has("impegnato_oltre_programmato"));
  EXPECT_TRUE(has("anno_senza_risorse"));  // nothing in 2018
}

TEST(ResourceSummary, AnEmptyFrameIsFlagged) {
  auto s = SummarizeResources({}, *Date::Parse("2018-01-01"), *Date::Parse("2020-12-31"));
  EXPECT_FALSE(s.joint_share_bp);
  ASSERT_EQ(s.checks.size(), 1u);
  EXPECT_EQ(s.checks[0].code, "quadro_vuoto");
}

}  // namespace pdz::core
