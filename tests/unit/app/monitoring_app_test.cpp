// Monitoring use cases: all-or-nothing under faults, who may write, and the roll-up on a date.
#include <gtest/gtest.h>

#include "support/test_db.hpp"

namespace pdz::app {
namespace {

using testing::TestApp;

std::int64_t SeedPlanId(TestApp& t) {
  auto plans = t.app->ListPlans(Actor::System(), "medio-olona");
  for (const auto& p : (*plans)["items"])
    if (p["period"]["from"].get<std::string>().rfind("2015", 0) == 0) return p["id"].get<std::int64_t>();
  return 0;
}

TEST(MonitoringApp, AnActionUpdateIsAllOrNothing) {
  TestApp t;
  auto udp = t.As("udp.medioolona");
  auto id = SeedPlanId(t);
  ASSERT_GT(id, 0);
  auto view = t.app->GetMonitoring(udp, id, Date::Parse("2016-06-30"));
  ASSERT_TRUE(view) << view.error().message;
  std::string action = (*view)["objectives"][0]["specific"][0]["actions"][0]["id"];
  std::string before = t.Snapshot();
  int n = 1;
  for (; n < 20; ++n) {
    t.faulty->Arm(n);
    auto r = t.app->UpdateActionMonitoring(udp, id, action,
                                           json{{"status", "in_progress"}, {"progress", 30}, {"version", 0}});
    bool fired = t.faulty->Fired();
    t.faulty->Disarm();
    if (!fired) {
      ASSERT_TRUE(r) << r.error().message;
      break;
    }
    ASSERT_FALSE(r);
    ASSERT_EQ(t.Snapshot(), before) << "write " << n << " failed and left a half-written update";
    t.faulty = std::make_unique<testing::FaultyDatabase>(*t.db);  // `Fired` stays set: a new one
    t.app = std::make_unique<App>(*t.faulty, t.clock);
  }
  EXPECT_GE(n, 3);  // the state, its history and the audit
}

TEST(MonitoringApp, OnlyTheAmbitoWritesAndOnlyWhileThePlanIsCarriedOut) {
  TestApp t;
  auto id = SeedPlanId(t);
  auto view = t.app->GetMonitoring(Actor::Anonymous(), id, Date::Parse("2016-06-30"));
  ASSERT_TRUE(view);
  std::string action = (*view)["objectives"][0]["specific"][0]["actions"][0]["id"];
  auto other =
      t.app->UpdateActionMonitoring(t.As("udp.rhodense"), id, action, json{{"status", "done"}, {"version", 0}});
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, ErrorCode::kForbidden);
  // A draft plan (Medio Olona 2021-2023) is not monitored yet.
  auto plans = t.app->ListPlans(t.As("udp.medioolona"), "medio-olona");
  std::int64_t draft = 0;
  for (const auto& p : (*plans)["items"])
    if (p["status"] == "bozza") draft = p["id"].get<std::int64_t>();
  ASSERT_GT(draft, 0);
  auto dv = t.app->GetMonitoring(t.As("udp.medioolona"), draft, std::nullopt);
  ASSERT_TRUE(dv);
  std::string daction = (*dv)["objectives"][0]["specific"][0]["actions"][0]["id"];
  auto refused =
      t.app->UpdateActionMonitoring(t.As("udp.medioolona"), draft, daction, json{{"status", "done"}, {"version", 0}});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
  EXPECT_EQ(refused.error().details.at(0).field, "status");
}

TEST(MonitoringApp, DoneActionsRollUpAndLateOnesAreListed) {
  TestApp t;
  auto udp = t.As("udp.medioolona");
  auto id = SeedPlanId(t);
  auto v = *t.app->GetMonitoring(udp, id, Date::Parse("2016-06-30"));
  const auto& s = v["objectives"][0]["specific"][0];
  for (const auto& a : s["actions"]) {
    ASSERT_TRUE(t.app->UpdateActionMonitoring(udp, id, a["id"], json{{"status", "done"}, {"version", 0}}));
  }
  auto after = *t.app->GetMonitoring(udp, id, Date::Parse("2016-06-30"));
  EXPECT_EQ(after["objectives"][0]["specific"][0]["progress"]["actions"], 1.0);
  // After the plan's end every action not done is late.
  auto late = *t.app->GetMonitoring(udp, id, Date::Parse("2018-06-30"));
  size_t actions = 0, done = s["actions"].size();
  for (const auto& g : late["objectives"])
    for (const auto& sp : g["specific"]) actions += sp["actions"].size();
  size_t dated_late = late["overdue"].size();
  EXPECT_GT(dated_late, 0u);
  EXPECT_LE(dated_late, actions - done);
  for (const auto& o : late["overdue"]) EXPECT_GT(o["days_late"].get<int>(), 0);
}

}  // namespace
}  // namespace pdz::app
