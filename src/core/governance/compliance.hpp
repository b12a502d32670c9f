// The Accordo di Programma as data, the deadlines of a plan, and the compliance check of a plan and its AdP
// under a ruleset: every requirement with pass / fail / warning, why, and the act it comes from. Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/date.hpp"
#include "core/governance/lifecycle.hpp"
#include "core/plan/plan.hpp"
#include "core/rules/ruleset.hpp"

namespace pdz::core {

/// A party of the AdP: a signatory (sottoscrittore) or an adherent (aderente), with its commitments.
struct AdpParty {
  std::int64_t id = 0;
  std::string role;        // sottoscrittore, aderente
  std::string kind;        // comune, ats, asl, asp, asst, terzo_settore, sindacato, altro
  std::string istat_code;  // for a comune
  std::string name;
  std::string commitments;
  std::optional<Date> signed_on;
  std::string signed_by;
};

bool IsAdpPartyRole(std::string_view role);
bool IsAdpPartyKind(std::string_view kind);
/// "comune, ats, asl, …" for messages.
std::string AdpPartyKinds();

/// The seven essential elements of the AdP (DGR 2941/2014 §7.2) and its parties.
struct Adp {
  std::string purposes;            // 1. finalità e obiettivi
  std::string capofila_name;       // 2. ente capofila
  std::string capofila_type;       //    its type (CapofilaType code)
  std::string udp_host_body;       // 3. the body hosting the Ufficio di Piano
  std::string udp_description;     //    its organisation
  std::vector<AdpParty> parties;   // 4. sottoscrittori e aderenti, with commitments
  std::string third_sector_tools;  // 5. strumenti di collaborazione con il Terzo Settore
  std::string monitoring;          // 6. verifica e monitoraggio
  std::optional<Date> valid_from;  // 7. durata
  std::optional<Date> valid_to;
};

/// The AdP's signature date: the last signature of a signatory, or none while one is missing.
std::optional<Date> AdpSignedOn(const Adp& adp);

/// A comune that must sign (the comuni of the ambito when the plan starts).
struct ComuneRef {
  std::string istat_code;
  std::string name;
};

/// One entry of the plan's history: the state entered and the date of the act or event.
struct StateEntry {
  PlanState state;
  Date on;
};

enum class DeadlineStatus { kDue, kDoneOnTime, kDoneLate, kOverdue, kPending, kNotSet };
std::string_view DeadlineStatusCode(DeadlineStatus s);
std::string_view DeadlineStatusLabel(DeadlineStatus s);  // Italian

/// A deadline applied to a plan.
struct DeadlineItem {
  std::string code;
  std::string title;
  std::string act;
  std::optional<Date> due;   // none: a parameter of the ruleset, or its event has not happened
  std::optional<Date> done;  // when the plan first entered the `met_by` state
  DeadlineStatus status = DeadlineStatus::kNotSet;
  long days = 0;            // late (done_late, overdue) or left (due)
  std::string explanation;  // Italian
};

/// The ruleset's deadlines for a plan with this history, as of `today` (deadlines include their day).
/// `after_event` "ricezione" is the latest entry into `trasmesso` (a PEC is received the day it is sent).
/// A deadline whose `met_by` state the plan has passed without a recorded entry is done, date unknown.
std::vector<DeadlineItem> PlanDeadlines(const Ruleset& ruleset, const std::vector<StateEntry>& history,
                                        PlanState current, Date today);

enum class CheckStatus { kPass, kFail, kWarning };
std::string_view CheckStatusCode(CheckStatus s);

struct ComplianceItem {
  std::string code;
  std::string title;  // Italian
  CheckStatus status = CheckStatus::kPass;
  std::string reason;  // Italian: why
  std::string act;
};

struct ComplianceInput {
  const Plan* plan = nullptr;
  const Adp* adp = nullptr;  // none yet: every AdP requirement fails
  const Ruleset* ruleset = nullptr;
  std::vector<ComuneRef> comuni;
  std::vector<StateEntry> history;
  PlanState state = PlanState::kBozza;
  Date today;
};

/// Every requirement, in a fixed order: the seven AdP elements, signatures (every comune, each required
/// health agency), capofila type, the Ufficio di Piano's separation from service delivery, the triennial
/// duration, required sections, indicators with baseline and target, deadlines.
std::vector<ComplianceItem> CheckCompliance(const ComplianceInput& input);

/// Required signatories not yet signed, by name ("Comune di Rho", "ATS (nessuna parte indicata)").
std::vector<std::string> MissingSignatures(const Adp& adp, const std::vector<std::string>& required_kinds,
                                           const std::vector<ComuneRef>& comuni);

}  // namespace pdz::core
