// Compliance of a plan and its AdP with a ruleset, and the deadlines of a plan as of a date.
#include "core/governance/compliance.hpp"

#include <gtest/gtest.h>

namespace pdz::core {
namespace {

Date D(const char* iso) { return *Date::Parse(iso); }

Ruleset Lombardia2015() {
  Ruleset rs;
  rs.code = "lombardia-2015-2017";
  rs.act = "DGR 2941/2014";
  rs.period_from = D("2015-05-01");
  rs.period_to = D("2017-12-31");
  rs.required_sections = {{"contesto", "Quadro del territorio", "DGR 2941/2014, §7.1"}};
  rs.deadlines = {
      {"approvazione-piano", "Approvazione e AdP", "DGR 2941/2014, §7.3", D("2015-04-30"), {}, "", "adp_sottoscritto"}};
  rs.adp.required_signatories = {"comuni", "asl"};
  rs.adp.allowed_capofila_types = {"comune", "azienda_speciale_consortile"};
  rs.adp.act = "DGR 2941/2014, §7.2";
  return rs;
}

Plan GoodPlan() {
  Plan p;
  p.period_from = D("2015-05-01");
  p.period_to = D("2017-12-31");
  p.sections = {{"contesto", "Contesto", "Testo."}};
  SpecificObjective so;
  so.title = "S";
  Indicator i;
  i.name = "Comuni con criteri omogenei";
  i.baseline.value = 2;
  i.target.value = 7;
  so.indicators = {i};
  p.objectives = {GeneralObjective{"g1", "G", {}, {}, {so}}};
  return p;
}

Adp GoodAdp() {
  Adp a;
  a.purposes = "Finalità";
  a.capofila_name = "Comune di Castellanza";
  a.capofila_type = "comune";
  a.udp_host_body = "Comune di Castellanza";
  a.third_sector_tools = "Tavoli";
  a.monitoring = "Relazione annuale";
  a.valid_from = D("2015-05-01");
  a.valid_to = D("2017-12-31");
  a.parties = {{1, "sottoscrittore", "comune", "012042", "Comune di Castellanza", "Impegni", D("2015-04-20"), ""},
               {2, "sottoscrittore", "comune", "012067", "Comune di Fagnano Olona", "Impegni", D("2015-04-21"), ""},
               {3, "sottoscrittore", "asl", "", "ASL di Varese", "Impegni", D("2015-04-22"), ""},
               {4, "aderente", "terzo_settore", "", "Forum", "Impegni", {}, ""}};
  return a;
}

const std::vector<ComuneRef> kComuni = {{"012042", "Castellanza"}, {"012067", "Fagnano Olona"}};

CheckStatus StatusOf(const std::vector<ComplianceItem>& items, const std::string& code) {
  for (const auto& i : items)
    if (i.code == code) return i.status;
  ADD_FAILURE() << "no item " << code;
  return CheckStatus::kFail;
}

TEST(Compliance, ACompletePlanAndAdpPassEverything) {
  Ruleset rs = Lombardia2015();
  Plan p = GoodPlan();
  Adp a = GoodAdp();
  std::vector<StateEntry> history = {{PlanState::kAdpSottoscritto, D("2015-04-28")}};
  auto items = CheckCompliance({&p, &a, &rs, kComuni, history, PlanState::kAdpSottoscritto, D("2015-06-01")});
  for (const auto& i : items) {
    EXPECT_EQ(i.status, CheckStatus::kPass) << i.code << ": " << i.reason;
    EXPECT_FALSE(i.act.empty()) << i.code;
  }
  EXPECT_EQ(items.size(), 15u);  // 7 elements, 2 signatures, capofila, UdP, duration, sections, indicators, 1 deadline
  EXPECT_EQ(AdpSignedOn(a), D("2015-04-22"));
}

TEST(Compliance, MissingSignaturesElementsAndIndicatorsFailWithReasons) {
  Ruleset rs = Lombardia2015();
  Plan p = GoodPlan();
  p.objectives[0].specific[0].indicators[0].target = {};
  p.sections.clear();
  Adp a = GoodAdp();
  a.parties[1].signed_on.reset();
  a.parties.erase(a.parties.begin() + 2);  // no ASL
  a.monitoring.clear();
  a.valid_to = D("2018-12-31");
  a.capofila_type = "consorzio";
  auto items = CheckCompliance({&p, &a, &rs, kComuni, {}, PlanState::kApprovatoAssemblea, D("2015-06-01")});
  EXPECT_EQ(StatusOf(items, "firme.comuni"), CheckStatus::kFail);
  EXPECT_EQ(StatusOf(items, "firme.asl"), CheckStatus::kFail);
  EXPECT_EQ(StatusOf(items, "adp.monitoraggio"), CheckStatus::kFail);
  EXPECT_EQ(StatusOf(items, "adp.durata"), CheckStatus::kFail);
  EXPECT_EQ(StatusOf(items, "capofila.tipo"), CheckStatus::kFail);
  EXPECT_EQ(StatusOf(items, "piano.sezioni"), CheckStatus::kFail);
  EXPECT_EQ(StatusOf(items, "piano.indicatori"), CheckStatus::kFail);
  EXPECT_EQ(StatusOf(items, "scadenza.approvazione-piano"), CheckStatus::kFail);  // overdue
  auto missing = MissingSignatures(a, rs.adp.required_signatories, kComuni);
  EXPECT_EQ(missing, (std::vector<std::string>{"Comune di Fagnano Olona", "ASL (nessuna parte indicata)"}));
  EXPECT_FALSE(AdpSignedOn(a));
}

TEST(Compliance, UfficioDiPianoInsideTheServiceCompanyIsAWarning) {
  Ruleset rs = Lombardia2015();
  Plan p = GoodPlan();
  Adp a = GoodAdp();
  a.capofila_name = "Sercop";
  a.capofila_type = "azienda_speciale_consortile";
  a.udp_host_body = "Sercop – Azienda speciale consortile";
  auto items = CheckCompliance({&p, &a, &rs, kComuni, {}, PlanState::kBozza, D("2015-01-01")});
  EXPECT_EQ(StatusOf(items, "udp.separazione"), CheckStatus::kWarning);
  EXPECT_EQ(StatusOf(items, "capofila.tipo"), CheckStatus::kPass);
}

TEST(Deadlines, FixedDateWithinDaysPendingAndNotSet) {
  Ruleset rs;
  rs.deadlines = {
      {"presentazione", "Presentazione", "DD 360/2020", D("2021-03-31"), {}, "", "trasmesso"},
      {"approvazione-regionale", "Approvazione", "DD 360/2020, §7", {}, 30, "ricezione", "approvato_regione"},
      {"parametro", "Senza data", "atto", {}, {}, "", "trasmesso"}};
  // Transmitted late (5 days), approved 40 days after receipt (10 late).
  std::vector<StateEntry> h = {{PlanState::kTrasmesso, D("2021-04-05")},
                               {PlanState::kApprovatoRegione, D("2021-05-15")}};
  auto d = PlanDeadlines(rs, h, PlanState::kApprovatoRegione, D("2021-06-01"));
  ASSERT_EQ(d.size(), 3u);
  EXPECT_EQ(d[0].status, DeadlineStatus::kDoneLate);
  EXPECT_EQ(d[0].days, 5);
  EXPECT_EQ(d[1].due, D("2021-05-05"));
  EXPECT_EQ(d[1].status, DeadlineStatus::kDoneLate);
  EXPECT_EQ(d[1].days, 10);
  EXPECT_EQ(d[2].status, DeadlineStatus::kDoneOnTime);  // done, no date to compare with

  // Not yet transmitted: the first is overdue, the 30 days wait for receipt, the parameter is not set.
  auto open = PlanDeadlines(rs, {}, PlanState::kBozza, D("2021-04-10"));
  EXPECT_EQ(open[0].status, DeadlineStatus::kOverdue);
  EXPECT_EQ(open[0].days, 10);
  EXPECT_EQ(open[1].status, DeadlineStatus::kPending);
  EXPECT_EQ(open[2].status, DeadlineStatus::kNotSet);

  // The deadline day itself is still in time; received, 30 days counted from receipt.
  auto due = PlanDeadlines(rs, {{PlanState::kTrasmesso, D("2021-03-31")}}, PlanState::kTrasmesso, D("2021-04-20"));
  EXPECT_EQ(due[0].status, DeadlineStatus::kDoneOnTime);
  EXPECT_EQ(due[1].status, DeadlineStatus::kDue);
  EXPECT_EQ(due[1].days, 10);

  // An imported plan past the state counts as done (date unknown).
  auto imported = PlanDeadlines(rs, {}, PlanState::kInAttuazione, D("2022-01-01"));
  EXPECT_EQ(imported[0].status, DeadlineStatus::kDoneOnTime);
}

}  // namespace
}  // namespace pdz::core
