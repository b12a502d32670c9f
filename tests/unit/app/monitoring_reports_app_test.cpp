// Monitoring reports: a submission is all-or-nothing under faults, only the ambito drafts and submits,
// only the Region or the ATS of the ambito accepts or returns, and a return needs a note.
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

json Draft(TestApp& t, const Actor& udp, std::int64_t plan) {
  auto r = t.app->CreateReport(
      udp, plan, json{{"kind", "avanzamento"}, {"period_from", "2016-01-01"}, {"period_to", "2016-12-31"}});
  EXPECT_TRUE(r) << r.error().message;
  return r ? *r : json();
}

TEST(MonitoringReportsApp, ASubmissionIsAllOrNothing) {
  TestApp t;
  auto udp = t.As("udp.medioolona");
  auto plan = SeedPlanId(t);
  ASSERT_GT(plan, 0);
  json report = Draft(t, udp, plan);
  std::int64_t id = report["id"];
  ASSERT_TRUE(t.app->PatchReport(udp, id, json{{"version", 1}, {"narrative", {{"sintesi", "Anno di avvio."}}}}));
  std::string before = t.Snapshot();
  int n = 1;
  for (; n < 20; ++n) {
    t.faulty->Arm(n);
    auto r = t.app->TransitionReport(udp, id, json{{"to", "trasmessa"}});
    bool fired = t.faulty->Fired();
    t.faulty->Disarm();
    if (!fired) {
      ASSERT_TRUE(r) << r.error().message;
      break;
    }
    ASSERT_FALSE(r);
    ASSERT_EQ(t.Snapshot(), before) << "write " << n << " failed and left a half-written submission";
    t.faulty = std::make_unique<testing::FaultyDatabase>(*t.db);  // `Fired` stays set: a new one
    t.app = std::make_unique<App>(*t.faulty, t.clock);
    auto now = t.app->GetReport(udp, id);
    ASSERT_TRUE(now);
    EXPECT_EQ((*now)["state"], "bozza") << "write " << n;
    EXPECT_EQ((*now)["version"], 2) << "write " << n;
    EXPECT_TRUE((*now)["snapshot"].is_null()) << "write " << n;
  }
  EXPECT_GE(n, 3);  // the report, its transition and the audit
  auto done = t.app->GetReport(udp, id);
  ASSERT_TRUE(done);
  EXPECT_EQ((*done)["state"], "trasmessa");
  EXPECT_TRUE((*done)["has_document"].get<bool>());
  EXPECT_EQ((*done)["snapshot"]["as_of"], "2016-12-31");
  auto pdf = t.app->ExportReport(Actor::Anonymous(), id, "pdf");
  ASSERT_TRUE(pdf);
  EXPECT_EQ(pdf->bytes.substr(0, 4), "%PDF");
}

TEST(MonitoringReportsApp, AnotherAmbitoIsForbidden) {
  TestApp t;
  auto udp = t.As("udp.medioolona");
  auto rho = t.As("udp.rhodense");
  auto plan = SeedPlanId(t);
  json body = {{"kind", "avanzamento"}, {"period_from", "2016-01-01"}, {"period_to", "2016-12-31"}};
  auto created = t.app->CreateReport(rho, plan, body);
  ASSERT_FALSE(created);
  EXPECT_EQ(created.error().code, ErrorCode::kForbidden);
  json report = Draft(t, udp, plan);
  std::int64_t id = report["id"];
  auto patched = t.app->PatchReport(rho, id, json{{"version", 1}, {"title", "Altro"}});
  ASSERT_FALSE(patched);
  EXPECT_EQ(patched.error().code, ErrorCode::kForbidden);
  auto sent = t.app->TransitionReport(rho, id, json{{"to", "trasmessa"}});
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().code, ErrorCode::kForbidden);
  ASSERT_TRUE(t.app->TransitionReport(udp, id, json{{"to", "trasmessa"}}));
  // The ATS of another agency neither accepts nor returns; the officer does not accept their own report.
  auto ats = t.app->TransitionReport(t.As("ats.milano"), id, json{{"to", "accettata"}});
  ASSERT_FALSE(ats);
  EXPECT_EQ(ats.error().code, ErrorCode::kForbidden);
  auto self = t.app->TransitionReport(udp, id, json{{"to", "accettata"}});
  ASSERT_FALSE(self);
  EXPECT_EQ(self.error().code, ErrorCode::kForbidden);
}

TEST(MonitoringReportsApp, ReturningNeedsANoteAndTheRegionMayReturn) {
  TestApp t;
  auto udp = t.As("udp.medioolona");
  auto region = t.As("regione");
  auto plan = SeedPlanId(t);
  json report = Draft(t, udp, plan);
  std::int64_t id = report["id"];
  ASSERT_TRUE(t.app->TransitionReport(udp, id, json{{"to", "trasmessa"}}));
  auto bare = t.app->TransitionReport(region, id, json{{"to", "restituita"}});
  ASSERT_FALSE(bare);
  EXPECT_EQ(bare.error().code, ErrorCode::kValidationFailed);
  ASSERT_FALSE(bare.error().details.empty());
  EXPECT_EQ(bare.error().details.at(0).field, "note");
  auto back = t.app->TransitionReport(region, id, json{{"to", "restituita"}, {"note", "Integrare."}});
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ((*back)["state"], "restituita");
  EXPECT_EQ((*back)["transitions"].size(), 2u);
  // Outside the plan's period: 422 naming the field.
  auto outside = t.app->CreateReport(
      udp, plan, json{{"kind", "consuntivo"}, {"period_from", "2015-06-01"}, {"period_to", "2018-12-31"}});
  ASSERT_FALSE(outside);
  EXPECT_EQ(outside.error().code, ErrorCode::kValidationFailed);
  EXPECT_EQ(outside.error().details.at(0).field, "period_to");
}

}  // namespace
}  // namespace pdz::app
