// Plan use cases: visibility of drafts, who writes, revisions, conflicts, copies.
#include <gtest/gtest.h>

#include "support/test_db.hpp"

namespace pdz::app {
namespace {

using testing::TestApp;

std::int64_t DemoPlanId(TestApp& t) {
  auto list = t.app->ListPlans(Actor::Anonymous(), "medio-olona");
  PDZ_ASSERT(list.has_value() && !(*list)["items"].empty(), "demo plan missing");
  return (*list)["items"][0]["id"].get<std::int64_t>();
}

TEST(PlanApp, TheDemoPlanIsPublicAndComplete) {
  TestApp t;
  auto plan = t.app->GetPlan(Actor::Anonymous(), DemoPlanId(t), std::nullopt);
  ASSERT_TRUE(plan) << plan.error().message;
  EXPECT_EQ((*plan)["status"], "in_attuazione");
  EXPECT_EQ((*plan)["plan"]["objectives"].size(), 9u);
  EXPECT_FALSE((*plan)["can_edit"].get<bool>());
  EXPECT_FALSE((*plan)["missing_sections"].empty());  // the ruleset asks for sections the seed does not have
}

TEST(PlanApp, EditorsSaveRevisionsAndStaleSavesConflict) {
  TestApp t;
  std::int64_t id = DemoPlanId(t);
  Actor udp = t.As("udp.medioolona");
  auto plan = t.app->GetPlan(udp, id, std::nullopt);
  json doc = (*plan)["plan"];
  std::int64_t version = (*plan)["version"];  // the demo's monitoring already made a revision
  std::int64_t rev = (*plan)["revision"];
  doc["objectives"][0]["specific"][0]["tools"].push_back("Cartella sociale informatizzata");
  auto saved = t.app->SavePlan(udp, id, json{{"version", version}, {"note", "nuovo strumento"}, {"plan", doc}});
  ASSERT_TRUE(saved) << saved.error().message;
  EXPECT_EQ((*saved)["revision"], rev + 1);
  EXPECT_EQ((*saved)["changes"][0]["fields"][0], "tools");

  std::string before = t.Snapshot();
  auto stale = t.app->SavePlan(udp, id, json{{"version", version}, {"plan", doc}});
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kVersionConflict);
  json value = json::parse(stale.error().details[0].value);
  EXPECT_EQ(value["current_version"], version + 1);
  EXPECT_EQ(value["changes"][0]["what"], "specific_objective");
  EXPECT_EQ(t.Snapshot(), before);

  auto diff = t.app->DiffPlanRevisions(udp, id, rev, rev + 1);
  ASSERT_TRUE(diff);
  EXPECT_EQ((*diff)["changes"].size(), 1u);
  auto old = t.app->GetPlan(udp, id, 1);
  EXPECT_EQ((*old)["plan"]["objectives"][0]["specific"][0]["tools"].size(), 7u);
}

TEST(PlanApp, OnlyTheAmbitosEditorsWrite) {
  TestApp t;
  std::int64_t id = DemoPlanId(t);
  json current = *t.app->GetPlan(Actor::Anonymous(), id, std::nullopt);
  json doc = current["plan"];
  std::int64_t version = current["version"];
  EXPECT_EQ(t.app->SavePlan(t.As("udp.rhodense"), id, json{{"version", version}, {"plan", doc}}).error().code,
            ErrorCode::kForbidden);
  EXPECT_EQ(
      t.app->SavePlan(t.As("terzosettore.medioolona"), id, json{{"version", version}, {"plan", doc}}).error().code,
      ErrorCode::kForbidden);
  EXPECT_EQ(t.app->SavePlan(Actor::Anonymous(), id, json{{"version", version}, {"plan", doc}}).error().code,
            ErrorCode::kUnauthenticated);
  EXPECT_TRUE(t.app->SavePlan(t.As("regione"), id, json{{"version", version}, {"plan", doc}}));
}

TEST(PlanApp, DraftsAreSeenOnlyInsideTheAmbito) {
  TestApp t;
  std::int64_t id = DemoPlanId(t);
  Actor udp = t.As("udp.medioolona");
  auto copy = t.app->CreatePlan(udp, "medio-olona",
                                json{{"copy_from", id}, {"period", {{"from", "2018-01-01"}, {"to", "2020-12-31"}}}});
  ASSERT_TRUE(copy) << copy.error().message;
  std::int64_t draft = (*copy)["id"];
  EXPECT_EQ((*copy)["status"], "bozza");
  EXPECT_EQ((*copy)["plan"]["title"], "Piano di Zona 2018-2020");
  EXPECT_EQ((*copy)["plan"]["ruleset"], "lombardia-2018-2020");
  EXPECT_EQ((*copy)["plan"]["objectives"].size(), 9u);
  EXPECT_TRUE(t.app->GetPlan(t.As("terzosettore.medioolona"), draft, std::nullopt));
  EXPECT_EQ(t.app->GetPlan(Actor::Anonymous(), draft, std::nullopt).error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(t.app->GetPlan(t.As("udp.rhodense"), draft, std::nullopt).error().code, ErrorCode::kNotFound);
  EXPECT_EQ((*t.app->ListPlans(Actor::Anonymous(), "medio-olona"))["items"].size(), 1u);
  EXPECT_EQ((*t.app->ListPlans(udp, "medio-olona"))["items"].size(), 3u);
  auto again = t.app->CreatePlan(udp, "medio-olona",
                                 json{{"copy_from", id}, {"period", {{"from", "2018-01-01"}, {"to", "2020-12-31"}}}});
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
}

TEST(PlanApp, ABadPlanSavesNothingAndNamesThePath) {
  TestApp t;
  std::int64_t id = DemoPlanId(t);
  Actor udp = t.As("udp.medioolona");
  json current = *t.app->GetPlan(udp, id, std::nullopt);
  json doc = current["plan"];
  doc["objectives"][2]["specific"][0]["resources"]["financial"][0]["fund"] = "FONDO-INVENTATO";
  doc["objectives"][2]["specific"][0]["resources"]["financial"][0]["amount_cents"] = -1;
  std::string before = t.Snapshot();
  auto r = t.app->SavePlan(udp, id, json{{"version", current["version"]}, {"plan", doc}});
  ASSERT_FALSE(r);
  ASSERT_GE(r.error().details.size(), 2u) << r.error().message;
  EXPECT_EQ(r.error().details[0].field, "plan.objectives[2].specific[0].resources.financial[0].amount_cents");
  EXPECT_EQ(r.error().details[1].field, "plan.objectives[2].specific[0].resources.financial[0].fund");
  EXPECT_EQ(t.Snapshot(), before);
}

}  // namespace
}  // namespace pdz::app
