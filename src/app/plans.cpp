// Plans: creation (import or copy of the previous triennium), reading, saving as revisions, comparing.
#include "app/app.hpp"
#include "app/detail/internals.hpp"
#include "core/governance/lifecycle.hpp"
#include "core/plan/plan.hpp"
#include "io/json_fields.hpp"
#include "io/plan_file.hpp"
#include "io/ruleset_file.hpp"

namespace pdz::app {

namespace detail {

Result<PlanRow> LoadPlanRow(storage::Connection& conn, std::int64_t id) {
  PDZ_ASSIGN(auto rows,
             conn.Query("SELECT id, ambito_code, status, version, updated_at FROM plans WHERE id = ?", {id}));
  if (rows.empty()) {
    return MakeError(ErrorCode::kNotFound, "Piano " + std::to_string(id) + " non trovato.",
                     {{.field = "id", .value = std::to_string(id), .reason = "piano inesistente"}});
  }
  PlanRow row{rows[0].Int(0), rows[0].Text(1), core::PlanState::kBozza, rows[0].Int(3), rows[0].Text(4)};
  row.state = core::ParsePlanState(rows[0].Text(2)).value_or(core::PlanState::kBozza);
  return row;
}

Result<void> RequirePlanRead(storage::Connection& conn, const Actor& actor, const PlanRow& plan) {
  if (core::IsPublicState(plan.state)) return Ok();
  PDZ_ASSIGN(core::Place place, PlaceOfAmbito(conn, plan.ambito));
  auto allowed = Require(actor, core::Permission::kReadPrivate, place);
  if (!allowed && allowed.error().code == ErrorCode::kForbidden) {
    // Do not reveal that a draft exists to someone who may not read it.
    return MakeError(ErrorCode::kNotFound, "Piano " + std::to_string(plan.id) + " non trovato.");
  }
  return allowed;
}

Result<core::Plan> LatestPlanBody(storage::Connection& conn, std::int64_t id) {
  PDZ_ASSIGN(auto rows,
             conn.Query("SELECT body FROM plan_revisions WHERE plan_id = ? ORDER BY revision DESC LIMIT 1", {id}));
  if (rows.empty()) return MakeError(ErrorCode::kNotFound, "Piano " + std::to_string(id) + " senza revisioni.");
  return io::ParsePlanJson(rows[0].Text(0), "piano " + std::to_string(id));
}

Result<std::optional<core::Ruleset>> LoadRuleset(storage::Connection& conn, const std::string& code) {
  if (code.empty()) return std::optional<core::Ruleset>();
  PDZ_ASSIGN(auto rows, conn.Query("SELECT body FROM rulesets WHERE code = ? ORDER BY version DESC LIMIT 1", {code}));
  if (rows.empty()) return std::optional<core::Ruleset>();
  PDZ_ASSIGN(core::Ruleset rs, io::ParseRulesetJson(rows[0].Text(0), code));
  return std::optional<core::Ruleset>(std::move(rs));
}

}  // namespace detail

namespace {

using detail::LoadPlanRow;
using detail::PlanRow;
const auto& RequireRead = detail::RequirePlanRead;

Result<core::Plan> RevisionBody(storage::Connection& conn, std::int64_t id, std::int64_t revision) {
  PDZ_ASSIGN(auto rows,
             conn.Query("SELECT body FROM plan_revisions WHERE plan_id = ? AND revision = ?", {id, revision}));
  if (rows.empty()) {
    return MakeError(ErrorCode::kNotFound, "Revisione " + std::to_string(revision) + " del piano non trovata.",
                     {{.field = "revision", .value = std::to_string(revision)}});
  }
  return io::ParsePlanJson(rows[0].Text(0), "revisione " + std::to_string(revision));
}

/// What the plan's ruleset allows (funds, areas, strategic objectives) and requires (sections).
struct RulesetView {
  core::PlanCatalogue catalogue;
  std::vector<core::CitedItem> required_sections;
};

Result<RulesetView> RulesetFor(storage::Connection& conn, const std::string& code, const std::string& field) {
  RulesetView view;
  if (code.empty()) return view;
  PDZ_ASSIGN(auto rows, conn.Query("SELECT body FROM rulesets WHERE code = ? ORDER BY version DESC LIMIT 1", {code}));
  if (rows.empty()) {
    auto s = core::Suggest(code, detail::Codes(conn, "SELECT DISTINCT code FROM rulesets"));
    return MakeError(
        ErrorCode::kValidationFailed, "Ruleset '" + code + "' non caricato.",
        {{.field = field, .value = code, .reason = s ? "intendevi '" + *s + "'?" : "ruleset inesistente"}});
  }
  PDZ_ASSIGN(core::Ruleset rs, io::ParseRulesetJson(rows[0].Text(0), code));
  for (const auto& f : rs.funds) view.catalogue.funds.insert(f.code);
  for (const auto& a : rs.thematic_areas) view.catalogue.areas.insert(a.code);
  for (const auto& o : rs.strategic_objectives) view.catalogue.strategic_objectives.insert(o.code);
  view.required_sections = rs.required_sections;
  return view;
}

/// Validates against the ruleset and numbers new objectives; the plan's ambito is the given one.
Result<core::Plan> Prepare(storage::Connection& conn, core::Plan plan, const std::string& ambito,
                           const std::string& prefix) {
  plan.ambito = ambito;
  PDZ_ASSIGN(RulesetView rules, RulesetFor(conn, plan.ruleset, prefix + "ruleset"));
  auto valid = core::ValidatePlan(plan, rules.catalogue);
  if (!valid) {
    Error e = valid.take_error();
    for (auto& d : e.details) d.field = prefix + d.field;
    return e;
  }
  core::AssignIds(plan);
  return plan;
}

json ChangesJson(const std::vector<core::PlanChange>& changes) {
  json out = json::array();
  for (const auto& c : changes) {
    out.push_back({{"kind", c.kind}, {"what", c.what}, {"path", c.path}, {"label", c.label}, {"fields", c.fields}});
  }
  return out;
}

Result<std::int64_t> InsertPlan(storage::Connection& conn, const Clock& clock, const Actor& actor,
                                const core::Plan& plan, const std::string& status, const std::string& note) {
  PDZ_ASSIGN(auto existing, conn.Query("SELECT id FROM plans WHERE ambito_code = ? AND period_from = ?",
                                       {plan.ambito, plan.period_from.ToString()}));
  if (!existing.empty()) {
    return MakeError(
        ErrorCode::kConflict,
        "L'ambito ha già un piano che inizia il " + plan.period_from.ToString() + " (piano " +
            std::to_string(existing[0].Int(0)) + ").",
        {{.field = "period.from", .value = plan.period_from.ToString(), .reason = "un piano per triennio"}});
  }
  std::string now = clock.NowIso();
  PDZ_ASSIGN(auto rows,
             conn.Query("INSERT INTO plans (ambito_code, title, period_from, period_to, ruleset_code, status, "
                        "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                        {plan.ambito, plan.title, plan.period_from.ToString(), plan.period_to.ToString(),
                         plan.ruleset.empty() ? storage::Value{} : storage::Value{plan.ruleset}, status, now, now}));
  std::int64_t id = rows[0].Int(0);
  PDZ_TRY(conn.Exec("INSERT INTO plan_revisions (plan_id, revision, author, at, note, body) VALUES (?, 1, ?, ?, ?, ?)",
                    {id, actor.username, now, note, io::PlanToJson(plan).dump()}));
  PDZ_TRY(detail::Audit(conn, clock, actor, "create", "plan", std::to_string(id), plan.ambito, nullptr,
                        json{{"title", plan.title}, {"period_from", plan.period_from.ToString()}, {"status", status}}));
  return id;
}

}  // namespace

Result<json> App::ListPlans(const Actor& actor, const std::string& ambito) {
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(core::Place place, detail::PlaceOfAmbito(*conn, ambito));
  bool drafts = detail::Require(actor, core::Permission::kReadPrivate, place).has_value();
  PDZ_ASSIGN(auto rows,
             conn->Query("SELECT p.id, p.title, p.period_from, p.period_to, p.ruleset_code, p.status, p.version, "
                         "p.updated_at, (SELECT max(revision) FROM plan_revisions r WHERE r.plan_id = p.id) "
                         "FROM plans p WHERE p.ambito_code = ? ORDER BY p.period_from DESC",
                         {ambito}));
  json items = json::array();
  for (const auto& r : rows) {
    auto state = core::ParsePlanState(r.Text(5)).value_or(core::PlanState::kBozza);
    if (!drafts && !core::IsPublicState(state)) continue;
    items.push_back({{"id", r.Int(0)},
                     {"ambito", ambito},
                     {"title", r.Text(1)},
                     {"period", {{"from", r.Text(2)}, {"to", r.Text(3)}}},
                     {"ruleset", detail::OptString(r.OptText(4))},
                     {"status", r.Text(5)},
                     {"status_label", std::string(core::PlanStateLabel(state))},
                     {"version", r.Int(6)},
                     {"updated_at", r.Text(7)},
                     {"revisions", r.Int(8)}});
  }
  return json{{"items", items}, {"total", items.size()}};
}

Result<json> App::CreatePlan(const Actor& actor, const std::string& ambito, const json& body) {
  if (!body.is_object()) return MakeError(ErrorCode::kValidationFailed, "Atteso un oggetto JSON.");
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(core::Place place, detail::PlaceOfAmbito(*conn, ambito));
  PDZ_TRY(detail::Require(actor, core::Permission::kEditAmbito, place));
  core::Plan plan;
  std::string note;
  if (body.contains("copy_from")) {
    io::JsonFields in;
    in.RejectUnknown(body, {"copy_from", "period", "title"}, "");
    auto from_id = in.Integer(body, "copy_from", "copy_from", true);
    std::optional<Date> from, to;
    if (!body.contains("period") || !body["period"].is_object())
      in.problems.Add("period", "", "atteso {\"from\", \"to\"}");
    else {
      from = in.DateField(body["period"], "from", "period.from", true);
      to = in.DateField(body["period"], "to", "period.to", true);
    }
    std::string title = in.String(body, "title", "title", false);
    if (!in.ok()) return in.ToError("Copia del piano non valida.");
    PDZ_ASSIGN(PlanRow source, LoadPlanRow(*conn, *from_id));
    PDZ_TRY(RequireRead(*conn, actor, source));
    if (source.ambito != ambito) {
      return MakeError(
          ErrorCode::kValidationFailed, "Si copia solo un piano dello stesso ambito.",
          {{.field = "copy_from", .value = std::to_string(*from_id), .reason = "piano di '" + source.ambito + "'"}});
    }
    PDZ_ASSIGN(auto latest, conn->Query("SELECT max(revision) FROM plan_revisions WHERE plan_id = ?", {*from_id}));
    PDZ_ASSIGN(plan, RevisionBody(*conn, *from_id, latest[0].Int(0)));
    plan.period_from = *from;
    plan.period_to = *to;
    plan.title =
        title.empty() ? "Piano di Zona " + std::to_string(from->year()) + "-" + std::to_string(to->year()) : title;
    // The new triennium follows the Region's guidelines in force when it starts, if loaded.
    PDZ_ASSIGN(auto rules, conn->Query("SELECT r.code FROM rulesets r JOIN ambiti a ON a.region_code = r.region_code "
                                       "WHERE a.code = ? AND r.period_from <= ? AND r.period_to >= ? "
                                       "ORDER BY r.period_from DESC, r.version DESC LIMIT 1",
                                       {ambito, from->ToString(), from->ToString()}));
    plan.ruleset = rules.empty() ? "" : rules[0].Text(0);
    note = "copia del piano " + std::to_string(*from_id);
  } else {
    if (!body.contains("plan")) {
      return MakeError(ErrorCode::kValidationFailed,
                       "Indicare il piano in 'plan' o il piano da copiare in 'copy_from'.",
                       {{.field = "plan", .reason = "campo obbligatorio mancante"}});
    }
    PDZ_ASSIGN(plan, io::ReadPlan(body["plan"], "", "plan"));
    note = "creazione";
  }
  // For a copy, a triennium already planned is the first thing to say, before any problem of the copied
  // text (which the user did not write); a plan sent whole is validated first.
  PDZ_ASSIGN(auto taken, conn->Query("SELECT id FROM plans WHERE ambito_code = ? AND period_from = ?",
                                     {ambito, plan.period_from.ToString()}));
  if (body.contains("copy_from") && !taken.empty()) {
    return MakeError(
        ErrorCode::kConflict,
        "L'ambito ha già un piano che inizia il " + plan.period_from.ToString() + " (piano " +
            std::to_string(taken[0].Int(0)) + ").",
        {{.field = "period.from", .value = plan.period_from.ToString(), .reason = "un piano per triennio"}});
  }
  PDZ_ASSIGN(plan, Prepare(*conn, std::move(plan), ambito, body.contains("plan") ? "plan." : ""));
  auto id = InTransaction(
      *conn, [&]() -> Result<std::int64_t> { return InsertPlan(*conn, clock_, actor, plan, "bozza", note); });
  if (!id) return id.take_error();
  return GetPlan(actor, *id, std::nullopt);
}

Result<json> App::ImportPlan(const Actor& actor, const std::string& text, const std::string& file,
                             const std::string& status) {
  // "approvato" (before the lifecycle) is a plan being implemented.
  auto state = core::ParsePlanState(status == "approvato" ? "in_attuazione" : status);
  if (!state) {
    return MakeError(ErrorCode::kValidationFailed,
                     "Stato '" + status + "' non ammesso: uno tra " + core::PlanStateCodes() + ".",
                     {{.field = "status", .value = status, .reason = "stato del piano sconosciuto"}});
  }
  PDZ_ASSIGN(core::Plan plan, io::ParsePlanJson(text, file));
  PDZ_ASSIGN(auto conn, db_.Connect());
  if (plan.ambito.empty()) {
    return MakeError(ErrorCode::kValidationFailed, "Il file " + file + " non indica l'ambito del piano.",
                     {{.file = file, .field = "ambito", .reason = "campo obbligatorio per l'importazione"}});
  }
  PDZ_ASSIGN(core::Place place, detail::PlaceOfAmbito(*conn, plan.ambito));
  PDZ_TRY(detail::Require(actor, core::Permission::kEditAmbito, place));
  std::string ambito = plan.ambito;
  PDZ_ASSIGN(plan, Prepare(*conn, std::move(plan), ambito, ""));
  auto id = InTransaction(*conn, [&]() -> Result<std::int64_t> {
    return InsertPlan(*conn, clock_, actor, plan, std::string(core::PlanStateCode(*state)), "importazione da " + file);
  });
  if (!id) return id.take_error();
  return GetPlan(actor, *id, std::nullopt);
}

Result<json> App::GetPlan(const Actor& actor, std::int64_t id, std::optional<std::int64_t> revision) {
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(PlanRow row, LoadPlanRow(*conn, id));
  PDZ_TRY(RequireRead(*conn, actor, row));
  PDZ_ASSIGN(auto latest, conn->Query("SELECT max(revision) FROM plan_revisions WHERE plan_id = ?", {id}));
  std::int64_t rev = revision.value_or(latest[0].Int(0));
  PDZ_ASSIGN(core::Plan plan, RevisionBody(*conn, id, rev));
  PDZ_ASSIGN(auto meta,
             conn->Query("SELECT author, at, note FROM plan_revisions WHERE plan_id = ? AND revision = ?", {id, rev}));
  auto rules = RulesetFor(*conn, plan.ruleset, "ruleset");
  json missing = json::array();
  if (rules) {
    for (const auto& req : rules->required_sections) {
      auto it =
          std::find_if(plan.sections.begin(), plan.sections.end(), [&](const auto& s) { return s.code == req.code; });
      bool empty = it == plan.sections.end() || it->body.find_first_not_of(" \t\r\n") == std::string::npos;
      if (empty) missing.push_back({{"code", req.code}, {"title", req.title}, {"act", req.act}});
    }
  }
  PDZ_ASSIGN(core::Place place, detail::PlaceOfAmbito(*conn, row.ambito));
  bool can_edit =
      detail::Require(actor, core::Permission::kEditAmbito, place).has_value() && core::IsEditableState(row.state);
  return json{{"id", id},
              {"ambito", row.ambito},
              {"status", std::string(core::PlanStateCode(row.state))},
              {"status_label", std::string(core::PlanStateLabel(row.state))},
              {"version", row.version},
              {"revision", rev},
              {"latest_revision", latest[0].Int(0)},
              {"revision_author", meta[0].Text(0)},
              {"revision_at", meta[0].Text(1)},
              {"revision_note", meta[0].Text(2)},
              {"can_edit", can_edit},
              {"missing_sections", missing},
              {"plan", io::PlanToJson(plan)}};
}

namespace detail {

Result<void> RequirePlanEditor(storage::Connection& conn, const Actor& actor, const PlanRow& plan) {
  PDZ_ASSIGN(core::Place place, detail::PlaceOfAmbito(conn, plan.ambito));
  auto may = detail::Require(actor, core::Permission::kEditAmbito, place);
  if (!may) {
    PDZ_TRY(RequireRead(conn, actor, plan));  // 404 for those who may not even see it
    return may.take_error();
  }
  return Ok();
}

Result<PlanRow> EditablePlan(storage::Connection& conn, const Actor& actor, std::int64_t id) {
  PDZ_ASSIGN(PlanRow row, LoadPlanRow(conn, id));
  PDZ_TRY(RequirePlanEditor(conn, actor, row));
  if (!core::IsEditableState(row.state)) {
    return MakeError(
        ErrorCode::kConflict,
        "Il piano è «" + std::string(core::PlanStateLabel(row.state)) + "»: il testo non si modifica in questo stato.",
        {{.field = "status",
          .value = std::string(core::PlanStateCode(row.state)),
          .reason = "modificabile solo in bozza, in concertazione, su integrazioni richieste, "
                    "commissariato, in attuazione o prorogato"}});
  }
  return row;
}

Error PlanVersionConflict(storage::Connection& conn, std::int64_t id, std::int64_t editor_version,
                          std::int64_t current_version) {
  // The base revision is the one the editor loaded: version v was written as revision v.
  json changes = json::array();
  auto latest = conn.Query("SELECT max(revision) FROM plan_revisions WHERE plan_id = ?", {id});
  if (latest && editor_version >= 1 && editor_version < (*latest)[0].Int(0)) {
    auto base = RevisionBody(conn, id, editor_version);
    auto now = RevisionBody(conn, id, (*latest)[0].Int(0));
    if (base && now) changes = ChangesJson(core::DiffPlans(*base, *now));
  }
  ErrorDetail d{.field = "version",
                .value = json{{"current_version", current_version}, {"changes", changes}}.dump(),
                .reason = "il piano è alla versione " + std::to_string(current_version),
                .value_is_json = true};
  return MakeError(ErrorCode::kVersionConflict,
                   "Il piano è stato modificato da qualcun altro dopo che lo hai aperto: ecco cosa è cambiato. "
                   "Ricarica e riapplica le tue modifiche.",
                   {d});
}

Result<RevisionSaved> SaveRevision(storage::Connection& conn, const Clock& clock, const Actor& actor, std::int64_t id,
                                   std::int64_t version, core::Plan plan, const std::string& note,
                                   const std::string& audit_action, json audit_before, json audit_after) {
  PDZ_ASSIGN(PlanRow row, EditablePlan(conn, actor, id));
  if (version != row.version) return PlanVersionConflict(conn, id, version, row.version);
  PDZ_ASSIGN(auto latest, conn.Query("SELECT max(revision) FROM plan_revisions WHERE plan_id = ?", {id}));
  std::int64_t current_rev = latest[0].Int(0);
  PDZ_ASSIGN(plan, Prepare(conn, std::move(plan), row.ambito, "plan."));
  PDZ_ASSIGN(core::Plan before, RevisionBody(conn, id, current_rev));
  json changes = ChangesJson(core::DiffPlans(before, plan));
  std::string now = clock.NowIso();
  PDZ_TRY(
      conn.Exec("UPDATE plans SET title = ?, period_from = ?, period_to = ?, ruleset_code = ?, version = version + 1, "
                "updated_at = ? WHERE id = ? AND version = ?",
                {plan.title, plan.period_from.ToString(), plan.period_to.ToString(),
                 plan.ruleset.empty() ? storage::Value{} : storage::Value{plan.ruleset}, now, id, version}));
  PDZ_TRY(conn.Exec("INSERT INTO plan_revisions (plan_id, revision, author, at, note, body) VALUES (?, ?, ?, ?, ?, ?)",
                    {id, current_rev + 1, actor.username, now, note, io::PlanToJson(plan).dump()}));
  audit_before["revision"] = current_rev;
  audit_after["revision"] = current_rev + 1;
  audit_after["note"] = note;
  audit_after["changes"] = changes;
  PDZ_TRY(detail::Audit(conn, clock, actor, audit_action, "plan", std::to_string(id), row.ambito, audit_before,
                        audit_after));
  return RevisionSaved{row, current_rev + 1, std::move(changes)};
}

}  // namespace detail

Result<json> App::SavePlan(const Actor& actor, std::int64_t id, const json& body) {
  if (!body.is_object()) return MakeError(ErrorCode::kValidationFailed, "Atteso un oggetto JSON.");
  io::JsonFields in;
  in.RejectUnknown(body, {"version", "note", "plan"}, "");
  auto version = in.Integer(body, "version", "version", true);
  std::string note = in.String(body, "note", "note", false);
  if (!body.contains("plan")) in.problems.Add("plan", "", "campo obbligatorio mancante");
  if (!in.ok()) return in.ToError("Salvataggio del piano non valido.");
  PDZ_ASSIGN(core::Plan plan, io::ReadPlan(body["plan"], "", "plan"));
  PDZ_ASSIGN(auto conn, db_.Connect());
  return InTransaction(*conn, [&]() -> Result<json> {
    PDZ_ASSIGN(auto saved, detail::SaveRevision(*conn, clock_, actor, id, *version, std::move(plan), note, "update",
                                                json::object(), json::object()));
    return json{
        {"id", id}, {"version", saved.row.version + 1}, {"revision", saved.revision}, {"changes", saved.changes}};
  });
}

Result<json> App::PlanRevisions(const Actor& actor, std::int64_t id) {
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(PlanRow row, LoadPlanRow(*conn, id));
  PDZ_TRY(RequireRead(*conn, actor, row));
  PDZ_ASSIGN(
      auto rows,
      conn->Query("SELECT revision, author, at, note FROM plan_revisions WHERE plan_id = ? ORDER BY revision DESC",
                  {id}));
  json items = json::array();
  for (const auto& r : rows) {
    items.push_back({{"revision", r.Int(0)}, {"author", r.Text(1)}, {"at", r.Text(2)}, {"note", r.Text(3)}});
  }
  return json{{"items", items}, {"total", items.size()}};
}

Result<json> App::DiffPlanRevisions(const Actor& actor, std::int64_t id, std::int64_t from, std::int64_t to) {
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(PlanRow row, LoadPlanRow(*conn, id));
  PDZ_TRY(RequireRead(*conn, actor, row));
  PDZ_ASSIGN(core::Plan a, RevisionBody(*conn, id, from));
  PDZ_ASSIGN(core::Plan b, RevisionBody(*conn, id, to));
  return json{{"from", from}, {"to", to}, {"changes", ChangesJson(core::DiffPlans(a, b))}};
}

}  // namespace pdz::app
