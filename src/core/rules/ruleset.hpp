// A Region's guidelines for a triennium, as data: every entry cites the act that sets it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/base/date.hpp"
#include "core/money/allocation.hpp"
#include "core/rules/premialita.hpp"

namespace pdz::core {

/// An item of a ruleset's lists (a required plan section, a strategic objective, an area, a fund).
struct CitedItem {
  std::string code;
  std::string title;
  std::string act;
};

/// A deadline: a fixed date, or N days after an event (e.g. regional approval within 30 days of
/// receipt). Neither set = a parameter the Region fills.
struct DeadlineRule {
  std::string code;
  std::string title;
  std::string act;
  std::optional<Date> date;
  std::optional<int> within_days;
  std::string after_event;  // a lifecycle state entered ("trasmesso"), or "ricezione" (= trasmesso)
  std::string met_by;       // the lifecycle state whose first entry meets the deadline ("adp_sottoscritto")
};

/// A data flow owed to the Region (debito informativo): by each comune or by the ambito, for data year
/// Y by month-day of year Y + year_lag.
struct FlowObligationRule {
  std::string flow;     // "spesa", "beneficiari", …
  std::string owed_by;  // "comune" or "ambito"
  std::string act;
  int year_lag = 1;
  int due_month = 6;
  int due_day = 30;
  std::string due_source;  // where the date comes from (the act, or "parametro regionale")
};

struct AdpRules {
  std::vector<std::string> required_signatories;  // "comuni", "ats", "asst", "asl", "asp"
  std::vector<std::string> allowed_capofila_types;
  std::string act;
  /// The act that lets the Region appoint a commissario ad acta when the deadline passes (empty: not provided).
  std::string commissario_ad_acta_act;
};

/// How the Region splits its funds among ambiti. A component absent from the file is not used; one
/// present as null is a parameter the Region fills when it runs the allocation.
struct AllocationRules {
  bool present = false;
  std::string act;
  std::optional<Cents> fixed_quota;
  std::optional<Cents> reward_pot;
  std::optional<int> integration_threshold_bp;
  std::optional<int> cut_bp;
  std::vector<AgeWeight> age_weights;
  std::vector<std::string> parameters;  // the components left to the Region ("reward_pot_cents", …)
  std::string notes;
};

/// A question of the plan's evaluation at one of the three levels of seed 004: esiti (what was done),
/// risultati (effects for people, integration, governance), impatto (ex-post, end of the triennium).
struct EvaluationQuestion {
  std::string level;  // "esiti", "risultati", "impatto"
  std::string code;
  std::string question;
  bool rating = false;  // also asks a 1-5 rating
};

/// A monitoring report the Region asks for (seed 002: "Relazioni di previsione, avanzamento e
/// consuntivo"), due in exactly one way: a fixed date, N days after the plan's start, periodically
/// (every M months from the plan's start, each period's report N days after the period's end), or N
/// days after the plan's end.
struct ReportRule {
  std::string kind;   // "previsione", "avanzamento", "consuntivo"
  std::string label;  // "Relazione di avanzamento"
  std::string act;    // the act, or "parametro regionale (non fissato dall'atto)"
  std::optional<Date> due;
  std::optional<int> due_after_start_days;
  std::optional<int> every_months;  // with due_after_days
  std::optional<int> due_after_days;
  std::optional<int> due_after_period_days;
};

/// How the Region monitors the plans: the thresholds of the judgements (progress against the time
/// elapsed), the reports it asks for and the evaluation questions. Absent: the defaults, shown as such.
struct MonitoringRules {
  bool present = false;
  std::string act;
  double on_track = 0.9;
  double at_risk = 0.6;
  std::string thresholds_source;    // the act, or "parametro regionale …"
  std::vector<ReportRule> reports;  // empty: the defaults (core::DefaultReportRules)
  std::vector<EvaluationQuestion> questions;
};

struct Ruleset {
  std::string code;    // "lombardia-2018-2020"
  std::string region;  // ISTAT region code
  std::string title;
  std::string act;  // the guidelines' act: "DGR 7631/2017"
  Date period_from;
  Date period_to;
  std::vector<CitedItem> required_sections;
  std::vector<CitedItem> strategic_objectives;
  std::vector<CitedItem> thematic_areas;
  std::vector<CitedItem> funds;
  std::vector<DeadlineRule> deadlines;
  std::vector<FlowObligationRule> information_flows;
  AdpRules adp;
  PremialitaRules premialita;
  AllocationRules allocation;
  MonitoringRules monitoring;
  std::vector<std::string> parameters;  // JSON paths of the values the acts leave to the Region
};

}  // namespace pdz::core
