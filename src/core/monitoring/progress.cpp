// Monitoring computations (docs/monitoring.md §4).
#include "core/monitoring/progress.hpp"

#include <algorithm>
#include <cmath>

namespace pdz::core {

std::string_view ActionStatusCode(ActionStatus s) {
  switch (s) {
    case ActionStatus::kNotStarted:
      return "not_started";
    case ActionStatus::kInProgress:
      return "in_progress";
    case ActionStatus::kDone:
      return "done";
    case ActionStatus::kSuspended:
      return "suspended";
    case ActionStatus::kCancelled:
      return "cancelled";
  }
  return "not_started";
}

std::string_view ActionStatusLabel(ActionStatus s) {
  switch (s) {
    case ActionStatus::kNotStarted:
      return "Non avviata";
    case ActionStatus::kInProgress:
      return "In corso";
    case ActionStatus::kDone:
      return "Conclusa";
    case ActionStatus::kSuspended:
      return "Sospesa";
    case ActionStatus::kCancelled:
      return "Annullata";
  }
  return "Non avviata";
}

std::optional<ActionStatus> ParseActionStatus(std::string_view code) {
  for (auto s : {ActionStatus::kNotStarted, ActionStatus::kInProgress, ActionStatus::kDone, ActionStatus::kSuspended,
                 ActionStatus::kCancelled}) {
    if (ActionStatusCode(s) == code) return s;
  }
  return std::nullopt;
}

Result<void> ValidateActionState(const ActionState& state) {
  auto bad = [&](const std::string& reason) {
    return MakeError(ErrorCode::kValidationFailed, "Avanzamento non valido: " + reason + ".",
                     {{.field = "progress", .value = std::to_string(state.progress), .reason = reason}});
  };
  if (state.progress < 0 || state.progress > 100) return bad("deve essere una percentuale da 0 a 100");
  if (state.status == ActionStatus::kDone && state.progress != 100) return bad("un'azione conclusa è al 100%");
  if (state.status == ActionStatus::kNotStarted && state.progress != 0) return bad("un'azione non avviata è allo 0%");
  return Ok();
}

bool IsOverdue(const ActionState& state, std::optional<Date> due, Date today) {
  if (!due || state.status == ActionStatus::kDone || state.status == ActionStatus::kCancelled) return false;
  return today > *due;
}

double ExpectedProgress(Date from, Date to, Date as_of) {
  long span = to.ToDays() - from.ToDays();
  if (span <= 0) return as_of >= to ? 1.0 : 0.0;
  double x = static_cast<double>(as_of.ToDays() - from.ToDays()) / static_cast<double>(span);
  return std::clamp(x, 0.0, 1.0);
}

std::string_view JudgementCode(Judgement j) {
  switch (j) {
    case Judgement::kAchieved:
      return "achieved";
    case Judgement::kOnTrack:
      return "on_track";
    case Judgement::kAtRisk:
      return "at_risk";
    case Judgement::kOffTrack:
      return "off_track";
    case Judgement::kNotMeasured:
      return "not_measured";
    case Judgement::kNotComputable:
      return "not_computable";
  }
  return "not_measured";
}

std::string_view JudgementLabel(Judgement j) {
  switch (j) {
    case Judgement::kAchieved:
      return "Raggiunto";
    case Judgement::kOnTrack:
      return "In linea";
    case Judgement::kAtRisk:
      return "A rischio";
    case Judgement::kOffTrack:
      return "In ritardo";
    case Judgement::kNotMeasured:
      return "Non misurato";
    case Judgement::kNotComputable:
      return "Non calcolabile";
  }
  return "Non misurato";
}

Judgement Judge(std::optional<double> progress, double expected, const Thresholds& t) {
  if (!progress) return Judgement::kNotMeasured;
  constexpr double kEps = 1e-9;
  if (*progress >= 1.0 - kEps) return Judgement::kAchieved;
  if (*progress + kEps >= expected * t.on_track) return Judgement::kOnTrack;
  if (*progress + kEps >= expected * t.at_risk) return Judgement::kAtRisk;
  return Judgement::kOffTrack;
}

IndicatorProgress AssessIndicator(const IndicatorInput& in, Date plan_from, Date plan_to, Date as_of,
                                  const Thresholds& t) {
  IndicatorProgress out;
  out.expected = ExpectedProgress(in.baseline_date.value_or(plan_from), in.target_date.value_or(plan_to), as_of);
  if (!in.baseline || !in.target) {
    out.judgement = Judgement::kNotComputable;
    return out;
  }
  if (!in.latest) {
    out.judgement = Judgement::kNotMeasured;
    return out;
  }
  double span = *in.target - *in.baseline;
  double p;
  if (std::fabs(span) < 1e-12) {
    p = *in.latest >= *in.target ? 1.0 : 0.0;
  } else {
    p = (*in.latest - *in.baseline) / span;  // a decrease asked for: both negative
  }
  out.progress = std::clamp(p, 0.0, 1.0);
  out.judgement = Judge(out.progress, out.expected, t);
  return out;
}

Result<void> ValidateMeasurementDate(Date measured_on, Date plan_from, Date plan_to,
                                     std::optional<Date> baseline_date) {
  auto bad = [&](const std::string& reason) {
    return MakeError(ErrorCode::kValidationFailed, "Data della misurazione non valida: " + reason + ".",
                     {{.field = "measured_on", .value = measured_on.ToString(), .reason = reason}});
  };
  if (measured_on < plan_from || measured_on > plan_to) {
    return bad("fuori dal periodo del piano (" + plan_from.ToItalian() + " – " + plan_to.ToItalian() + ")");
  }
  if (baseline_date && measured_on < *baseline_date) {
    return bad("precedente alla data della baseline (" + baseline_date->ToItalian() + ")");
  }
  return Ok();
}

std::optional<double> WeightedMean(const std::vector<Weighted>& items) {
  double sum = 0, weights = 0;
  for (const auto& w : items) {
    if (w.weight <= 0) continue;
    sum += w.value * w.weight;
    weights += w.weight;
  }
  if (weights <= 0) return std::nullopt;
  return sum / weights;
}

}  // namespace pdz::core
