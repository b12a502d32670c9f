// Territory use cases on a real SQLite database: merges, as-of queries, overlaps, edits, imports,
// and all-or-nothing under injected write faults.
#include <gtest/gtest.h>

#include "support/test_db.hpp"

namespace pdz::app {
namespace {

using testing::TestApp;

json MergeBody() {
  return json{{"code", "nord-ovest"},
              {"name", "Ambito Nord-Ovest"},
              {"agency", "ats-milano"},
              {"district", "asst-rhodense"},
              {"valid_from", "2019-01-01"},
              {"sources", {"rhodense", "garbagnatese"}},
              {"capofila", {{"name", "Sercop"}, {"type", "azienda_speciale_consortile"}}}};
}

TEST(TerritoryApp, DemoAmbitiHaveTheirComuni) {
  TestApp t;
  auto rho = t.app->GetAmbito("rhodense", std::nullopt);
  ASSERT_TRUE(rho) << rho.error().message;
  EXPECT_EQ((*rho)["comuni"].size(), 9u);
  EXPECT_EQ((*rho)["population"], 167726);
  EXPECT_EQ((*t.app->GetAmbito("garbagnatese", std::nullopt))["comuni"].size(), 8u);
  EXPECT_EQ((*t.app->GetAmbito("medio-olona", std::nullopt))["comuni"].size(), 7u);
}

TEST(TerritoryApp, MergeKeepsHistoryAndAnswersAsOfADate) {
  TestApp t;
  auto merged = t.app->MergeAmbiti(t.As("regione"), MergeBody());
  ASSERT_TRUE(merged) << merged.error().message;
  EXPECT_EQ((*merged)["comuni"].size(), 17u);
  EXPECT_EQ((*merged)["merged_from"], json({"garbagnatese", "rhodense"}));

  auto before = t.app->GetAmbito("rhodense", Date::Parse("2018-12-31"));
  EXPECT_EQ((*before)["comuni"].size(), 9u);
  EXPECT_EQ((*before)["valid_to"], "2018-12-31");
  EXPECT_EQ((*before)["merged_into"], "nord-ovest");
  EXPECT_EQ((*t.app->GetAmbito("rhodense", Date::Parse("2019-01-01")))["comuni"].size(), 0u);

  AmbitoFilter f;
  f.as_of = Date::Parse("2018-06-30");
  auto old_list = t.app->ListAmbiti(f, {});
  EXPECT_EQ((*old_list)["total"], 3);
  f.as_of = Date::Parse("2020-01-01");
  auto new_list = t.app->ListAmbiti(f, {});
  EXPECT_EQ((*new_list)["total"], 2);

  auto rho = t.app->GetComune("015182");
  ASSERT_EQ((*rho)["memberships"].size(), 2u);
  EXPECT_EQ((*rho)["memberships"][0]["valid_to"], "2018-12-31");
  EXPECT_EQ((*rho)["memberships"][1]["ambito"]["code"], "nord-ovest");
}

TEST(TerritoryApp, OnlyARegionAdminMerges) {
  TestApp t;
  std::string before = t.Snapshot();
  auto r = t.app->MergeAmbiti(t.As("udp.rhodense"), MergeBody());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kForbidden);
  auto anon = t.app->MergeAmbiti(Actor::Anonymous(), MergeBody());
  EXPECT_EQ(anon.error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(t.Snapshot(), before);
}

TEST(TerritoryApp, MergeIsAllOrNothingUnderWriteFaults) {
  TestApp t;
  Actor admin = t.As("regione");
  std::string before = t.Snapshot();
  int n = 1;
  for (; n < 200; ++n) {
    t.faulty->Arm(n);
    auto r = t.app->MergeAmbiti(admin, MergeBody());
    bool fired = t.faulty->Fired();
    t.faulty->Disarm();
    if (!fired) {
      ASSERT_TRUE(r) << r.error().message;
      break;
    }
    ASSERT_FALSE(r) << "write " << n << " failed but the merge reported success";
    ASSERT_EQ(t.Snapshot(), before) << "write " << n << " failed and left a half-written merge";
    t.faulty = std::make_unique<testing::FaultyDatabase>(*t.db);  // reset the fired flag
    t.app = std::make_unique<App>(*t.faulty, t.clock);
  }
  EXPECT_GT(n, 5) << "the merge should take several writes";
  EXPECT_NE(t.Snapshot(), before);
}

TEST(TerritoryApp, AComuneCannotBeInTwoAmbitiOnTheSameDate) {
  TestApp t;
  std::string before = t.Snapshot();
  auto r = t.app->AddMembership(t.As("regione"), "garbagnatese",
                                json{{"istat_code", "015182"}, {"valid_from", "2020-01-01"}});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kMembershipOverlap);
  ASSERT_EQ(r.error().details.size(), 1u);
  EXPECT_EQ(r.error().details[0].field, "istat_code");
  EXPECT_NE(r.error().details[0].reason.find("rhodense"), std::string::npos);
  EXPECT_EQ(t.Snapshot(), before);
}

TEST(TerritoryApp, UdpEditorEditsItsAmbitoWithVersionCheck) {
  TestApp t;
  Actor udp = t.As("udp.rhodense");
  auto ok = t.app->PatchAmbito(udp, "rhodense",
                               json{{"version", 1}, {"ufficio_di_piano", {{"email", "udp@rho.example.it"}}}});
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ((*ok)["version"], 2);
  EXPECT_EQ((*ok)["ufficio_di_piano"]["email"], "udp@rho.example.it");
  EXPECT_NE((*ok)["ufficio_di_piano"]["host_body"], "");  // fields not sent are kept

  auto stale = t.app->PatchAmbito(udp, "rhodense", json{{"version", 1}, {"name", "Altro"}});
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kVersionConflict);
  EXPECT_TRUE(stale.error().details[0].value_is_json);

  std::string before = t.Snapshot();
  auto other = t.app->PatchAmbito(udp, "garbagnatese", json{{"version", 1}, {"name", "Preso"}});
  EXPECT_EQ(other.error().code, ErrorCode::kForbidden);
  auto comune = t.app->PatchAmbito(t.As("comune.rho"), "rhodense", json{{"version", 2}, {"name", "X"}});
  EXPECT_EQ(comune.error().code, ErrorCode::kForbidden);
  EXPECT_EQ(t.Snapshot(), before);
}

TEST(TerritoryApp, PatchValidationNamesEachField) {
  TestApp t;
  auto r = t.app->PatchAmbito(t.As("regione"), "rhodense",
                              json{{"version", "1"}, {"capofila", {{"name", ""}, {"type", "spa"}}}, {"colour", "red"}});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kValidationFailed);
  std::vector<std::string> fields;
  for (const auto& d : r.error().details) fields.push_back(d.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"colour", "version", "capofila.name", "capofila.type"}));
}

TEST(TerritoryApp, PrivateAuditFollowsTheScope) {
  TestApp t;
  EXPECT_TRUE(t.app->AmbitoAudit(t.As("udp.rhodense"), "rhodense", {}));
  EXPECT_EQ(t.app->AmbitoAudit(t.As("udp.rhodense"), "garbagnatese", {}).error().code, ErrorCode::kForbidden);
  EXPECT_TRUE(t.app->AmbitoAudit(t.As("ats.milano"), "garbagnatese", {}));
  EXPECT_EQ(t.app->AmbitoAudit(t.As("ats.milano"), "medio-olona", {}).error().code, ErrorCode::kForbidden);
  EXPECT_TRUE(t.app->AmbitoAudit(t.As("comune.rho"), "rhodense", {}));
  EXPECT_EQ(t.app->AmbitoAudit(Actor::Anonymous(), "rhodense", {}).error().code, ErrorCode::kUnauthenticated);
}

TEST(TerritoryApp, TerritoryImportReportsEveryBadEntryAndWritesNothing) {
  TestApp t;
  std::string before = t.Snapshot();
  std::string text = R"({"format":"pdz-territory/1","regions":[],"agencies":[],
    "ambiti":[{"code":"nuovo","name":"Nuovo","region":"03","agency":"ats-milan","valid_from":"2020-01-01",
               "capofila":{"name":"C","type":"comune"},"comuni":["015182"]},
              {"code":"altro","name":"Altro","region":"03","agency":"ats-milano","valid_from":"2020-01-01",
               "capofila":{"name":"C","type":"comune"},"comuni":["015182","999999"]}]})";
  auto r = t.app->ImportTerritoryJson(Actor::System(), text, "t.json");
  ASSERT_FALSE(r);
  std::vector<std::string> fields;
  for (const auto& d : r.error().details) fields.push_back(d.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"ambiti[0].agency", "ambiti[0].comuni[0]", "ambiti[1].comuni[1]",
                                              "ambiti[1].comuni[0]"}));
  EXPECT_NE(r.error().details[0].reason.find("ats-milano"), std::string::npos);  // the suggestion
  EXPECT_EQ(t.Snapshot(), before);
}

TEST(TerritoryApp, ImportingTheSameFileTwiceChangesNothing) {
  TestApp t;
  std::string text = testing::ReadSourceFile("data/demo/territory-lombardia.json");
  auto first = t.app->ImportTerritoryJson(Actor::System(), text, "demo.json");
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ((*first)["imported"]["memberships"], 0);
  auto history = t.app->AmbitoHistory("rhodense");
  EXPECT_EQ((*history)["items"].size(), 9u);
}

}  // namespace
}  // namespace pdz::app
