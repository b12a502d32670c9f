// Helpers shared by the use-case files of app/: audit, permission checks, paging, row mapping.
// No other layer includes this.
#pragma once

#include <string>

#include "app/app.hpp"
#include "core/governance/lifecycle.hpp"
#include "core/plan/plan.hpp"
#include "core/rules/ruleset.hpp"
#include "core/territory/territory.hpp"
#include "io/document/document.hpp"

namespace pdz::app::detail {

/// Appends one entry to the audit log, in the caller's transaction.
Result<void> Audit(storage::Connection& conn, const Clock& clock, const Actor& actor, const std::string& action,
                   const std::string& entity, const std::string& entity_id, const std::string& ambito_code,
                   const json& before, const json& after);

/// Unauthenticated for anonymous actors, forbidden when no grant allows `permission` on `place`.
Result<void> Require(const Actor& actor, core::Permission permission, const core::Place& place);

/// The place of an ambito (its region, agency and every comune it ever had); not_found if unknown.
Result<core::Place> PlaceOfAmbito(storage::Connection& conn, const std::string& code);

/// True when the actor holds `role` on at least one node (any region admin, …).
bool HoldsRole(const Actor& actor, core::Role role);

/// Limits to [1, 500], offset to >= 0.
Page Clamp(Page page);

json OptString(const std::optional<std::string>& s);

/// The "ambito" read model, as GET /ambiti/{code} answers it.
Result<json> AmbitoDocument(storage::Connection& conn, const std::string& code, Date as_of);

/// Memberships of one comune, or of every comune of the given ambiti.
Result<std::vector<core::Membership>> MembershipsOfComune(storage::Connection& conn, const std::string& istat);
Result<std::vector<core::Membership>> MembershipsOfAmbito(storage::Connection& conn, const std::string& ambito);

/// A not_found error with a suggestion among `candidates` ("intendevi 'rhodense'?").
Error NotFound(const std::string& what, const std::string& code, const std::vector<std::string>& candidates = {});

/// Codes of every row of a one-column query, for suggestions.
std::vector<std::string> Codes(storage::Connection& conn, const std::string& sql);

/// A plan's row: its ambito and lifecycle state (plans.cpp).
struct PlanRow {
  std::int64_t id = 0;
  std::string ambito;
  core::PlanState state = core::PlanState::kBozza;
  std::int64_t version = 0;
  std::string updated_at;
};
Result<PlanRow> LoadPlanRow(storage::Connection& conn, std::int64_t id);
/// Public states are read by anyone; the others by those with a role on the ambito (404 for the others).
Result<void> RequirePlanRead(storage::Connection& conn, const Actor& actor, const PlanRow& plan);
/// The ambito's editors (the Ufficio di Piano): 403, or 404 for those who may not even read the plan.
Result<void> RequirePlanEditor(storage::Connection& conn, const Actor& actor, const PlanRow& plan);
/// The latest revision's text.
Result<core::Plan> LatestPlanBody(storage::Connection& conn, std::int64_t id);
/// The plan when `actor` may edit its text: 404 for those who may not read it, 403 for the others, 409 when
/// its state does not allow edits (plans.cpp).
Result<PlanRow> EditablePlan(storage::Connection& conn, const Actor& actor, std::int64_t id);
/// 409 `version_conflict` for an editor who loaded `editor_version`, with what changed since (plans.cpp).
Error PlanVersionConflict(storage::Connection& conn, std::int64_t id, std::int64_t editor_version,
                          std::int64_t current_version);
/// What SaveRevision wrote.
struct RevisionSaved {
  PlanRow row;  // as it was before the save
  std::int64_t revision = 0;
  json changes;  // from the previous revision, as the API shows them
};
/// Stores `plan` as the next revision of plan `id`, in the caller's transaction: the actor may edit it,
/// `version` is the current one, the plan is checked against its ruleset; one audit entry `audit_action`
/// with the revisions, the note and the changes added to `audit_before`/`audit_after` (plans.cpp).
Result<RevisionSaved> SaveRevision(storage::Connection& conn, const Clock& clock, const Actor& actor, std::int64_t id,
                                   std::int64_t version, core::Plan plan, const std::string& note,
                                   const std::string& audit_action, json audit_before, json audit_after);
/// The latest loaded version of a ruleset; none when the code is empty or not loaded.
Result<std::optional<core::Ruleset>> LoadRuleset(storage::Connection& conn, const std::string& code);

/// The reports a plan owes (docs/monitoring.md §5.1): {"source", "entries": [...]}, each entry with its
/// period, due date, matching report and status as of `today` (monitoring_reports.cpp).
Result<json> ReportSchedule(storage::Connection& conn, std::int64_t plan_id, Date today);

/// `doc` rendered as a download: "pdf" or "docx" (the caller has checked the format), named `base`.pdf|.docx.
Result<App::File> RenderDocument(const io::doc::Document& doc, const std::string& format, const std::string& base);

}  // namespace pdz::app::detail
