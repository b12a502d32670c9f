// The Piano di Zona: sections and the objectives matrix (general objective > specific objectives >
// actions, outcome indicators, tools, resources, timing), its rules and the comparison of revisions.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/base/date.hpp"
#include "core/base/error.hpp"
#include "core/money/money.hpp"

namespace pdz::core {

struct PlanSection {
  std::string code;  // "contesto", "bisogni", … (a ruleset may require some)
  std::string title;
  std::string body;  // Markdown
};

/// A value of an indicator at a date (baseline or target).
struct IndicatorPoint {
  std::optional<double> value;
  std::string text;  // when the value is stated in words
  std::optional<Date> date;
};

enum class Dimension { kNone, kConoscenze, kRisorse, kServizi };  // DGR 2941/2014 §4

struct Indicator {
  std::string id;  // stable across revisions ("i3"): monitoring points at it
  std::string name;
  std::string unit;
  IndicatorPoint baseline;
  IndicatorPoint target;
  std::string source;
  Dimension dimension = Dimension::kNone;
  double weight = 1;  // in the monitoring roll-up (0: shown, not counted)
};

/// An action of a specific objective.
struct Action {
  std::string id;  // stable across revisions ("a7"): monitoring points at it
  std::string text;
  double weight = 1;
  std::optional<Date> due;  // when absent, the specific objective's timing date applies
  bool operator==(const Action&) const = default;
};

struct FinancialResource {
  std::string description;
  std::optional<Cents> amount;
  std::string fund;  // a code of the ruleset's funds catalogue, or empty
  std::vector<int> years;
};

struct Resources {
  std::vector<FinancialResource> financial;
  std::vector<std::string> professional;
};

enum class TimingKind { kDate, kRecurrence, kCondition };

/// "31.12.2017", "ogni 6 mesi", "da definirsi in relazione all'emissione dei bandi".
struct Timing {
  TimingKind kind = TimingKind::kCondition;
  std::string text;
  std::optional<Date> date;
};

struct SpecificObjective {
  std::string id;  // stable across revisions; numbering follows order
  std::string title;
  std::string kind;                // potenziamento, rimodulazione, nuovo_servizio, or empty
  std::vector<std::string> areas;  // tavoli tematici
  std::vector<Action> actions;
  std::vector<Indicator> indicators;
  std::vector<std::string> tools;
  Resources resources;
  Timing timing;
  double weight = 1;
};

struct GeneralObjective {
  std::string id;
  std::string title;
  std::vector<std::string> areas;
  std::vector<std::string> strategic_objectives;  // codes of the Region's strategic objectives
  std::vector<SpecificObjective> specific;
  double weight = 1;
};

struct Plan {
  std::string ambito;
  std::string title;
  std::string subtitle;
  std::string ruleset;  // code, or empty
  Date period_from;
  Date period_to;
  std::vector<PlanSection> sections;
  std::vector<GeneralObjective> objectives;
};

std::string_view DimensionCode(Dimension d);
std::optional<Dimension> ParseDimension(std::string_view code);
std::string_view TimingKindCode(TimingKind k);
std::optional<TimingKind> ParseTimingKind(std::string_view code);
bool IsInterventionKind(std::string_view kind);

/// What a ruleset allows, for checking a plan (empty sets: anything goes).
struct PlanCatalogue {
  std::set<std::string> funds;
  std::set<std::string> areas;
  std::set<std::string> strategic_objectives;
};

/// Checks the plan's rules, naming each problem by path ("objectives[3].specific[0].indicators[1].target.date"):
/// period order, titles present, target date not before baseline date, no negative amount,
/// known funds, areas and strategic objectives, timing dates, unique ids.
Result<void> ValidatePlan(const Plan& plan, const PlanCatalogue& catalogue);

/// Gives an id to every objective, action and indicator that has none ("g1", "s4", "a7", "i2"…),
/// keeping the existing ones; new ones follow the highest number in use, in document order, so a
/// plan without ids gets the same ones every time.
void AssignIds(Plan& plan);

/// One difference between two revisions.
struct PlanChange {
  std::string kind;                 // added, removed, changed, moved
  std::string what;                 // section, objective, specific_objective, plan
  std::string path;                 // "objectives[2].specific[1]" in the newer revision (older when removed)
  std::string label;                // the title, for people
  std::vector<std::string> fields;  // for changed: which fields
};

/// Compares two revisions: sections by code; objectives and rows by id.
std::vector<PlanChange> DiffPlans(const Plan& before, const Plan& after);

}  // namespace pdz::core
