// The report schedule of a plan and the prefill of "Esiti della programmazione precedente" from the
// previous plan's consuntivo: all-or-nothing under faults, 409 without a consuntivo, 422 for an unknown
// section, 403 for another ambito.
#include <gtest/gtest.h>

#include "support/test_db.hpp"

namespace pdz::app {
namespace {

using testing::TestApp;

std::int64_t PlanFrom(TestApp& t, const char* year) {
  auto plans = t.app->ListPlans(Actor::System(), "medio-olona");
  for (const auto& p : (*plans)["items"])
    if (p["period"]["from"].get<std::string>().rfind(year, 0) == 0) return p["id"].get<std::int64_t>();
  return 0;
}

TEST(MonitoringSchedule, TheSeedPlanOwesItsReportsAndTheNextIsCreatedWithoutAPeriod) {
  TestApp t;
  auto udp = t.As("udp.medioolona");
  auto plan = PlanFrom(t, "2015");
  ASSERT_GT(plan, 0);
  auto list = t.app->ListReports(Actor::Anonymous(), plan);
  ASSERT_TRUE(list) << list.error().message;
  const json& s = (*list)["schedule"];
  ASSERT_EQ(s.size(), 4u) << s.dump();
  EXPECT_EQ((*list)["schedule_source"], "lombardia-2015-2017");
  EXPECT_EQ(s[0]["kind"], "previsione");
  EXPECT_EQ(s[1]["period"]["from"], "2015-05-01");  // the seed plan starts in May
  EXPECT_EQ(s[1]["period"]["to"], "2016-04-30");
  EXPECT_EQ(s[3]["kind"], "consuntivo");
  EXPECT_EQ(s[3]["due"], "2018-04-30");
  // The demo's first-year avanzamento (May 2015 - April 2016) was submitted: that entry is delivered.
  EXPECT_EQ(s[1]["status"], "trasmessa");
  EXPECT_FALSE(s[1]["overdue"].get<bool>());
  EXPECT_FALSE(s[1]["report"]["submitted_at"].is_null());
  // The demo's previsione was accepted by the ATS.
  EXPECT_EQ(s[0]["status"], "accettata");
  EXPECT_FALSE(s[0]["overdue"].get<bool>());
  for (int i : {2, 3}) {
    EXPECT_EQ(s[i]["status"], "mancante") << i;
    EXPECT_TRUE(s[i]["overdue"].get<bool>()) << i;  // the clock is in 2025
    EXPECT_GT(s[i]["days_late"].get<int>(), 0) << i;
  }
  auto next = t.app->CreateReport(udp, plan, json{{"kind", "avanzamento"}});
  ASSERT_TRUE(next) << next.error().message;
  EXPECT_EQ((*next)["period"]["from"], "2016-05-01");
  EXPECT_EQ((*next)["period"]["to"], "2017-04-30");
  EXPECT_EQ((*next)["title"], "Relazione di avanzamento 2016-2017");
  auto none = t.app->CreateReport(udp, plan, json{{"kind", "avanzamento"}});
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, ErrorCode::kValidationFailed);
  EXPECT_EQ(none.error().details.at(0).field, "period_from");
  auto after = t.app->ListReports(udp, plan);
  EXPECT_EQ((*after)["schedule"][2]["status"], "bozza");
  EXPECT_EQ((*after)["schedule"][2]["report"]["id"], (*next)["id"]);
  EXPECT_TRUE((*after)["schedule"][2]["overdue"].get<bool>());  // a draft is not delivered
}

TEST(PlanPrefill, FillsTheSectionFromThePreviousConsuntivoAllOrNothing) {
  TestApp t;
  auto udp = t.As("udp.medioolona");
  auto old_plan = PlanFrom(t, "2015");
  auto plan = PlanFrom(t, "2021");
  ASSERT_GT(old_plan, 0);
  ASSERT_GT(plan, 0);
  auto read = t.app->GetPlan(udp, plan, std::nullopt);
  ASSERT_TRUE(read);
  std::int64_t version = (*read)["version"];

  // No consuntivo yet: 409, nothing written.
  auto early = t.app->PrefillSection(udp, plan, "risultati-precedente", json{{"version", version}});
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, ErrorCode::kConflict);
  EXPECT_NE(early.error().message.find("consuntivo"), std::string::npos);

  auto report = t.app->CreateReport(udp, old_plan, json{{"kind", "consuntivo"}});
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ((*report)["period"]["from"], "2015-05-01");
  EXPECT_EQ((*report)["period"]["to"], "2017-12-31");
  std::int64_t id = (*report)["id"];
  ASSERT_TRUE(t.app->PatchReport(udp, id,
                                 json{{"version", 1},
                                      {"narrative",
                                       {{"sintesi", "Il triennio ha consolidato la gestione associata."},
                                        {"criticita", "# Ritardi\nNel tavolo minori."}}}}));
  ASSERT_TRUE(t.app->TransitionReport(udp, id, json{{"to", "trasmessa"}}));
  auto questions = t.app->GetEvaluation(udp, old_plan);
  ASSERT_TRUE(questions);
  std::int64_t answer_version = 0;
  for (const auto& q : (*questions)["items"])
    if (q["level"] == "esiti" && q["code"] == "servizi_erogati") answer_version = q["version"];
  auto eval =
      t.app->SaveEvaluation(udp, old_plan,
                            json{{"answers", json::array({json{{"level", "esiti"},
                                                               {"question", "servizi_erogati"},
                                                               {"answer", "Servizi domiciliari per 320 persone."},
                                                               {"version", answer_version}}})}});
  ASSERT_TRUE(eval) << eval.error().message;

  auto unknown = t.app->PrefillSection(udp, plan, "conclusioni", json{{"version", version}});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kValidationFailed);
  EXPECT_EQ(unknown.error().details.at(0).field, "code");
  // Another ambito: the draft is not even visible (404); a public plan is not theirs to edit (403).
  auto rho = t.As("udp.rhodense");
  auto hidden = t.app->PrefillSection(rho, plan, "risultati-precedente", json{{"version", version}});
  ASSERT_FALSE(hidden);
  EXPECT_EQ(hidden.error().code, ErrorCode::kNotFound);
  auto other = t.app->PrefillSection(rho, old_plan, "obiettivi", json{{"version", 1}});
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, ErrorCode::kForbidden);
  auto stale = t.app->PrefillSection(udp, plan, "risultati-precedente", json{{"version", version - 1}});
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kVersionConflict);

  std::string before = t.Snapshot();
  int n = 1;
  json done;
  for (; n < 20; ++n) {
    t.faulty->Arm(n);
    auto r = t.app->PrefillSection(udp, plan, "risultati-precedente", json{{"version", version}});
    bool fired = t.faulty->Fired();
    t.faulty->Disarm();
    if (!fired) {
      ASSERT_TRUE(r) << r.error().message;
      done = *r;
      break;
    }
    ASSERT_FALSE(r);
    ASSERT_EQ(t.Snapshot(), before) << "write " << n << " failed and left a half-written prefill";
    t.faulty = std::make_unique<testing::FaultyDatabase>(*t.db);
    t.app = std::make_unique<App>(*t.faulty, t.clock);
    auto now = t.app->GetPlan(udp, plan, std::nullopt);
    ASSERT_TRUE(now);
    EXPECT_EQ((*now)["version"], version) << "write " << n;
  }
  EXPECT_GE(n, 3);  // the plan, its revision and the audit
  EXPECT_EQ(done["version"], version + 1);
  std::string body = done["section"]["body"];
  EXPECT_NE(body.find("## Relazione di consuntivo del Piano di Zona 2015-2017"), std::string::npos) << body;
  EXPECT_NE(body.find("Il triennio ha consolidato la gestione associata."), std::string::npos);
  EXPECT_NE(body.find("### Ritardi"), std::string::npos) << "headings of the copied text go down";
  EXPECT_NE(body.find("## Avanzamento finale del piano"), std::string::npos);
  EXPECT_NE(body.find("- Azioni concluse: "), std::string::npos);
  EXPECT_NE(body.find("Servizi domiciliari per 320 persone."), std::string::npos);
  EXPECT_NE(body.find("Quali servizi e interventi sono stati erogati"), std::string::npos);
  EXPECT_NE(body.find("Precompilato dalla relazione di consuntivo del Piano di Zona 2015-2017, trasmessa il "),
            std::string::npos);
  EXPECT_EQ(done["source"]["report_id"], id);
  EXPECT_EQ(done["source"]["report_state"], "trasmessa");
  auto now = t.app->GetPlan(udp, plan, std::nullopt);
  EXPECT_EQ((*now)["revision_author"], "udp.medioolona");
  EXPECT_NE((*now)["revision_note"].get<std::string>().find("Precompilato"), std::string::npos);
  for (const auto& s : (*now)["plan"]["sections"])
    if (s["code"] == "risultati-precedente") {
      EXPECT_EQ(s["body"], body);
    }
}

TEST(PlanPrefill, NoPreviousPlanIsAConflict) {
  TestApp t;
  auto udp = t.As("udp.medioolona");
  auto old_plan = PlanFrom(t, "2015");
  auto read = t.app->GetPlan(udp, old_plan, std::nullopt);
  ASSERT_TRUE(read);
  // The seed plan is the ambito's first and is being carried out: its own sections have nothing before.
  auto r = t.app->PrefillSection(udp, old_plan, "obiettivi", json{{"version", (*read)["version"]}});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kConflict);
  EXPECT_NE(r.error().message.find("Nessun piano precedente"), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace pdz::app
