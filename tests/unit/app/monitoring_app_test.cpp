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
  const json& first = (*view)["objectives"][0]["specific"][0]["actions"][0];
  std::string action = first["id"];
  std::int64_t version = first["version"];  // the demo may have updated it already
  std::string before = t.Snapshot();
  int n = 1;
  for (; n < 20; ++n) {
    t.faulty->Arm(n);
    auto r = t.app->UpdateActionMonitoring(udp, id, action,
                                           json{{"status", "in_progress"}, {"progress", 30}, {"version", version}});
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

// The demo (data/demo/monitoring-medio-olona.json): a year of monitoring of the 2015-2017 plan, replayed on
// its dates: actions done and late, indicators measured by hand and one from the flows, a submitted report.
TEST(MonitoringApp, TheDemoPlanCarriesAYearOfMonitoring) {
  TestApp t;
  auto id = SeedPlanId(t);
  auto v = t.app->GetMonitoring(Actor::Anonymous(), id, Date::Parse("2016-04-30"));
  ASSERT_TRUE(v) << v.error().message;
  int done = 0;
  std::vector<std::string> judgements;
  bool from_flows = false;
  for (const auto& g : (*v)["objectives"])
    for (const auto& s : g["specific"]) {
      for (const auto& a : s["actions"]) done += a["status"] == "done";
      for (const auto& i : s["indicators"]) {
        judgements.push_back(i["judgement"]);
        if (!i["binding"].is_null()) {
          for (const auto& m : i["measurements"]) from_flows |= m["origin"] == "flow";
          for (const auto& m : i["measurements"]) EXPECT_GE(m["measured_on"].get<std::string>(), "2015-05-01");
        }
      }
    }
  EXPECT_GE(done, 3);
  EXPECT_GE((*v)["overdue"].size(), 2u);
  EXPECT_TRUE(from_flows) << "the bound indicator reads the 2015 spending flow";
  for (const char* j : {"achieved", "on_track", "at_risk", "off_track"})
    EXPECT_NE(std::find(judgements.begin(), judgements.end(), j), judgements.end()) << j;
  // The history carries the dates of the events, not the day the demo was loaded.
  auto h = t.app->ActionHistory(Actor::Anonymous(), id, "a22");
  ASSERT_TRUE(h) << h.error().message;
  ASSERT_EQ((*h)["items"].size(), 3u);  // in progress, done, then a link as evidence
  EXPECT_EQ((*h)["items"][0]["at"].get<std::string>().substr(0, 10), "2015-12-16");
  auto reports = t.app->ListReports(Actor::Anonymous(), id);
  ASSERT_TRUE(reports) << reports.error().message;
  bool submitted = false;
  for (const auto& r : (*reports)["items"]) submitted |= r["kind"] == "avanzamento" && r["state"] == "trasmessa";
  EXPECT_TRUE(submitted);
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
    ASSERT_TRUE(t.app->UpdateActionMonitoring(udp, id, a["id"], json{{"status", "done"}, {"version", a["version"]}}));
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

TEST(MonitoringApp, EvidenceIsAllOrNothingAndRemovalKeepsTheRow) {
  TestApp t;
  auto udp = t.As("udp.medioolona");
  auto id = SeedPlanId(t);
  ASSERT_GT(id, 0);
  auto view = t.app->GetMonitoring(udp, id, std::nullopt);
  ASSERT_TRUE(view) << view.error().message;
  std::string action = (*view)["objectives"][0]["specific"][0]["actions"][0]["id"];
  json body = {{"kind", "file"},
               {"title", "Verbale"},
               {"file_name", "verbale.txt"},
               {"content_type", "text/plain"},
               {"content_base64", "Y2lhbw=="}};
  std::string before = t.Snapshot();
  int n = 1;
  std::int64_t evidence = 0;
  for (; n < 20; ++n) {
    t.faulty->Arm(n);
    auto r = t.app->AddEvidence(udp, id, action, body);
    bool fired = t.faulty->Fired();
    t.faulty->Disarm();
    if (!fired) {
      ASSERT_TRUE(r) << r.error().message;
      evidence = (*r)["id"].get<std::int64_t>();
      EXPECT_EQ((*r)["size"], 4);
      break;
    }
    ASSERT_FALSE(r);
    ASSERT_EQ(t.Snapshot(), before) << "write " << n << " failed and left a half-written evidence";
    t.faulty = std::make_unique<testing::FaultyDatabase>(*t.db);
    t.app = std::make_unique<App>(*t.faulty, t.clock);
  }
  EXPECT_GE(n, 3);  // the evidence, the history row and the audit
  auto file = t.app->EvidenceFile(Actor::Anonymous(), id, evidence);
  ASSERT_TRUE(file) << file.error().message;
  EXPECT_EQ(file->bytes, "ciao");

  // A bad field: nothing is written.
  std::string with_one = t.Snapshot();
  body["content_base64"] = "non base64!";
  auto bad = t.app->AddEvidence(udp, id, action, body);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kValidationFailed);
  EXPECT_EQ(bad.error().details.at(0).field, "content_base64");
  EXPECT_EQ(t.Snapshot(), with_one);

  // Removal: all or nothing too; the row stays, hidden from the view and the download.
  for (n = 1; n < 20; ++n) {
    t.faulty->Arm(n);
    auto r = t.app->RemoveEvidence(udp, id, action, evidence);
    bool fired = t.faulty->Fired();
    t.faulty->Disarm();
    if (!fired) {
      ASSERT_TRUE(r) << r.error().message;
      break;
    }
    ASSERT_FALSE(r);
    ASSERT_EQ(t.Snapshot(), with_one) << "write " << n << " failed and left a half-done removal";
    auto c = t.db->Connect();  // Snapshot counts rows: the mark must be rolled back too
    auto still =
        (*c)->Query("SELECT count(*) FROM monitoring_evidence WHERE id = ? AND removed_at IS NULL", {evidence});
    ASSERT_TRUE(still);
    ASSERT_EQ((*still)[0].Int(0), 1) << "write " << n << " failed and left the evidence marked removed";
    t.faulty = std::make_unique<testing::FaultyDatabase>(*t.db);
    t.app = std::make_unique<App>(*t.faulty, t.clock);
  }
  EXPECT_GE(n, 3);
  auto after = *t.app->GetMonitoring(udp, id, std::nullopt);
  EXPECT_TRUE(after["objectives"][0]["specific"][0]["actions"][0]["evidence"].empty());
  EXPECT_FALSE(t.app->EvidenceFile(udp, id, evidence));
  auto conn = t.db->Connect();
  auto kept = (*conn)->Query("SELECT removed_by FROM monitoring_evidence WHERE id = ?", {evidence});
  ASSERT_TRUE(kept);
  ASSERT_EQ(kept->size(), 1u);
  EXPECT_EQ((*kept)[0].Text(0), "udp.medioolona");
}

}  // namespace
}  // namespace pdz::app
