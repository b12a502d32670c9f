// Governance use cases: the demo's governance, signatures and transitions all-or-nothing under injected faults.
#include <gtest/gtest.h>

#include "support/test_db.hpp"

namespace pdz::app {
namespace {

using testing::TestApp;

std::int64_t PlanOf(TestApp& t, const Actor& actor, const std::string& ambito, const std::string& from) {
  auto list = t.app->ListPlans(actor, ambito);
  PDZ_ASSERT(list.has_value(), "plans");
  for (const auto& p : (*list)["items"])
    if (p["period"]["from"] == from) return p["id"].get<std::int64_t>();
  PDZ_ASSERT(false, "plan missing");
  return 0;
}

TEST(GovernanceApp, TheDemoReplaysTheLifecycleOfTheThreeAmbiti) {
  TestApp t;
  auto table = t.app->RegionGovernance(t.As("regione"), "03");
  ASSERT_TRUE(table) << table.error().message;
  std::map<std::string, std::string> states;
  for (const auto& row : (*table)["items"]) states[row["ambito"]["code"]] = row["state"];
  EXPECT_EQ(states["rhodense"], "prorogato");
  EXPECT_EQ(states["garbagnatese"], "approvato_assemblea");
  EXPECT_EQ(states["medio-olona"], "bozza");
  // Anonymous visitors see the latest public plan: Medio Olona's 2015-2017.
  auto anon = t.app->RegionGovernance(Actor::Anonymous(), "03");
  for (const auto& row : (*anon)["items"]) {
    if (row["ambito"]["code"] == "medio-olona") {
      EXPECT_EQ(row["plan"]["period"]["from"], "2015-05-01");
    }
  }
  auto package = t.app->PlanPackage(Actor::Anonymous(), PlanOf(t, Actor::Anonymous(), "rhodense", "2021-01-01"));
  ASSERT_TRUE(package) << package.error().message;
  EXPECT_EQ(package->content_type, "application/zip");
}

TEST(GovernanceApp, TransmissionIsAllOrNothingUnderFaults) {
  TestApp t;
  Actor udp = t.As("udp.garbagnatese");
  std::int64_t id = PlanOf(t, udp, "garbagnatese", "2021-01-01");
  auto adp = t.app->GetAdp(udp, id);
  ASSERT_TRUE(adp);
  for (const auto& p : (*adp)["parties"]) {
    if (p["role"] == "sottoscrittore" && p["signed_on"].is_null()) {
      ASSERT_TRUE(t.app->SignAdp(udp, id, p["id"], json{{"signed_on", "2022-02-01"}}));
    }
  }
  ASSERT_TRUE(t.app->TransitionPlan(udp, id, json{{"to", "adp_sottoscritto"}, {"on", "2022-02-02"}}));

  std::string before = t.Snapshot();
  int n = 1;
  for (; n < 50; ++n) {
    t.faulty->Arm(n);
    auto r = t.app->TransitionPlan(udp, id, json{{"to", "trasmesso"}, {"on", "2022-02-03"}});
    bool fired = t.faulty->Fired();
    t.faulty->Disarm();
    if (!fired) {
      ASSERT_TRUE(r) << r.error().message;
      break;
    }
    ASSERT_FALSE(r) << "write " << n << " failed but the transition reported success";
    ASSERT_EQ(t.Snapshot(), before) << "write " << n << " failed and left a half-written transition";
    auto life = t.app->PlanLifecycle(udp, id);
    ASSERT_EQ((*life)["state"], "adp_sottoscritto");
    t.faulty = std::make_unique<testing::FaultyDatabase>(*t.db);
    t.app = std::make_unique<App>(*t.faulty, t.clock);
  }
  EXPECT_GT(n, 3);  // the state, the transition, the package and the audit are separate writes
  auto life = t.app->PlanLifecycle(udp, id);
  EXPECT_EQ((*life)["state"], "trasmesso");
  EXPECT_FALSE((*life)["package"].is_null());
}

TEST(GovernanceApp, ARefusedSignatureWritesNothing) {
  TestApp t;
  Actor udp = t.As("udp.garbagnatese");
  std::int64_t id = PlanOf(t, udp, "garbagnatese", "2021-01-01");
  auto adp = t.app->GetAdp(udp, id);
  std::int64_t unsigned_party = 0, signed_party = 0;
  for (const auto& p : (*adp)["parties"]) {
    if (p["role"] != "sottoscrittore") continue;
    (p["signed_on"].is_null() ? unsigned_party : signed_party) = p["id"].get<std::int64_t>();
  }
  Actor rho = t.As("udp.rhodense");  // before the snapshot: a login writes a session
  std::string before = t.Snapshot();
  auto early = t.app->SignAdp(udp, id, unsigned_party, json{{"signed_on", "2021-12-01"}});
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, ErrorCode::kValidationFailed);
  EXPECT_EQ(early.error().details[0].field, "signed_on");
  auto twice = t.app->SignAdp(udp, id, signed_party, json{{"signed_on", "2022-01-30"}});
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, ErrorCode::kConflict);
  auto other = t.app->SignAdp(rho, id, unsigned_party, json{{"signed_on", "2022-01-30"}});
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, ErrorCode::kForbidden);
  EXPECT_EQ(t.Snapshot(), before);
  EXPECT_TRUE((*t.app->GetAdp(udp, id))["parties"] == (*adp)["parties"]);
}

}  // namespace
}  // namespace pdz::app
