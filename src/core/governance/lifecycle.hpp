// The plan's lifecycle: its states, the table of allowed transitions with who may make each, and the
// check that refuses an illegal one with the reason. Pure: the app layer supplies who is acting and the facts.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/error.hpp"

namespace pdz::core {

enum class PlanState {
  kBozza,
  kInConcertazione,
  kApprovatoAssemblea,
  kAdpSottoscritto,
  kTrasmesso,
  kIntegrazioniRichieste,
  kApprovatoRegione,
  kInAttuazione,
  kConcluso,
  kProrogato,
  kCommissariato,
};

std::string_view PlanStateCode(PlanState s);
std::string_view PlanStateLabel(PlanState s);  // Italian: "approvato dall'Assemblea"
std::optional<PlanState> ParsePlanState(std::string_view code);
const std::vector<PlanState>& AllPlanStates();
/// "bozza, in_concertazione, …" for error messages.
std::string PlanStateCodes();

/// How far along the ordinary path a state is (bozza 0 … concluso 8); a deadline met by state X counts as
/// met by a plan already past X even when its history was not recorded (an imported plan).
int PlanStateRank(PlanState s);

/// Anyone may read a plan in a public state; the others are private to the ambito (and those above it).
bool IsPublicState(PlanState s);
/// The plan's text may be saved: drafting, concertation, integrations asked by the Region, a commissario
/// ad acta at work, and re-modulation during implementation or extension (seed 004, fase 4).
bool IsEditableState(PlanState s);
/// The AdP (data, parties) may still change: until it is signed, or when the Region asks integrations.
bool IsAdpEditableState(PlanState s);

/// In what capacity an actor takes part in a plan's life, derived from their grants on the plan's place.
enum class Capacity {
  kAmbito,  // the ambito's Ufficio di Piano, recording the acts of the Assemblea dei Sindaci
  kAgency,  // the ATS/ASL/ASP of the ambito (it transmits plan and AdP to the Region in Lombardia)
  kRegion,  // the Region's staff
};
std::string_view CapacityLabel(Capacity c);  // Italian: "l'Ufficio di Piano dell'ambito"

/// One row of the transition table.
struct Transition {
  PlanState from;
  PlanState to;
  std::vector<Capacity> who;
  std::string label;        // Italian verb phrase: "avviare la concertazione"
  bool needs_act = false;   // a linked act (deliberation, decree) is required
  bool needs_note = false;  // a note is required (e.g. which integrations)
};

const std::vector<Transition>& Transitions();

/// What the check needs to know beyond the states.
struct TransitionFacts {
  std::vector<std::string> missing_signatures;  // required parties not signed yet (names)
  bool commissariamento_allowed = false;        // the ruleset provides a commissario ad acta
};

/// Refuses with: conflict (409) when `to` is not reachable from `from` (the message lists what is);
/// forbidden (403) when none of `who` may make it (the message says who may); validation_failed (422)
/// when the act or note is missing; conflict when a guard fails (signatures missing, no commissariamento).
Result<const Transition*> CheckTransition(PlanState from, PlanState to, const std::set<Capacity>& who,
                                          const TransitionFacts& facts, bool has_act, bool has_note);

/// A next step from the current state, with whether this actor may take it now and why not.
struct NextStep {
  const Transition* transition = nullptr;
  bool allowed = false;
  std::string reason;  // Italian, empty when allowed
};
/// Steps to a commissario ad acta are left out where the ruleset does not provide one.
std::vector<NextStep> NextSteps(PlanState from, const std::set<Capacity>& who, const TransitionFacts& facts);

}  // namespace pdz::core
