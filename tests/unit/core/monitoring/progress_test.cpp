// Monitoring computations: action states, overdue, expected progress, indicator progress and
// judgement, measurement dates, weighted roll-ups.
#include "core/monitoring/progress.hpp"

#include <gtest/gtest.h>

namespace pdz::core {
namespace {

Date D(const char* s) { return *Date::Parse(s); }

TEST(Monitoring, ActionStatesAreCheckedByField) {
  EXPECT_TRUE(ValidateActionState({ActionStatus::kInProgress, 40}));
  EXPECT_TRUE(ValidateActionState({ActionStatus::kDone, 100}));
  auto over = ValidateActionState({ActionStatus::kInProgress, 120});
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().code, ErrorCode::kValidationFailed);
  EXPECT_EQ(over.error().details.at(0).field, "progress");
  EXPECT_EQ(over.error().details.at(0).value, "120");
  EXPECT_FALSE(ValidateActionState({ActionStatus::kInProgress, -1}));
  EXPECT_FALSE(ValidateActionState({ActionStatus::kDone, 90}));
  EXPECT_FALSE(ValidateActionState({ActionStatus::kNotStarted, 10}));
}

TEST(Monitoring, StatusCodesRoundTrip) {
  for (auto s : {ActionStatus::kNotStarted, ActionStatus::kInProgress, ActionStatus::kDone, ActionStatus::kSuspended,
                 ActionStatus::kCancelled}) {
    EXPECT_EQ(ParseActionStatus(ActionStatusCode(s)), s);
  }
  EXPECT_FALSE(ParseActionStatus("finished"));
}

TEST(Monitoring, OverdueIsPastTheDueDayAndNotDoneOrCancelled) {
  EXPECT_FALSE(IsOverdue({ActionStatus::kInProgress, 50}, D("2022-12-31"), D("2022-12-31")));
  EXPECT_TRUE(IsOverdue({ActionStatus::kInProgress, 50}, D("2022-12-31"), D("2023-01-01")));
  EXPECT_TRUE(IsOverdue({ActionStatus::kSuspended, 0}, D("2022-12-31"), D("2023-01-01")));
  EXPECT_FALSE(IsOverdue({ActionStatus::kDone, 100}, D("2022-12-31"), D("2023-06-01")));
  EXPECT_FALSE(IsOverdue({ActionStatus::kCancelled, 0}, D("2022-12-31"), D("2023-06-01")));
  EXPECT_FALSE(IsOverdue({ActionStatus::kNotStarted, 0}, std::nullopt, D("2030-01-01")));  // no date: never
}

TEST(Monitoring, ExpectedProgressIsTheTimeElapsed) {
  EXPECT_DOUBLE_EQ(ExpectedProgress(D("2021-01-01"), D("2021-01-11"), D("2021-01-06")), 0.5);
  EXPECT_DOUBLE_EQ(ExpectedProgress(D("2021-01-01"), D("2021-01-11"), D("2020-06-01")), 0.0);
  EXPECT_DOUBLE_EQ(ExpectedProgress(D("2021-01-01"), D("2021-01-11"), D("2022-06-01")), 1.0);
  EXPECT_DOUBLE_EQ(ExpectedProgress(D("2021-01-01"), D("2021-01-01"), D("2021-01-01")), 1.0);
}

TEST(Monitoring, IndicatorProgressFromBaselineToTarget) {
  Thresholds t;
  // Halfway through the period, 40% of the way: on track needs 0.9 × 0.5 = 0.45 -> at risk (>= 0.3).
  IndicatorInput in{
      .baseline = 10, .target = 20, .baseline_date = D("2021-01-01"), .target_date = D("2021-01-11"), .latest = 14};
  auto a = AssessIndicator(in, D("2021-01-01"), D("2023-12-31"), D("2021-01-06"), t);
  ASSERT_TRUE(a.progress);
  EXPECT_DOUBLE_EQ(*a.progress, 0.4);
  EXPECT_DOUBLE_EQ(a.expected, 0.5);
  EXPECT_EQ(a.judgement, Judgement::kAtRisk);
  in.latest = 15;
  EXPECT_EQ(AssessIndicator(in, D("2021-01-01"), D("2023-12-31"), D("2021-01-06"), t).judgement, Judgement::kOnTrack);
  in.latest = 11;
  EXPECT_EQ(AssessIndicator(in, D("2021-01-01"), D("2023-12-31"), D("2021-01-06"), t).judgement, Judgement::kOffTrack);
  in.latest = 25;  // beyond the target: achieved, progress capped at 1
  auto beyond = AssessIndicator(in, D("2021-01-01"), D("2023-12-31"), D("2021-01-06"), t);
  EXPECT_DOUBLE_EQ(*beyond.progress, 1.0);
  EXPECT_EQ(beyond.judgement, Judgement::kAchieved);
}

TEST(Monitoring, ADecreaseAskedForCountsDownward) {
  IndicatorInput in{.baseline = 30, .target = 20, .latest = 25};  // waiting list from 30 to 20
  auto a = AssessIndicator(in, D("2021-01-01"), D("2023-12-31"), D("2023-12-31"), Thresholds{});
  EXPECT_DOUBLE_EQ(*a.progress, 0.5);
  EXPECT_DOUBLE_EQ(a.expected, 1.0);             // the plan's end: all of it was expected
  EXPECT_EQ(a.judgement, Judgement::kOffTrack);  // 0.5 < 1.0 × 0.6
  in.latest = 23;                                // 0.7: at risk
  EXPECT_EQ(AssessIndicator(in, D("2021-01-01"), D("2023-12-31"), D("2023-12-31"), Thresholds{}).judgement,
            Judgement::kAtRisk);
  in.latest = 35;  // worse than the baseline: no progress, not negative
  EXPECT_DOUBLE_EQ(*AssessIndicator(in, D("2021-01-01"), D("2023-12-31"), D("2023-12-31"), Thresholds{}).progress, 0.0);
}

TEST(Monitoring, WordsOnlyOrUnmeasuredIndicatorsAreSaidSo) {
  IndicatorInput words{.latest = 3};
  EXPECT_EQ(AssessIndicator(words, D("2021-01-01"), D("2023-12-31"), D("2022-01-01"), {}).judgement,
            Judgement::kNotComputable);
  IndicatorInput unmeasured{.baseline = 0, .target = 10};
  auto u = AssessIndicator(unmeasured, D("2021-01-01"), D("2023-12-31"), D("2022-01-01"), {});
  EXPECT_EQ(u.judgement, Judgement::kNotMeasured);
  EXPECT_FALSE(u.progress);
}

TEST(Monitoring, TheRulesetsThresholdsDecide) {
  Thresholds strict{.on_track = 1.0, .at_risk = 0.8};
  EXPECT_EQ(Judge(0.45, 0.5, Thresholds{}), Judgement::kOnTrack);
  EXPECT_EQ(Judge(0.45, 0.5, strict), Judgement::kAtRisk);
  EXPECT_EQ(Judge(0.35, 0.5, strict), Judgement::kOffTrack);
  EXPECT_EQ(Judge(std::nullopt, 0.5, strict), Judgement::kNotMeasured);
}

TEST(Monitoring, MeasurementDatesInsideThePeriodAndAfterTheBaseline) {
  EXPECT_TRUE(ValidateMeasurementDate(D("2022-06-30"), D("2021-01-01"), D("2023-12-31"), D("2020-12-31")));
  auto before = ValidateMeasurementDate(D("2020-12-31"), D("2021-01-01"), D("2023-12-31"), std::nullopt);
  ASSERT_FALSE(before);
  EXPECT_EQ(before.error().details.at(0).field, "measured_on");
  EXPECT_FALSE(ValidateMeasurementDate(D("2024-01-01"), D("2021-01-01"), D("2023-12-31"), std::nullopt));
  auto early = ValidateMeasurementDate(D("2021-03-01"), D("2021-01-01"), D("2023-12-31"), D("2021-06-30"));
  ASSERT_FALSE(early);
  EXPECT_NE(early.error().details.at(0).reason.find("baseline"), std::string::npos);
}

TEST(Monitoring, WeightedMeansSkipWhatWeighsNothing) {
  EXPECT_DOUBLE_EQ(*WeightedMean({{1.0, 1}, {0.0, 1}}), 0.5);
  EXPECT_DOUBLE_EQ(*WeightedMean({{1.0, 3}, {0.0, 1}}), 0.75);
  EXPECT_DOUBLE_EQ(*WeightedMean({{1.0, 1}, {0.0, 0}}), 1.0);  // a cancelled action (weight 0)
  EXPECT_FALSE(WeightedMean({}));
  EXPECT_FALSE(WeightedMean({{0.3, 0}}));
}

}  // namespace
}  // namespace pdz::core
