// Monitoring of a plan (issue 7, docs/monitoring.md §4): actions' status and progress, indicators'
// progress from baseline to target against the time elapsed, judgements by the ruleset's
// thresholds, and weighted roll-ups. Pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/date.hpp"
#include "core/base/error.hpp"

namespace pdz::core {

enum class ActionStatus { kNotStarted, kInProgress, kDone, kSuspended, kCancelled };

std::string_view ActionStatusCode(ActionStatus s);
std::string_view ActionStatusLabel(ActionStatus s);  // Italian
std::optional<ActionStatus> ParseActionStatus(std::string_view code);

struct ActionState {
  ActionStatus status = ActionStatus::kNotStarted;
  int progress = 0;  // percent
};

/// Progress 0..100; done means 100; not started means 0. Errors name the field.
Result<void> ValidateActionState(const ActionState& state);

/// Past its due date (inclusive of the day after) and neither done nor cancelled.
bool IsOverdue(const ActionState& state, std::optional<Date> due, Date today);

/// The share of the way from `from` to `to` that `as_of` has gone, in [0, 1] (1 when to <= from).
double ExpectedProgress(Date from, Date to, Date as_of);

/// The ruleset's thresholds: on track when progress >= expected × on_track, at risk when
/// >= expected × at_risk, else off track.
struct Thresholds {
  double on_track = 0.9;
  double at_risk = 0.6;
};

enum class Judgement { kAchieved, kOnTrack, kAtRisk, kOffTrack, kNotMeasured, kNotComputable };
std::string_view JudgementCode(Judgement j);
std::string_view JudgementLabel(Judgement j);  // Italian

Judgement Judge(std::optional<double> progress, double expected, const Thresholds& t);

/// An outcome indicator as monitoring sees it.
struct IndicatorInput {
  std::optional<double> baseline, target;
  std::optional<Date> baseline_date, target_date;
  std::optional<double> latest;  // the latest measurement's value
};

struct IndicatorProgress {
  std::optional<double> progress;  // [0, 1]; nullopt when not measured or not computable
  double expected = 0;
  Judgement judgement = Judgement::kNotMeasured;
};

/// Progress = (latest − baseline) / (target − baseline), clamped to [0, 1]; a target below the
/// baseline asks for a decrease. Dates default to the plan's period.
IndicatorProgress AssessIndicator(const IndicatorInput& in, Date plan_from, Date plan_to, Date as_of,
                                  const Thresholds& t);

/// A measurement must fall inside the plan's period and not before the indicator's baseline date.
Result<void> ValidateMeasurementDate(Date measured_on, Date plan_from, Date plan_to, std::optional<Date> baseline_date);

struct Weighted {
  double value = 0;
  double weight = 1;
};

/// The weighted mean; nullopt when nothing weighs (no items, or all weights 0).
std::optional<double> WeightedMean(const std::vector<Weighted>& items);

}  // namespace pdz::core
