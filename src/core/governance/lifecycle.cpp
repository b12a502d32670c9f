// The lifecycle table and its check.
#include "core/governance/lifecycle.hpp"

#include <algorithm>
#include <array>

namespace pdz::core {
namespace {

struct StateInfo {
  PlanState state;
  std::string_view code;
  std::string_view label;
  bool is_public;
  bool editable;
  bool adp_editable;
};

constexpr std::array kStates = {
    StateInfo{PlanState::kBozza, "bozza", "bozza", false, true, true},
    StateInfo{PlanState::kInConcertazione, "in_concertazione", "in concertazione", false, true, true},
    StateInfo{PlanState::kApprovatoAssemblea, "approvato_assemblea", "approvato dall'Assemblea dei Sindaci", true,
              false, true},
    StateInfo{PlanState::kAdpSottoscritto, "adp_sottoscritto", "Accordo di Programma sottoscritto", true, false, false},
    StateInfo{PlanState::kTrasmesso, "trasmesso", "trasmesso alla Regione", true, false, false},
    StateInfo{PlanState::kIntegrazioniRichieste, "integrazioni_richieste", "integrazioni richieste dalla Regione", true,
              true, true},
    StateInfo{PlanState::kApprovatoRegione, "approvato_regione", "approvato dalla Regione", true, false, false},
    StateInfo{PlanState::kInAttuazione, "in_attuazione", "in attuazione", true, true, false},
    StateInfo{PlanState::kConcluso, "concluso", "concluso", true, false, false},
    StateInfo{PlanState::kProrogato, "prorogato", "prorogato fino al piano successivo", true, true, false},
    StateInfo{PlanState::kCommissariato, "commissariato", "commissariato (commissario ad acta)", false, true, true},
};

const StateInfo& Info(PlanState s) {
  for (const auto& i : kStates)
    if (i.state == s) return i;
  PDZ_ASSERT(false, "unknown PlanState");
  return kStates[0];
}

using C = Capacity;
using S = PlanState;

std::string WhoText(const std::vector<Capacity>& who) {
  std::string out;
  for (size_t i = 0; i < who.size(); ++i) {
    if (i > 0) out += i + 1 == who.size() ? " o " : ", ";
    out += CapacityLabel(who[i]);
  }
  return out;
}

bool Any(const std::vector<Capacity>& who, const std::set<Capacity>& have) {
  return std::any_of(who.begin(), who.end(), [&](Capacity c) { return have.count(c) > 0; });
}

/// Why a guard refuses the transition, or "".
std::string GuardFailure(const Transition& t, const TransitionFacts& facts) {
  if (t.to == S::kAdpSottoscritto && !facts.missing_signatures.empty()) {
    std::string names;
    for (const auto& n : facts.missing_signatures) names += (names.empty() ? "" : ", ") + n;
    return "mancano le firme di: " + names;
  }
  if (t.to == S::kCommissariato && !facts.commissariamento_allowed) {
    return "le linee guida del piano non prevedono la nomina di un commissario ad acta";
  }
  return {};
}

}  // namespace

std::string_view PlanStateCode(PlanState s) { return Info(s).code; }

int PlanStateRank(PlanState s) {
  switch (s) {
    case S::kBozza:
      return 0;
    case S::kInConcertazione:
    case S::kCommissariato:
      return 1;
    case S::kApprovatoAssemblea:
      return 2;
    case S::kAdpSottoscritto:
      return 3;
    case S::kTrasmesso:
    case S::kIntegrazioniRichieste:
      return 4;
    case S::kApprovatoRegione:
      return 5;
    case S::kInAttuazione:
      return 6;
    case S::kProrogato:
      return 7;
    case S::kConcluso:
      return 8;
  }
  return 0;
}
std::string_view PlanStateLabel(PlanState s) { return Info(s).label; }
bool IsPublicState(PlanState s) { return Info(s).is_public; }
bool IsEditableState(PlanState s) { return Info(s).editable; }
bool IsAdpEditableState(PlanState s) { return Info(s).adp_editable; }

std::optional<PlanState> ParsePlanState(std::string_view code) {
  for (const auto& i : kStates)
    if (i.code == code) return i.state;
  return std::nullopt;
}

const std::vector<PlanState>& AllPlanStates() {
  static const std::vector<PlanState> kAll = [] {
    std::vector<PlanState> out;
    for (const auto& i : kStates) out.push_back(i.state);
    return out;
  }();
  return kAll;
}

std::string PlanStateCodes() {
  std::string out;
  for (const auto& i : kStates) out += (out.empty() ? "" : ", ") + std::string(i.code);
  return out;
}

std::string_view CapacityLabel(Capacity c) {
  switch (c) {
    case Capacity::kAmbito:
      return "l'Ufficio di Piano dell'ambito";
    case Capacity::kAgency:
      return "l'ATS/ASL dell'ambito";
    case Capacity::kRegion:
      return "la Regione";
  }
  return {};
}

const std::vector<Transition>& Transitions() {
  static const std::vector<Transition> kAll = {
      {S::kBozza, S::kInConcertazione, {C::kAmbito}, "avviare la concertazione"},
      {S::kInConcertazione, S::kBozza, {C::kAmbito}, "riportare il piano in bozza"},
      {S::kInConcertazione, S::kApprovatoAssemblea, {C::kAmbito}, "registrare l'approvazione dell'Assemblea", true},
      {S::kApprovatoAssemblea, S::kAdpSottoscritto, {C::kAmbito}, "registrare la sottoscrizione dell'AdP"},
      {S::kAdpSottoscritto, S::kTrasmesso, {C::kAmbito, C::kAgency}, "trasmettere piano e AdP alla Regione"},
      {S::kTrasmesso, S::kApprovatoRegione, {C::kRegion}, "approvare il piano", true},
      {S::kTrasmesso, S::kIntegrazioniRichieste, {C::kRegion}, "chiedere integrazioni", false, true},
      {S::kIntegrazioniRichieste, S::kTrasmesso, {C::kAmbito, C::kAgency}, "trasmettere di nuovo il piano integrato"},
      {S::kApprovatoRegione, S::kInAttuazione, {C::kAmbito}, "avviare l'attuazione"},
      {S::kInAttuazione, S::kProrogato, {C::kAmbito, C::kRegion}, "prorogare il piano fino al successivo"},
      {S::kInAttuazione, S::kConcluso, {C::kAmbito, C::kRegion}, "concludere il piano"},
      {S::kProrogato, S::kConcluso, {C::kAmbito, C::kRegion}, "concludere il piano"},
      {S::kBozza, S::kCommissariato, {C::kRegion}, "nominare un commissario ad acta", true},
      {S::kInConcertazione, S::kCommissariato, {C::kRegion}, "nominare un commissario ad acta", true},
      {S::kCommissariato, S::kApprovatoAssemblea, {C::kRegion}, "registrare l'approvazione del commissario", true},
  };
  return kAll;
}

Result<const Transition*> CheckTransition(PlanState from, PlanState to, const std::set<Capacity>& who,
                                          const TransitionFacts& facts, bool has_act, bool has_note) {
  const Transition* found = nullptr;
  std::string reachable;
  for (const auto& t : Transitions()) {
    if (t.from != from) continue;
    if (t.to == to) found = &t;
    reachable += (reachable.empty() ? "" : "; ") + std::string(PlanStateCode(t.to)) + " (" + WhoText(t.who) + ")";
  }
  std::string here = "Il piano è «" + std::string(PlanStateLabel(from)) + "»";
  if (found == nullptr) {
    return MakeError(ErrorCode::kConflict,
                     here + ": non può passare a «" + std::string(PlanStateLabel(to)) + "». " +
                         (reachable.empty() ? "Da questo stato non sono previsti passaggi."
                                            : "Passaggi ammessi: " + reachable + "."),
                     {{.field = "to",
                       .value = std::string(PlanStateCode(to)),
                       .reason = reachable.empty() ? "nessun passaggio ammesso" : "ammessi: " + reachable}});
  }
  if (!Any(found->who, who)) {
    return MakeError(ErrorCode::kForbidden, "Per " + found->label + " occorre essere " + WhoText(found->who) + ".",
                     {{.field = "to", .value = std::string(PlanStateCode(to)), .reason = "ruolo non ammesso"}});
  }
  if (found->needs_act && !has_act) {
    return MakeError(ErrorCode::kValidationFailed, "Per " + found->label + " indicare l'atto (delibera, decreto).",
                     {{.field = "act", .reason = "atto obbligatorio per questo passaggio"}});
  }
  if (found->needs_note && !has_note) {
    return MakeError(ErrorCode::kValidationFailed, "Per " + found->label + " indicare nella nota che cosa serve.",
                     {{.field = "note", .reason = "nota obbligatoria per questo passaggio"}});
  }
  if (std::string why = GuardFailure(*found, facts); !why.empty()) {
    return MakeError(ErrorCode::kConflict, here + ": impossibile " + found->label + ": " + why + ".",
                     {{.field = "to", .value = std::string(PlanStateCode(to)), .reason = why}});
  }
  return found;
}

std::vector<NextStep> NextSteps(PlanState from, const std::set<Capacity>& who, const TransitionFacts& facts) {
  std::vector<NextStep> out;
  for (const auto& t : Transitions()) {
    if (t.from != from) continue;
    // A commissario ad acta is not a step at all where the guidelines do not provide one.
    if (t.to == S::kCommissariato && !facts.commissariamento_allowed) continue;
    NextStep step{&t, true, {}};
    if (!Any(t.who, who)) {
      step.allowed = false;
      step.reason = "può farlo solo " + WhoText(t.who);
    } else if (std::string why = GuardFailure(t, facts); !why.empty()) {
      step.allowed = false;
      step.reason = why;
    }
    out.push_back(std::move(step));
  }
  return out;
}

}  // namespace pdz::core
