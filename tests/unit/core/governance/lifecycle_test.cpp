// The plan lifecycle: the transition table, who may make each step, guards and refusals with reasons.
#include "core/governance/lifecycle.hpp"

#include <gtest/gtest.h>

namespace pdz::core {
namespace {

const std::set<Capacity> kAmbito = {Capacity::kAmbito};
const std::set<Capacity> kAgency = {Capacity::kAgency};
const std::set<Capacity> kRegion = {Capacity::kRegion};

TEST(Lifecycle, StateCodesRoundTrip) {
  for (auto s : AllPlanStates()) EXPECT_EQ(ParsePlanState(PlanStateCode(s)), s);
  EXPECT_FALSE(ParsePlanState("approvato"));
  EXPECT_EQ(AllPlanStates().size(), 11u);
}

TEST(Lifecycle, DraftsArePrivateAndApprovedTextIsFrozen) {
  EXPECT_FALSE(IsPublicState(PlanState::kBozza));
  EXPECT_FALSE(IsPublicState(PlanState::kInConcertazione));
  EXPECT_TRUE(IsPublicState(PlanState::kApprovatoAssemblea));
  EXPECT_TRUE(IsEditableState(PlanState::kBozza));
  EXPECT_FALSE(IsEditableState(PlanState::kApprovatoAssemblea));
  EXPECT_FALSE(IsEditableState(PlanState::kTrasmesso));
  EXPECT_TRUE(IsEditableState(PlanState::kIntegrazioniRichieste));
  EXPECT_TRUE(IsAdpEditableState(PlanState::kApprovatoAssemblea));
  EXPECT_FALSE(IsAdpEditableState(PlanState::kAdpSottoscritto));
}

TEST(Lifecycle, HappyPathFromDraftToRegionalApproval) {
  TransitionFacts facts;
  struct Step {
    PlanState from, to;
    std::set<Capacity> who;
    bool act;
  };
  for (const auto& s : {Step{PlanState::kBozza, PlanState::kInConcertazione, kAmbito, false},
                        Step{PlanState::kInConcertazione, PlanState::kApprovatoAssemblea, kAmbito, true},
                        Step{PlanState::kApprovatoAssemblea, PlanState::kAdpSottoscritto, kAmbito, false},
                        Step{PlanState::kAdpSottoscritto, PlanState::kTrasmesso, kAgency, false},
                        Step{PlanState::kTrasmesso, PlanState::kApprovatoRegione, kRegion, true},
                        Step{PlanState::kApprovatoRegione, PlanState::kInAttuazione, kAmbito, false},
                        Step{PlanState::kInAttuazione, PlanState::kProrogato, kRegion, false},
                        Step{PlanState::kProrogato, PlanState::kConcluso, kAmbito, false}}) {
    auto r = CheckTransition(s.from, s.to, s.who, facts, s.act, false);
    EXPECT_TRUE(r) << PlanStateCode(s.from) << " -> " << PlanStateCode(s.to) << ": " << r.error().message;
  }
}

TEST(Lifecycle, IllegalTransitionListsTheAllowedOnes) {
  auto r = CheckTransition(PlanState::kBozza, PlanState::kTrasmesso, kAmbito, {}, false, false);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kConflict);
  EXPECT_NE(r.error().message.find("in_concertazione"), std::string::npos) << r.error().message;
  EXPECT_EQ(r.error().details[0].field, "to");
}

TEST(Lifecycle, WrongRoleIsForbiddenAndSaysWhoMay) {
  auto r = CheckTransition(PlanState::kTrasmesso, PlanState::kApprovatoRegione, kAmbito, {}, true, false);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kForbidden);
  EXPECT_NE(r.error().message.find("la Regione"), std::string::npos) << r.error().message;
}

TEST(Lifecycle, ActAndNoteAreRequiredWhereTheTableSays) {
  auto no_act = CheckTransition(PlanState::kInConcertazione, PlanState::kApprovatoAssemblea, kAmbito, {}, false, false);
  ASSERT_FALSE(no_act);
  EXPECT_EQ(no_act.error().details[0].field, "act");
  auto no_note = CheckTransition(PlanState::kTrasmesso, PlanState::kIntegrazioniRichieste, kRegion, {}, false, false);
  ASSERT_FALSE(no_note);
  EXPECT_EQ(no_note.error().details[0].field, "note");
  EXPECT_TRUE(CheckTransition(PlanState::kTrasmesso, PlanState::kIntegrazioniRichieste, kRegion, {}, false, true));
  EXPECT_TRUE(CheckTransition(PlanState::kIntegrazioniRichieste, PlanState::kTrasmesso, kAmbito, {}, false, false));
}

TEST(Lifecycle, SignatureAndCommissarioGuards) {
  TransitionFacts missing;
  missing.missing_signatures = {"Comune di Rho", "ASST Rhodense"};
  auto r = CheckTransition(PlanState::kApprovatoAssemblea, PlanState::kAdpSottoscritto, kAmbito, missing, false, false);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kConflict);
  EXPECT_NE(r.error().message.find("Comune di Rho, ASST Rhodense"), std::string::npos) << r.error().message;

  auto no = CheckTransition(PlanState::kBozza, PlanState::kCommissariato, kRegion, {}, true, false);
  ASSERT_FALSE(no);
  EXPECT_EQ(no.error().code, ErrorCode::kConflict);
  TransitionFacts calabria;
  calabria.commissariamento_allowed = true;
  EXPECT_TRUE(CheckTransition(PlanState::kBozza, PlanState::kCommissariato, kRegion, calabria, true, false));
}

TEST(Lifecycle, NextStepsSayWhyTheUserMayNot) {
  auto steps = NextSteps(PlanState::kTrasmesso, kAmbito, {});
  ASSERT_EQ(steps.size(), 2u);
  for (const auto& s : steps) {
    EXPECT_FALSE(s.allowed);
    EXPECT_NE(s.reason.find("la Regione"), std::string::npos);
  }
  auto region = NextSteps(PlanState::kTrasmesso, kRegion, {});
  EXPECT_TRUE(region[0].allowed && region[1].allowed);
  EXPECT_TRUE(NextSteps(PlanState::kConcluso, kRegion, {}).empty());
  EXPECT_EQ(NextSteps(PlanState::kBozza, kRegion, {}).size(), 1u);  // no commissario where not provided
  TransitionFacts calabria;
  calabria.commissariamento_allowed = true;
  auto steps_cal = NextSteps(PlanState::kBozza, kRegion, calabria);
  ASSERT_EQ(steps_cal.size(), 2u);
  EXPECT_TRUE(steps_cal[1].allowed);
}

}  // namespace
}  // namespace pdz::core
