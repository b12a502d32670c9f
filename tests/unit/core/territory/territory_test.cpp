// Membership periods, overlap, merge planning, codes and suggestions.
#include "core/territory/territory.hpp"

#include <gtest/gtest.h>

namespace pdz::core {
namespace {

Date D(const char* s) { return *Date::Parse(s); }

}  // namespace

TEST(Territory, ValidatesCodes) {
  EXPECT_TRUE(IsIstatComuneCode("015182"));
  EXPECT_FALSE(IsIstatComuneCode("15182"));
  EXPECT_FALSE(IsIstatComuneCode("01518a"));
  EXPECT_TRUE(IsStableCode("medio-olona"));
  EXPECT_FALSE(IsStableCode("Medio Olona"));
  EXPECT_FALSE(IsStableCode(""));
  EXPECT_FALSE(IsStableCode("-x"));
}

TEST(Territory, CapofilaTypesRoundTrip) {
  auto t = ParseCapofilaType("azienda_speciale_consortile");
  ASSERT_TRUE(t);
  EXPECT_EQ(CapofilaTypeLabel(*t), "Azienda speciale consortile");
  EXPECT_EQ(CapofilaTypeCode(*t), "azienda_speciale_consortile");
  EXPECT_FALSE(ParseCapofilaType("spa"));
}

TEST(Territory, PeriodsOverlapInclusiveOfBothEnds) {
  EXPECT_TRUE(PeriodsOverlap(D("2015-01-01"), D("2018-12-31"), D("2018-12-31"), std::nullopt));
  EXPECT_FALSE(PeriodsOverlap(D("2015-01-01"), D("2018-12-31"), D("2019-01-01"), std::nullopt));
  EXPECT_TRUE(PeriodsOverlap(D("2015-01-01"), std::nullopt, D("2030-01-01"), D("2030-01-01")));
  EXPECT_FALSE(PeriodsOverlap(D("2020-01-01"), std::nullopt, D("2015-01-01"), D("2019-12-31")));
}

TEST(Territory, ComuneCannotBeInTwoAmbitiOnTheSameDay) {
  std::vector<Membership> existing = {{"015182", "rhodense", D("2015-01-01"), std::nullopt}};
  auto r = CheckNoOverlap(existing, {"015182", "garbagnatese", D("2019-01-01"), std::nullopt});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kMembershipOverlap);
  EXPECT_NE(r.error().message.find("rhodense"), std::string::npos);
  EXPECT_TRUE(CheckNoOverlap(existing, {"015009", "garbagnatese", D("2019-01-01"), std::nullopt}));
}

TEST(Territory, MembershipAfterAClosedOneIsAllowed) {
  std::vector<Membership> existing = {{"015182", "rhodense", D("2015-01-01"), D("2018-12-31")}};
  EXPECT_TRUE(CheckNoOverlap(existing, {"015182", "nord-ovest", D("2019-01-01"), std::nullopt}));
  auto r = CheckNoOverlap(existing, {"015182", "x", D("2019-01-01"), D("2018-01-01")});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kValidationFailed);
}

TEST(Territory, MergeClosesSourcesTheDayBeforeAndOpensTheNewAmbito) {
  std::vector<Membership> ms = {
      {"015182", "rhodense", D("2015-01-01"), std::nullopt},
      {"015009", "rhodense", D("2015-01-01"), std::nullopt},
      {"015027", "garbagnatese", D("2015-01-01"), std::nullopt},
      {"015999", "garbagnatese", D("2015-01-01"), D("2016-12-31")},  // left earlier: untouched
  };
  auto plan = PlanMerge({"rhodense", "garbagnatese"}, "nord-ovest", D("2019-01-01"), ms);
  ASSERT_TRUE(plan) << plan.error().message;
  ASSERT_EQ(plan->to_close.size(), 3u);
  ASSERT_EQ(plan->to_open.size(), 3u);
  for (const auto& m : plan->to_close) EXPECT_EQ(m.to->ToString(), "2018-12-31");
  for (const auto& m : plan->to_open) {
    EXPECT_EQ(m.ambito_code, "nord-ovest");
    EXPECT_EQ(m.from.ToString(), "2019-01-01");
    EXPECT_FALSE(m.to);
  }
}

TEST(Territory, MergeRefusesASourceWithoutComuniOnTheDate) {
  std::vector<Membership> ms = {{"015182", "rhodense", D("2015-01-01"), std::nullopt}};
  auto plan = PlanMerge({"rhodense", "vuoto"}, "x", D("2019-01-01"), ms);
  ASSERT_FALSE(plan);
  ASSERT_EQ(plan.error().details.size(), 1u);
  EXPECT_EQ(plan.error().details[0].field, "sources[1]");
}

TEST(Territory, MergeRefusesAMembershipStartingOnTheMergeDate) {
  std::vector<Membership> ms = {{"015182", "rhodense", D("2019-01-01"), std::nullopt}};
  EXPECT_FALSE(PlanMerge({"rhodense"}, "x", D("2019-01-01"), ms));
}

TEST(Territory, SuggestsTheNearestName) {
  EXPECT_EQ(Suggest("Rodense", {"rhodense", "garbagnatese", "medio-olona"}), "rhodense");
  EXPECT_FALSE(Suggest("zzzzzzzz", {"rhodense", "garbagnatese"}));
  EXPECT_FALSE(Suggest("rhodense", {"rhodense"}));  // exact: nothing to suggest
}

}  // namespace pdz::core
