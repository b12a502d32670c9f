// Plan rules and revision comparison.
#include "core/plan/plan.hpp"

#include <gtest/gtest.h>

#include <set>

#include "io/plan_file.hpp"
#include "support/test_db.hpp"

namespace pdz::core {
namespace {

Plan SeedPlan() {
  auto plan = io::ParsePlanJson(testing::ReadSourceFile("data/demo/plan-medio-olona-2015-2017.json"), "seed");
  PDZ_ASSERT(plan.has_value(), "seed plan does not parse");
  return std::move(plan).value();
}

std::vector<std::string> Fields(const Error& e) {
  std::vector<std::string> out;
  for (const auto& d : e.details) out.push_back(d.field);
  return out;
}

}  // namespace

TEST(Plan, TheSeedPlanHasItsNineObjectives) {
  Plan plan = SeedPlan();
  ASSERT_EQ(plan.objectives.size(), 9u);
  size_t rows = 0;
  for (const auto& g : plan.objectives) rows += g.specific.size();
  EXPECT_EQ(rows, 13u);
  EXPECT_TRUE(ValidatePlan(plan, {}));
  EXPECT_EQ(plan.objectives[0].specific[0].timing.kind, TimingKind::kRecurrence);
}

TEST(Plan, ValidationNamesThePath) {
  Plan plan = SeedPlan();
  auto& row = plan.objectives[3].specific[0];
  row.indicators.push_back({.name = "Accessi",
                            .unit = "n.",
                            .baseline = {10, "", Date::Parse("2016-01-01")},
                            .target = {20, "", Date::Parse("2015-06-01")}});
  row.resources.financial.push_back({"FNA", -100, "FNA", {2016}});
  row.resources.financial.push_back({"Fondo ignoto", 100, "XYZ", {2030}});
  row.areas = {"astronomia"};
  PlanCatalogue catalogue{{"FNA", "FNPS"}, {"anziani", "minori"}, {}};
  auto r = ValidatePlan(plan, catalogue);
  ASSERT_FALSE(r);
  EXPECT_EQ(Fields(r.error()),
            (std::vector<std::string>{"objectives[3].specific[0].areas[0]",
                                      "objectives[3].specific[0].indicators[1].target.date",
                                      "objectives[3].specific[0].resources.financial[1].amount_cents",
                                      "objectives[3].specific[0].resources.financial[2].fund",
                                      "objectives[3].specific[0].resources.financial[2].years[0]"}));
}

TEST(Plan, IdsAreAssignedOnceAndKept) {
  Plan plan = SeedPlan();
  AssignIds(plan);
  EXPECT_EQ(plan.objectives[0].id, "g1");
  EXPECT_EQ(plan.objectives[8].specific[0].id, "s13");
  plan.objectives.insert(plan.objectives.begin(), GeneralObjective{"", "Nuovo obiettivo", {}, {}, {}});
  AssignIds(plan);
  EXPECT_EQ(plan.objectives[0].id, "g10");
  EXPECT_EQ(plan.objectives[1].id, "g1");
}

TEST(Plan, ActionsAndIndicatorsGetStableIdsThatAnEditKeeps) {
  Plan plan = SeedPlan();  // parsing gives the ids: the seed file has none
  std::set<std::string> ids;
  size_t n = 0;
  for (const auto& g : plan.objectives)
    for (const auto& s : g.specific) {
      for (const auto& a : s.actions) ids.insert(a.id), ++n;
      for (const auto& i : s.indicators) ids.insert(i.id), ++n;
    }
  EXPECT_EQ(ids.size(), n);
  EXPECT_EQ(plan.objectives[0].specific[0].actions[0].id, "a1");
  EXPECT_EQ(plan.objectives[0].specific[0].indicators[0].id, "i1");
  // Parsing the same file again gives the same ids; a new action gets the next number.
  EXPECT_EQ(SeedPlan().objectives[4].specific[0].actions, plan.objectives[4].specific[0].actions);
  size_t actions = 0;
  for (const auto& g : plan.objectives)
    for (const auto& s : g.specific) actions += s.actions.size();
  plan.objectives[0].specific[0].actions.insert(plan.objectives[0].specific[0].actions.begin(),
                                                Action{.text = "Nuova"});
  AssignIds(plan);
  EXPECT_EQ(plan.objectives[0].specific[0].actions[0].id, "a" + std::to_string(actions + 1));
  EXPECT_EQ(plan.objectives[0].specific[0].actions[1].id, "a1");
  // Duplicated ids and negative weights are refused by path.
  plan.objectives[1].specific[0].actions[0].id = "a1";
  plan.objectives[1].specific[0].indicators[0].weight = -1;
  auto r = ValidatePlan(plan, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(Fields(r.error()), (std::vector<std::string>{"objectives[1].specific[0].actions[0].id",
                                                         "objectives[1].specific[0].indicators[0].weight"}));
}

TEST(Plan, DiffShowsAddedRemovedChangedAndMovedRows) {
  Plan before = SeedPlan();
  AssignIds(before);
  Plan after = before;
  after.sections[0].body += "\nAggiunta.";
  after.objectives[1].specific[0].tools.push_back("Nuovo strumento");
  std::swap(after.objectives[1].specific[1], after.objectives[1].specific[2]);
  after.objectives[8].specific.clear();
  after.objectives.push_back(GeneralObjective{"", "Decimo obiettivo", {}, {}, {}});
  auto changes = DiffPlans(before, after);
  auto has = [&](const std::string& kind, const std::string& what, const std::string& path) {
    return std::any_of(changes.begin(), changes.end(),
                       [&](const PlanChange& c) { return c.kind == kind && c.what == what && c.path == path; });
  };
  EXPECT_TRUE(has("changed", "section", "sections[0]"));
  EXPECT_TRUE(has("changed", "specific_objective", "objectives[1].specific[0]"));
  EXPECT_TRUE(has("moved", "specific_objective", "objectives[1].specific[1]"));
  EXPECT_TRUE(has("removed", "specific_objective", "objectives[8].specific[0]"));
  EXPECT_TRUE(has("added", "objective", "objectives[9]"));
  EXPECT_TRUE(DiffPlans(before, before).empty());
}

TEST(Plan, FileErrorsCarryLineAndPath) {
  std::string text =
      "{\"format\": \"pdz-plan/1\", \"title\": \"P\",\n"
      " \"period\": {\"from\": \"2018-01-01\", \"to\": \"2020-12-31\"},\n"
      " \"objectives\": [{\"title\": \"G\", \"specific\": [{\"title\": \"S\",\n"
      "   \"indicators\": [{\"name\": \"I\", \"target\": {\"value\": \"molti\"}}],\n"
      "   \"timing\": {\"kind\": \"sometimes\"}}]}]}\n";
  auto r = io::ParsePlanJson(text, "p.json");
  ASSERT_FALSE(r);
  ASSERT_EQ(r.error().details.size(), 2u);
  EXPECT_EQ(r.error().details[0].field, "objectives[0].specific[0].indicators[0].target.value");
  EXPECT_EQ(r.error().details[0].row, 4);
  EXPECT_EQ(r.error().details[1].field, "objectives[0].specific[0].timing.kind");
  EXPECT_EQ(r.error().details[1].row, 5);
}

TEST(Plan, WritingAndReadingBackIsLossless) {
  Plan plan = SeedPlan();
  AssignIds(plan);
  auto again = io::ReadPlan(io::PlanToJson(plan), "x");
  ASSERT_TRUE(again);
  EXPECT_TRUE(DiffPlans(plan, *again).empty());
  EXPECT_EQ(io::PlanToJson(plan), io::PlanToJson(*again));
}

}  // namespace pdz::core
