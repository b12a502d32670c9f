// A plan's Accordo di Programma (parties, signatures, document), its lifecycle (transitions, the transmission
// package), its compliance with the ruleset, and the deadlines calendar per ambito and per Region.
#include <algorithm>

#include "app/app.hpp"
#include "app/detail/governance.hpp"
#include "app/detail/internals.hpp"
#include "core/governance/compliance.hpp"
#include "io/document/archive.hpp"
#include "io/document/document.hpp"
#include "io/json_fields.hpp"

namespace pdz::app {

namespace {

namespace doc = io::doc;

/// Everything the governance reads of a plan.
struct Facts {
  detail::PlanRow row;
  core::Plan plan;
  std::optional<core::Ruleset> ruleset;
  core::Place place;
  json ambito;  // the ambito document as of the plan's start
  bool adp_exists = false;
  std::int64_t adp_version = 0;
  core::Adp adp;
  std::vector<core::ComuneRef> comuni;
  std::vector<core::StateEntry> history;
  json history_json = json::array();
};

std::optional<Date> OptDate(const std::optional<std::string>& s) { return s ? Date::Parse(*s) : std::optional<Date>(); }

json DateJson(const std::optional<Date>& d) { return d ? json(d->ToString()) : json(nullptr); }

Result<Facts> LoadFacts(storage::Connection& conn, std::int64_t plan_id, Date today) {
  Facts f;
  PDZ_ASSIGN(f.row, detail::LoadPlanRow(conn, plan_id));
  PDZ_ASSIGN(f.plan, detail::LatestPlanBody(conn, plan_id));
  PDZ_ASSIGN(f.ruleset, detail::LoadRuleset(conn, f.plan.ruleset));
  PDZ_ASSIGN(f.place, detail::PlaceOfAmbito(conn, f.row.ambito));
  PDZ_ASSIGN(f.ambito, detail::AmbitoDocument(conn, f.row.ambito, f.plan.period_from));
  if (f.ambito["comuni"].empty()) {
    PDZ_ASSIGN(f.ambito, detail::AmbitoDocument(conn, f.row.ambito, today));
  }
  for (const auto& c : f.ambito["comuni"]) f.comuni.push_back({c["istat_code"], c["name"]});
  PDZ_ASSIGN(auto adp, conn.Query("SELECT purposes, capofila_name, capofila_type, udp_host_body, udp_description, "
                                  "third_sector_tools, monitoring, valid_from, valid_to, version FROM adp "
                                  "WHERE plan_id = ?",
                                  {plan_id}));
  if (!adp.empty()) {
    const auto& r = adp[0];
    f.adp_exists = true;
    f.adp = core::Adp{r.Text(0),
                      r.Text(1),
                      r.Text(2),
                      r.Text(3),
                      r.Text(4),
                      {},
                      r.Text(5),
                      r.Text(6),
                      OptDate(r.OptText(7)),
                      OptDate(r.OptText(8))};
    f.adp_version = r.Int(9);
  } else {
    // Until saved, the AdP proposes the ambito's capofila and Ufficio di Piano and the ruleset's triennium.
    f.adp.capofila_name = f.ambito["capofila"]["name"];
    f.adp.capofila_type = f.ambito["capofila"]["type"];
    f.adp.udp_host_body = f.ambito["ufficio_di_piano"]["host_body"];
    if (f.ruleset) {
      f.adp.valid_from = f.ruleset->period_from;
      f.adp.valid_to = f.ruleset->period_to;
    }
  }
  PDZ_ASSIGN(auto parties, conn.Query("SELECT id, role, kind, istat_code, name, commitments, signed_on, signed_by "
                                      "FROM adp_parties WHERE plan_id = ? ORDER BY "
                                      "CASE role WHEN 'sottoscrittore' THEN 0 ELSE 1 END, "
                                      "CASE kind WHEN 'comune' THEN 0 ELSE 1 END, name",
                                      {plan_id}));
  for (const auto& p : parties) {
    f.adp.parties.push_back({p.Int(0), p.Text(1), p.Text(2), p.OptText(3).value_or(""), p.Text(4), p.Text(5),
                             OptDate(p.OptText(6)), p.OptText(7).value_or("")});
  }
  PDZ_ASSIGN(auto hist, conn.Query("SELECT from_state, to_state, actor, at, on_date, note, act FROM plan_transitions "
                                   "WHERE plan_id = ? ORDER BY id",
                                   {plan_id}));
  for (const auto& h : hist) {
    auto to = core::ParsePlanState(h.Text(1)).value_or(core::PlanState::kBozza);
    auto from = core::ParsePlanState(h.Text(0)).value_or(core::PlanState::kBozza);
    f.history.push_back({to, Date::Parse(h.Text(4)).value_or(Date())});
    f.history_json.push_back({{"from", h.Text(0)},
                              {"from_label", std::string(core::PlanStateLabel(from))},
                              {"to", h.Text(1)},
                              {"to_label", std::string(core::PlanStateLabel(to))},
                              {"actor", h.Text(2)},
                              {"at", h.Text(3)},
                              {"on", h.Text(4)},
                              {"note", h.Text(5)},
                              {"act", h.Text(6)}});
  }
  return f;
}

Result<Facts> LoadReadable(storage::Connection& conn, const Actor& actor, std::int64_t plan_id, Date today) {
  PDZ_ASSIGN(detail::PlanRow row, detail::LoadPlanRow(conn, plan_id));
  PDZ_TRY(detail::RequirePlanRead(conn, actor, row));
  return LoadFacts(conn, plan_id, today);
}

std::vector<std::string> RequiredKinds(const Facts& f) {
  return f.ruleset ? f.ruleset->adp.required_signatories : std::vector<std::string>{"comuni"};
}

core::TransitionFacts TransitionFactsOf(const Facts& f) {
  core::TransitionFacts t;
  t.missing_signatures = core::MissingSignatures(f.adp, RequiredKinds(f), f.comuni);
  t.commissariamento_allowed = f.ruleset && !f.ruleset->adp.commissario_ad_acta_act.empty();
  return t;
}

std::optional<Date> FirstOn(const Facts& f, core::PlanState s) {
  for (const auto& e : f.history)
    if (e.state == s) return e.on;
  return std::nullopt;
}

std::optional<Date> LastOn(const Facts& f, core::PlanState s) {
  std::optional<Date> out;
  for (const auto& e : f.history)
    if (e.state == s) out = e.on;
  return out;
}

json PartyJson(const core::AdpParty& p) {
  return {{"id", p.id},
          {"role", p.role},
          {"kind", p.kind},
          {"istat_code", p.istat_code.empty() ? json(nullptr) : json(p.istat_code)},
          {"name", p.name},
          {"commitments", p.commitments},
          {"signed_on", DateJson(p.signed_on)},
          {"signed_by", p.signed_by.empty() ? json(nullptr) : json(p.signed_by)}};
}

json AdpJson(const Facts& f, bool can_edit) {
  json parties = json::array();
  for (const auto& p : f.adp.parties) parties.push_back(PartyJson(p));
  auto type = core::ParseCapofilaType(f.adp.capofila_type);
  return {{"plan_id", f.row.id},
          {"exists", f.adp_exists},
          {"version", f.adp_version},
          {"purposes", f.adp.purposes},
          {"capofila",
           {{"name", f.adp.capofila_name},
            {"type", f.adp.capofila_type},
            {"type_label", type ? std::string(core::CapofilaTypeLabel(*type)) : f.adp.capofila_type}}},
          {"ufficio_di_piano", {{"host_body", f.adp.udp_host_body}, {"description", f.adp.udp_description}}},
          {"third_sector_tools", f.adp.third_sector_tools},
          {"monitoring", f.adp.monitoring},
          {"duration", {{"from", DateJson(f.adp.valid_from)}, {"to", DateJson(f.adp.valid_to)}}},
          {"parties", parties},
          {"required_signatories", RequiredKinds(f)},
          {"missing_signatures", core::MissingSignatures(f.adp, RequiredKinds(f), f.comuni)},
          {"signed_on", DateJson(core::AdpSignedOn(f.adp))},
          {"approved_by_assemblea_on", DateJson(FirstOn(f, core::PlanState::kApprovatoAssemblea))},
          {"state", std::string(core::PlanStateCode(f.row.state))},
          {"editable", core::IsAdpEditableState(f.row.state)},
          {"can_edit", can_edit && core::IsAdpEditableState(f.row.state)},
          {"act", f.ruleset ? f.ruleset->adp.act : ""}};
}

Error NotAdpEditable(core::PlanState s) {
  return MakeError(ErrorCode::kConflict,
                   "Il piano è «" + std::string(core::PlanStateLabel(s)) +
                       "»: l'Accordo di Programma non si modifica in questo stato.",
                   {{.field = "status",
                     .value = std::string(core::PlanStateCode(s)),
                     .reason = "modificabile fino alla sottoscrizione o su integrazioni richieste"}});
}

/// Creates the AdP row with its proposed values when it does not exist yet (in the caller's transaction).
Result<void> EnsureAdp(storage::Connection& conn, const Clock& clock, const Facts& f) {
  if (f.adp_exists) return Ok();
  PDZ_TRY(conn.Exec(
      "INSERT INTO adp (plan_id, capofila_name, capofila_type, udp_host_body, valid_from, valid_to, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)",
      {f.row.id, f.adp.capofila_name, f.adp.capofila_type, f.adp.udp_host_body,
       f.adp.valid_from ? storage::Value{f.adp.valid_from->ToString()} : storage::Value{},
       f.adp.valid_to ? storage::Value{f.adp.valid_to->ToString()} : storage::Value{}, clock.NowIso()}));
  return Ok();
}

Result<void> InsertParty(storage::Connection& conn, std::int64_t plan_id, const core::AdpParty& p) {
  PDZ_ASSIGN(auto dup, conn.Query("SELECT id FROM adp_parties WHERE plan_id = ? AND (name = ? OR (istat_code IS NOT "
                                  "NULL AND istat_code = ?))",
                                  {plan_id, p.name, p.istat_code}));
  if (!dup.empty()) {
    return MakeError(ErrorCode::kConflict, "«" + p.name + "» è già tra le parti dell'Accordo.",
                     {{.field = p.istat_code.empty() ? "name" : "istat_code",
                       .value = p.istat_code.empty() ? p.name : p.istat_code,
                       .reason = "parte già presente (" + std::to_string(dup[0].Int(0)) + ")"}});
  }
  PDZ_TRY(conn.Exec(
      "INSERT INTO adp_parties (plan_id, role, kind, istat_code, name, commitments) VALUES (?, ?, ?, ?, ?, ?)",
      {plan_id, p.role, p.kind, p.istat_code.empty() ? storage::Value{} : storage::Value{p.istat_code}, p.name,
       p.commitments}));
  return Ok();
}

/// The AdP as a document: the seven elements, then the parties with commitments and signatures.
doc::Document AdpDocument(const Facts& f) {
  doc::Document d;
  std::string ambito = f.ambito["name"];
  d.title = "Accordo di Programma – " + f.plan.title + " – Ambito " + ambito;
  d.author = "Ufficio di Piano – " + f.adp.udp_host_body;
  d.footer = d.title;
  auto& b = d.blocks;
  auto para = [&](const std::string& label, const std::string& text) {
    b.push_back(doc::Paragraph{doc::ParagraphStyle::kBody, {{label, true}, {text}}});
  };
  auto section = [&](const std::string& title, const std::string& body) {
    b.push_back(doc::Text(doc::ParagraphStyle::kHeading1, title));
    if (body.find_first_not_of(" \t\r\n") == std::string::npos) {
      b.push_back(doc::Paragraph{doc::ParagraphStyle::kBody, {{"(non indicato)", false, true}}});
      return;
    }
    for (auto& block : doc::MarkdownToBlocks(body)) b.push_back(std::move(block));
  };
  b.push_back(doc::Text(doc::ParagraphStyle::kTitle, "Accordo di Programma"));
  b.push_back(doc::Text(doc::ParagraphStyle::kSubtitle, "per l'attuazione del " + f.plan.title));
  b.push_back(doc::Text(doc::ParagraphStyle::kHeading3, "Ambito territoriale " + ambito));
  if (f.ruleset) para("Linee di indirizzo: ", f.ruleset->title + " (" + f.ruleset->act + ")");
  para("Stato del piano: ", std::string(core::PlanStateLabel(f.row.state)));
  section("1. Finalità e obiettivi", f.adp.purposes);
  auto type = core::ParseCapofilaType(f.adp.capofila_type);
  section("2. Ente capofila", f.adp.capofila_name.empty()
                                  ? ""
                                  : f.adp.capofila_name + " (" +
                                        (type ? std::string(core::CapofilaTypeLabel(*type)) : f.adp.capofila_type) +
                                        ")");
  section("3. Ufficio di Piano",
          f.adp.udp_host_body.empty() ? "" : "Presso " + f.adp.udp_host_body + ".\n\n" + f.adp.udp_description);
  b.push_back(doc::Text(doc::ParagraphStyle::kHeading1, "4. Soggetti sottoscrittori e aderenti e loro impegni"));
  doc::Table t;
  t.header = {"Soggetto", "Ruolo", "Impegni", "Firma"};
  t.widths = {1.4, 1.2, 2.0, 1.1};
  for (const auto& p : f.adp.parties) {
    t.rows.push_back({p.name, p.role, p.commitments,
                      p.signed_on ? p.signed_on->ToItalian() + (p.signed_by.empty() ? "" : "\n" + p.signed_by) : "—"});
  }
  if (t.rows.empty()) t.rows.push_back({"(nessun soggetto indicato)", "", "", ""});
  b.push_back(std::move(t));
  section("5. Strumenti e modalità di collaborazione con il Terzo Settore", f.adp.third_sector_tools);
  section("6. Verifica e monitoraggio dell'attuazione", f.adp.monitoring);
  section("7. Durata", f.adp.valid_from && f.adp.valid_to
                           ? "Dal " + f.adp.valid_from->ToItalian() + " al " + f.adp.valid_to->ToItalian() + "."
                           : "");
  if (auto signed_on = core::AdpSignedOn(f.adp)) para("Sottoscritto il: ", signed_on->ToItalian());
  return d;
}

std::string BaseName(const Facts& f, const std::string& what) {
  return what + "-" + f.row.ambito + "-" + std::to_string(f.plan.period_from.year()) + "-" +
         std::to_string(f.plan.period_to.year());
}

json ComplianceJson(const Facts& f, Date today) {
  json items = json::array();
  json summary = {{"pass", 0}, {"fail", 0}, {"warning", 0}};
  if (!f.ruleset) {
    items.push_back({{"code", "ruleset"},
                     {"title", "Linee di indirizzo del piano"},
                     {"status", "fail"},
                     {"reason", f.plan.ruleset.empty() ? "Il piano non indica le linee di indirizzo (ruleset)"
                                                       : "Ruleset '" + f.plan.ruleset + "' non caricato"},
                     {"act", ""}});
    summary["fail"] = 1;
  } else {
    core::ComplianceInput in{&f.plan, &f.adp, &*f.ruleset, f.comuni, f.history, f.row.state, today};
    for (const auto& i : core::CheckCompliance(in)) {
      std::string status(core::CheckStatusCode(i.status));
      summary[status] = summary[status].get<int>() + 1;
      items.push_back({{"code", i.code}, {"title", i.title}, {"status", status}, {"reason", i.reason}, {"act", i.act}});
    }
  }
  return {{"plan_id", f.row.id},
          {"ambito", f.row.ambito},
          {"ruleset", f.plan.ruleset.empty() ? json(nullptr) : json(f.plan.ruleset)},
          {"state", std::string(core::PlanStateCode(f.row.state))},
          {"as_of", today.ToString()},
          {"summary", summary},
          {"items", items}};
}

json DeadlinesJson(const Facts& f, Date today) {
  json items = json::array();
  if (!f.ruleset) return items;
  for (const auto& d : core::PlanDeadlines(*f.ruleset, f.history, f.row.state, today)) {
    items.push_back({{"plan_id", f.row.id},
                     {"plan_title", f.plan.title},
                     {"ambito", f.row.ambito},
                     {"ambito_name", f.ambito["name"]},
                     {"code", d.code},
                     {"title", d.title},
                     {"act", d.act},
                     {"due", DateJson(d.due)},
                     {"done", DateJson(d.done)},
                     {"status", std::string(core::DeadlineStatusCode(d.status))},
                     {"status_label", std::string(core::DeadlineStatusLabel(d.status))},
                     {"days", d.days},
                     {"explanation", d.explanation}});
  }
  return items;
}

json CalendarJson(json items, const std::string& scope_key, const std::string& scope, Date today) {
  std::sort(items.begin(), items.end(), [](const json& a, const json& b) {
    std::string da = a["due"].is_string() ? a["due"].get<std::string>() : "9999";
    std::string db = b["due"].is_string() ? b["due"].get<std::string>() : "9999";
    return da < db;
  });
  json summary = json::object();
  for (const char* s : {"due", "done_on_time", "done_late", "overdue", "pending", "not_set"}) summary[s] = 0;
  for (const auto& i : items)
    summary[i["status"].get<std::string>()] = summary[i["status"].get<std::string>()].get<int>() + 1;
  return {{scope_key, scope}, {"as_of", today.ToString()}, {"summary", summary}, {"items", items}};
}

/// The plans of an ambito the actor may read, newest triennium first.
Result<std::vector<std::int64_t>> ReadablePlans(storage::Connection& conn, const Actor& actor,
                                                const std::string& ambito) {
  PDZ_ASSIGN(core::Place place, detail::PlaceOfAmbito(conn, ambito));
  bool private_ok = detail::Require(actor, core::Permission::kReadPrivate, place).has_value();
  PDZ_ASSIGN(auto rows,
             conn.Query("SELECT id, status FROM plans WHERE ambito_code = ? ORDER BY period_from DESC", {ambito}));
  std::vector<std::int64_t> out;
  for (const auto& r : rows) {
    auto s = core::ParsePlanState(r.Text(1)).value_or(core::PlanState::kBozza);
    if (private_ok || core::IsPublicState(s)) out.push_back(r.Int(0));
  }
  return out;
}

Result<std::vector<std::pair<std::string, std::string>>> RegionAmbiti(storage::Connection& conn,
                                                                      const std::string& region, Date today) {
  PDZ_ASSIGN(auto reg, conn.Query("SELECT code FROM regions WHERE code = ?", {region}));
  if (reg.empty()) return detail::NotFound("regione", region, detail::Codes(conn, "SELECT code FROM regions"));
  std::string d = today.ToString();
  PDZ_ASSIGN(auto rows, conn.Query("SELECT code, name FROM ambiti WHERE region_code = ? AND valid_from <= ? AND "
                                   "(valid_to IS NULL OR valid_to >= ?) ORDER BY name",
                                   {region, d, d}));
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& r : rows) out.emplace_back(r.Text(0), r.Text(1));
  return out;
}

}  // namespace

Result<json> App::GetAdp(const Actor& actor, std::int64_t plan_id) {
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(Facts f, LoadReadable(*conn, actor, plan_id, clock_.Today()));
  bool can_edit = detail::Require(actor, core::Permission::kEditAmbito, f.place).has_value();
  return AdpJson(f, can_edit);
}

Result<json> App::SaveAdp(const Actor& actor, std::int64_t plan_id, const json& body) {
  if (!body.is_object()) return MakeError(ErrorCode::kValidationFailed, "Atteso un oggetto JSON.");
  io::JsonFields in;
  in.RejectUnknown(
      body, {"version", "purposes", "capofila", "ufficio_di_piano", "third_sector_tools", "monitoring", "duration"},
      "");
  auto version = in.Integer(body, "version", "version", true);
  std::string purposes = in.String(body, "purposes", "purposes", false);
  std::string capofila_name, capofila_type, udp_host, udp_desc;
  if (body.contains("capofila")) {
    in.RejectUnknown(body["capofila"], {"name", "type", "type_label"}, "capofila");
    capofila_name = in.String(body["capofila"], "name", "capofila.name", false);
    capofila_type = in.String(body["capofila"], "type", "capofila.type", false);
    if (!capofila_type.empty() && !core::ParseCapofilaType(capofila_type))
      in.problems.Add("capofila.type", capofila_type, "ammessi: " + core::CapofilaTypeCodes());
  }
  if (body.contains("ufficio_di_piano")) {
    in.RejectUnknown(body["ufficio_di_piano"], {"host_body", "description"}, "ufficio_di_piano");
    udp_host = in.String(body["ufficio_di_piano"], "host_body", "ufficio_di_piano.host_body", false);
    udp_desc = in.String(body["ufficio_di_piano"], "description", "ufficio_di_piano.description", false);
  }
  std::string tools = in.String(body, "third_sector_tools", "third_sector_tools", false);
  std::string monitoring = in.String(body, "monitoring", "monitoring", false);
  std::optional<Date> from, to;
  if (body.contains("duration")) {
    in.RejectUnknown(body["duration"], {"from", "to"}, "duration");
    if (!body["duration"]["from"].is_null()) from = in.DateField(body["duration"], "from", "duration.from", false);
    if (!body["duration"]["to"].is_null()) to = in.DateField(body["duration"], "to", "duration.to", false);
    if (from && to && *to < *from) in.problems.Add("duration.to", to->ToString(), "precede duration.from");
  }
  if (!in.ok()) return in.ToError("Accordo di Programma non valido.");
  PDZ_ASSIGN(auto conn, db_.Connect());
  auto done = InTransaction(*conn, [&]() -> Result<void> {
    PDZ_ASSIGN(Facts f, LoadFacts(*conn, plan_id, clock_.Today()));
    auto may = detail::Require(actor, core::Permission::kEditAmbito, f.place);
    if (!may) {
      PDZ_TRY(detail::RequirePlanRead(*conn, actor, f.row));
      return may.take_error();
    }
    if (!core::IsAdpEditableState(f.row.state)) return NotAdpEditable(f.row.state);
    json before = AdpJson(f, true);
    if (*version != f.adp_version) {
      return MakeError(ErrorCode::kVersionConflict,
                       "L'Accordo è stato modificato da qualcun altro: ricarica e riapplica le modifiche.",
                       {{.field = "version",
                         .value = before.dump(),
                         .reason = "l'Accordo è alla versione " + std::to_string(f.adp_version),
                         .value_is_json = true}});
    }
    PDZ_TRY(EnsureAdp(*conn, clock_, f));
    PDZ_TRY(
        conn->Exec("UPDATE adp SET purposes = ?, capofila_name = ?, capofila_type = ?, udp_host_body = ?, "
                   "udp_description = ?, third_sector_tools = ?, monitoring = ?, valid_from = ?, valid_to = ?, "
                   "version = version + 1, updated_at = ? WHERE plan_id = ?",
                   {purposes, capofila_name, capofila_type, udp_host, udp_desc, tools, monitoring,
                    from ? storage::Value{from->ToString()} : storage::Value{},
                    to ? storage::Value{to->ToString()} : storage::Value{}, clock_.NowIso(), plan_id}));
    PDZ_ASSIGN(Facts after, LoadFacts(*conn, plan_id, clock_.Today()));
    return detail::Audit(*conn, clock_, actor, "update", "adp", std::to_string(plan_id), f.row.ambito, before,
                         AdpJson(after, true));
  });
  if (!done) return done.take_error();
  return GetAdp(actor, plan_id);
}

Result<json> App::AddAdpParty(const Actor& actor, std::int64_t plan_id, const json& body) {
  if (!body.is_object()) return MakeError(ErrorCode::kValidationFailed, "Atteso un oggetto JSON.");
  PDZ_ASSIGN(auto conn, db_.Connect());
  auto done = InTransaction(*conn, [&]() -> Result<void> {
    PDZ_ASSIGN(Facts f, LoadFacts(*conn, plan_id, clock_.Today()));
    auto may = detail::Require(actor, core::Permission::kEditAmbito, f.place);
    if (!may) {
      PDZ_TRY(detail::RequirePlanRead(*conn, actor, f.row));
      return may.take_error();
    }
    io::JsonFields in;
    std::vector<core::AdpParty> parties;
    if (body.contains("preset")) {
      // The required signatories not listed yet: every comune, the health agency, the ASST (district).
      in.RejectUnknown(body, {"preset"}, "");
      std::string preset = in.String(body, "preset", "preset", true);
      if (preset != "required") in.problems.Add("preset", preset, "ammesso: required");
      if (!in.ok()) return in.ToError("Parti dell'Accordo non valide.");
      auto listed = [&](const std::string& kind, const std::string& istat) {
        return std::any_of(f.adp.parties.begin(), f.adp.parties.end(), [&](const core::AdpParty& p) {
          return p.kind == kind && (istat.empty() || p.istat_code == istat);
        });
      };
      for (const auto& kind : RequiredKinds(f)) {
        if (kind == "comuni") {
          for (const auto& c : f.comuni) {
            if (!listed("comune", c.istat_code))
              parties.push_back({0, "sottoscrittore", "comune", c.istat_code, "Comune di " + c.name, "", {}, ""});
          }
        } else if (!listed(kind, "")) {
          std::string name = kind == "asst" && f.ambito["district"].is_object()
                                 ? f.ambito["district"]["name"].get<std::string>()
                                 : f.ambito["agency"]["name"].get<std::string>();
          parties.push_back({0, "sottoscrittore", kind, "", name, "", {}, ""});
        }
      }
    } else {
      in.RejectUnknown(body, {"role", "kind", "istat_code", "name", "commitments"}, "");
      core::AdpParty p;
      p.role = in.String(body, "role", "role", true);
      if (!p.role.empty() && !core::IsAdpPartyRole(p.role))
        in.problems.Add("role", p.role, "ammessi: sottoscrittore, aderente");
      p.kind = in.String(body, "kind", "kind", true);
      if (!p.kind.empty() && !core::IsAdpPartyKind(p.kind))
        in.problems.Add("kind", p.kind, "ammessi: " + core::AdpPartyKinds());
      p.istat_code = in.String(body, "istat_code", "istat_code", p.kind == "comune");
      p.name = in.String(body, "name", "name", p.kind != "comune");
      p.commitments = in.String(body, "commitments", "commitments", false);
      if (p.kind == "comune" && !p.istat_code.empty()) {
        auto it = std::find_if(f.comuni.begin(), f.comuni.end(),
                               [&](const core::ComuneRef& c) { return c.istat_code == p.istat_code; });
        if (it == f.comuni.end())
          in.problems.Add("istat_code", p.istat_code, "non è un Comune dell'ambito " + f.row.ambito);
        else if (p.name.empty())
          p.name = "Comune di " + it->name;
      }
      if (!in.ok()) return in.ToError("Parte dell'Accordo non valida.");
      parties.push_back(std::move(p));
    }
    if (!core::IsAdpEditableState(f.row.state)) return NotAdpEditable(f.row.state);
    json before = AdpJson(f, true);
    PDZ_TRY(EnsureAdp(*conn, clock_, f));
    for (const auto& p : parties) PDZ_TRY(InsertParty(*conn, plan_id, p));
    PDZ_TRY(conn->Exec("UPDATE adp SET version = version + 1, updated_at = ? WHERE plan_id = ?",
                       {clock_.NowIso(), plan_id}));
    PDZ_ASSIGN(Facts after, LoadFacts(*conn, plan_id, clock_.Today()));
    return detail::Audit(*conn, clock_, actor, "add_party", "adp", std::to_string(plan_id), f.row.ambito,
                         before["parties"], AdpJson(after, true)["parties"]);
  });
  if (!done) return done.take_error();
  return GetAdp(actor, plan_id);
}

Result<void> App::RemoveAdpParty(const Actor& actor, std::int64_t plan_id, std::int64_t party_id) {
  PDZ_ASSIGN(auto conn, db_.Connect());
  return InTransaction(*conn, [&]() -> Result<void> {
    PDZ_ASSIGN(Facts f, LoadFacts(*conn, plan_id, clock_.Today()));
    auto may = detail::Require(actor, core::Permission::kEditAmbito, f.place);
    if (!may) {
      PDZ_TRY(detail::RequirePlanRead(*conn, actor, f.row));
      return may.take_error();
    }
    auto it = std::find_if(f.adp.parties.begin(), f.adp.parties.end(),
                           [&](const core::AdpParty& p) { return p.id == party_id; });
    if (it == f.adp.parties.end()) {
      return MakeError(ErrorCode::kNotFound, "Parte " + std::to_string(party_id) + " non trovata nell'Accordo.",
                       {{.field = "party_id", .value = std::to_string(party_id), .reason = "parte inesistente"}});
    }
    if (!core::IsAdpEditableState(f.row.state)) return NotAdpEditable(f.row.state);
    if (it->signed_on) {
      return MakeError(ErrorCode::kConflict, "«" + it->name + "» ha già firmato: non si toglie dall'Accordo.",
                       {{.field = "signed_on", .value = it->signed_on->ToString(), .reason = "parte già firmataria"}});
    }
    PDZ_TRY(conn->Exec("DELETE FROM adp_parties WHERE id = ?", {party_id}));
    PDZ_TRY(conn->Exec("UPDATE adp SET version = version + 1, updated_at = ? WHERE plan_id = ?",
                       {clock_.NowIso(), plan_id}));
    return detail::Audit(*conn, clock_, actor, "remove_party", "adp", std::to_string(plan_id), f.row.ambito,
                         PartyJson(*it), nullptr);
  });
}

Result<json> App::SignAdp(const Actor& actor, std::int64_t plan_id, std::int64_t party_id, const json& body) {
  if (!body.is_object()) return MakeError(ErrorCode::kValidationFailed, "Atteso un oggetto JSON.");
  io::JsonFields in;
  in.RejectUnknown(body, {"signed_on", "signed_by"}, "");
  auto signed_on = in.DateField(body, "signed_on", "signed_on", true);
  std::string signed_by = in.String(body, "signed_by", "signed_by", false);
  if (!in.ok()) return in.ToError("Firma non valida.");
  PDZ_ASSIGN(auto conn, db_.Connect());
  auto done = InTransaction(*conn, [&]() -> Result<void> {
    PDZ_ASSIGN(Facts f, LoadFacts(*conn, plan_id, clock_.Today()));
    auto may = detail::Require(actor, core::Permission::kEditAmbito, f.place);
    if (!may) {
      PDZ_TRY(detail::RequirePlanRead(*conn, actor, f.row));
      return may.take_error();
    }
    auto it = std::find_if(f.adp.parties.begin(), f.adp.parties.end(),
                           [&](const core::AdpParty& p) { return p.id == party_id; });
    if (it == f.adp.parties.end()) {
      return MakeError(ErrorCode::kNotFound, "Parte " + std::to_string(party_id) + " non trovata nell'Accordo.",
                       {{.field = "party_id", .value = std::to_string(party_id), .reason = "parte inesistente"}});
    }
    if (it->signed_on) {
      return MakeError(ErrorCode::kConflict,
                       "«" + it->name + "» ha già firmato l'Accordo il " + it->signed_on->ToItalian() + ".",
                       {{.field = "signed_on", .value = signed_on->ToString(), .reason = "firma già registrata"}});
    }
    if (f.row.state != core::PlanState::kApprovatoAssemblea) {
      return MakeError(ErrorCode::kConflict,
                       "Il piano è «" + std::string(core::PlanStateLabel(f.row.state)) +
                           "»: l'Accordo si firma dopo l'approvazione dell'Assemblea e prima della sottoscrizione.",
                       {{.field = "status",
                         .value = std::string(core::PlanStateCode(f.row.state)),
                         .reason = "atteso approvato_assemblea"}});
    }
    auto approved = LastOn(f, core::PlanState::kApprovatoAssemblea);
    if (approved && *signed_on < *approved) {
      return MakeError(
          ErrorCode::kValidationFailed,
          "La firma di «" + it->name + "» è datata " + signed_on->ToItalian() +
              ", prima dell'approvazione del piano da parte dell'Assemblea (" + approved->ToItalian() + ").",
          {{.field = "signed_on", .value = signed_on->ToString(), .reason = "non prima del " + approved->ToString()}});
    }
    if (*signed_on > clock_.Today()) {
      return MakeError(ErrorCode::kValidationFailed, "La data di firma " + signed_on->ToItalian() + " è futura.",
                       {{.field = "signed_on", .value = signed_on->ToString(), .reason = "non dopo oggi"}});
    }
    PDZ_TRY(conn->Exec("UPDATE adp_parties SET signed_on = ?, signed_by = ? WHERE id = ?",
                       {signed_on->ToString(), signed_by.empty() ? actor.username : signed_by, party_id}));
    PDZ_TRY(conn->Exec("UPDATE adp SET version = version + 1, updated_at = ? WHERE plan_id = ?",
                       {clock_.NowIso(), plan_id}));
    return detail::Audit(*conn, clock_, actor, "sign", "adp", std::to_string(plan_id), f.row.ambito, PartyJson(*it),
                         json{{"party_id", party_id}, {"signed_on", signed_on->ToString()}, {"signed_by", signed_by}});
  });
  if (!done) return done.take_error();
  return GetAdp(actor, plan_id);
}

Result<App::File> App::ExportAdp(const Actor& actor, std::int64_t plan_id, const std::string& format) {
  if (format != "pdf" && format != "docx") {
    return MakeError(ErrorCode::kValidationFailed, "Formato '" + format + "' non disponibile: pdf o docx.",
                     {{.field = "format", .value = format, .reason = "ammessi: pdf, docx"}});
  }
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(Facts f, LoadReadable(*conn, actor, plan_id, clock_.Today()));
  return detail::RenderDocument(AdpDocument(f), format, BaseName(f, "adp"));
}

Result<json> App::PlanLifecycle(const Actor& actor, std::int64_t plan_id) {
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(Facts f, LoadReadable(*conn, actor, plan_id, clock_.Today()));
  auto who = detail::CapacitiesOf(actor, f.place);
  auto facts = TransitionFactsOf(f);
  json next = json::array();
  for (const auto& step : core::NextSteps(f.row.state, who, facts)) {
    json who_json = json::array();
    std::string who_label;
    for (auto c : step.transition->who) {
      who_json.push_back(c == core::Capacity::kAmbito ? "ambito" : c == core::Capacity::kAgency ? "agency" : "region");
      who_label += (who_label.empty() ? "" : " o ") + std::string(core::CapacityLabel(c));
    }
    next.push_back({{"to", std::string(core::PlanStateCode(step.transition->to))},
                    {"to_label", std::string(core::PlanStateLabel(step.transition->to))},
                    {"label", step.transition->label},
                    {"who", who_json},
                    {"who_label", who_label},
                    {"needs_act", step.transition->needs_act},
                    {"needs_note", step.transition->needs_note},
                    {"allowed", step.allowed},
                    {"reason", step.reason}});
  }
  json capacities = json::array();
  for (auto c : who)
    capacities.push_back(c == core::Capacity::kAmbito ? "ambito" : c == core::Capacity::kAgency ? "agency" : "region");
  PDZ_ASSIGN(auto pkg, conn->Query("SELECT id, created_at, filename FROM plan_packages WHERE plan_id = ? "
                                   "ORDER BY id DESC LIMIT 1",
                                   {plan_id}));
  return json{
      {"plan_id", plan_id},
      {"ambito", f.row.ambito},
      {"state", std::string(core::PlanStateCode(f.row.state))},
      {"state_label", std::string(core::PlanStateLabel(f.row.state))},
      {"public", core::IsPublicState(f.row.state)},
      {"editable", core::IsEditableState(f.row.state)},
      {"adp_editable", core::IsAdpEditableState(f.row.state)},
      {"history", f.history_json},
      {"next", next},
      {"capacities", capacities},
      {"missing_signatures", facts.missing_signatures},
      {"package", pkg.empty()
                      ? json(nullptr)
                      : json{{"id", pkg[0].Int(0)}, {"created_at", pkg[0].Text(1)}, {"filename", pkg[0].Text(2)}}}};
}

Result<json> App::TransitionPlan(const Actor& actor, std::int64_t plan_id, const json& body) {
  if (!body.is_object()) return MakeError(ErrorCode::kValidationFailed, "Atteso un oggetto JSON.");
  io::JsonFields in;
  in.RejectUnknown(body, {"to", "from", "note", "act", "on"}, "");
  std::string to_code = in.String(body, "to", "to", true);
  std::string from_code = in.String(body, "from", "from", false);
  std::string note = in.String(body, "note", "note", false);
  std::string act = in.String(body, "act", "act", false);
  std::optional<Date> on = in.DateField(body, "on", "on", false);
  auto to = core::ParsePlanState(to_code);
  if (!to_code.empty() && !to) in.problems.Add("to", to_code, "stati: " + core::PlanStateCodes());
  if (!in.ok()) return in.ToError("Passaggio di stato non valido.");
  Date today = clock_.Today();
  Date when = on.value_or(today);
  PDZ_ASSIGN(auto conn, db_.Connect());
  // Check before rendering the package, then again in the transaction.
  auto check = [&](const Facts& f) -> Result<void> {
    PDZ_TRY(detail::RequirePlanRead(*conn, actor, f.row));
    if (actor.anonymous()) {
      return MakeError(ErrorCode::kUnauthenticated,
                       "Per questa operazione occorre accedere con le proprie credenziali.");
    }
    if (!from_code.empty() && from_code != core::PlanStateCode(f.row.state)) {
      return MakeError(ErrorCode::kConflict,
                       "Il piano è ora «" + std::string(core::PlanStateLabel(f.row.state)) + "», non «" + from_code +
                           "»: qualcun altro l'ha cambiato. Ricarica.",
                       {{.field = "from",
                         .value = from_code,
                         .reason = "stato attuale: " + std::string(core::PlanStateCode(f.row.state))}});
    }
    auto who = detail::CapacitiesOf(actor, f.place);
    PDZ_TRY(core::CheckTransition(f.row.state, *to, who, TransitionFactsOf(f), !act.empty(), !note.empty()));
    if (when > today) {
      return MakeError(ErrorCode::kValidationFailed, "La data " + when.ToItalian() + " è futura.",
                       {{.field = "on", .value = when.ToString(), .reason = "non dopo oggi"}});
    }
    if (!f.history.empty() && when < f.history.back().on) {
      return MakeError(
          ErrorCode::kValidationFailed,
          "La data " + when.ToItalian() + " precede l'ultimo passaggio (" + f.history.back().on.ToItalian() + ").",
          {{.field = "on", .value = when.ToString(), .reason = "non prima del " + f.history.back().on.ToString()}});
    }
    return Ok();
  };
  PDZ_ASSIGN(Facts pre, LoadFacts(*conn, plan_id, today));
  PDZ_TRY(check(pre));
  // Transmission: the package (plan PDF, AdP PDF, manifest with SHA-256 of each) is built and kept.
  std::optional<std::pair<std::string, std::string>> package;  // filename, zip
  std::string manifest;
  if (*to == core::PlanState::kTrasmesso) {
    PDZ_ASSIGN(File plan_pdf, ExportPlan(Actor::System(), plan_id, "pdf", std::nullopt));
    PDZ_ASSIGN(std::string adp_pdf, doc::RenderPdf(AdpDocument(pre)));
    std::vector<std::pair<std::string, std::string>> files = {{plan_pdf.filename, plan_pdf.bytes},
                                                              {BaseName(pre, "adp") + ".pdf", adp_pdf}};
    json listed = json::array();
    for (const auto& [name, bytes] : files)
      listed.push_back({{"name", name}, {"bytes", bytes.size()}, {"sha256", detail::Sha256Hex(bytes)}});
    json m = {{"format", "pdz-package/1"},
              {"plan",
               {{"id", plan_id},
                {"ambito", pre.row.ambito},
                {"title", pre.plan.title},
                {"period", {{"from", pre.plan.period_from.ToString()}, {"to", pre.plan.period_to.ToString()}}},
                {"ruleset", pre.plan.ruleset}}},
              {"adp_signed_on", DateJson(core::AdpSignedOn(pre.adp))},
              {"transmitted_on", when.ToString()},
              {"created_at", clock_.NowIso()},
              {"created_by", actor.username},
              {"files", listed}};
    manifest = m.dump(2);
    files.emplace_back("manifest.json", manifest);
    PDZ_ASSIGN(std::string zip, doc::ZipFiles(files, "pacchetto di trasmissione"));
    package = std::make_pair(BaseName(pre, "pacchetto") + ".zip", std::move(zip));
  }
  auto done = InTransaction(*conn, [&]() -> Result<void> {
    PDZ_ASSIGN(Facts f, LoadFacts(*conn, plan_id, today));
    PDZ_TRY(check(f));
    if (f.row.state != pre.row.state) {
      return MakeError(ErrorCode::kConflict, "Il piano è cambiato nel frattempo: ricarica.", {{.field = "from"}});
    }
    std::string now = clock_.NowIso();
    std::string from_state(core::PlanStateCode(f.row.state));
    PDZ_TRY(conn->Exec("UPDATE plans SET status = ?, updated_at = ? WHERE id = ?", {to_code, now, plan_id}));
    PDZ_TRY(
        conn->Exec("INSERT INTO plan_transitions (plan_id, from_state, to_state, actor, at, on_date, note, act) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   {plan_id, from_state, to_code, actor.username, now, when.ToString(), note, act}));
    if (package) {
      PDZ_TRY(
          conn->Exec("INSERT INTO plan_packages (plan_id, created_at, created_by, filename, manifest_json, zip) "
                     "VALUES (?, ?, ?, ?, ?, ?)",
                     {plan_id, now, actor.username, package->first, manifest, storage::Blob{package->second}}));
    }
    return detail::Audit(*conn, clock_, actor, "transition", "plan", std::to_string(plan_id), f.row.ambito,
                         json{{"state", from_state}},
                         json{{"state", to_code}, {"on", when.ToString()}, {"note", note}, {"act", act}});
  });
  if (!done) return done.take_error();
  return PlanLifecycle(actor, plan_id);
}

Result<App::File> App::PlanPackage(const Actor& actor, std::int64_t plan_id) {
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(detail::PlanRow row, detail::LoadPlanRow(*conn, plan_id));
  PDZ_TRY(detail::RequirePlanRead(*conn, actor, row));
  PDZ_ASSIGN(
      auto rows,
      conn->Query("SELECT filename, zip FROM plan_packages WHERE plan_id = ? ORDER BY id DESC LIMIT 1", {plan_id}));
  if (rows.empty()) {
    return MakeError(ErrorCode::kNotFound,
                     "Il piano " + std::to_string(plan_id) +
                         " non ha ancora un pacchetto di trasmissione: si genera "
                         "quando il piano è trasmesso alla Regione.",
                     {{.field = "id", .value = std::to_string(plan_id), .reason = "piano non ancora trasmesso"}});
  }
  return File{rows[0].Text(1), "application/zip", rows[0].Text(0)};
}

Result<json> App::PlanCompliance(const Actor& actor, std::int64_t plan_id) {
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(Facts f, LoadReadable(*conn, actor, plan_id, clock_.Today()));
  return ComplianceJson(f, clock_.Today());
}

Result<json> App::AmbitoCalendar(const Actor& actor, const std::string& ambito) {
  PDZ_ASSIGN(auto conn, db_.Connect());
  Date today = clock_.Today();
  PDZ_ASSIGN(auto plans, ReadablePlans(*conn, actor, ambito));
  json items = json::array();
  for (auto id : plans) {
    PDZ_ASSIGN(Facts f, LoadFacts(*conn, id, today));
    for (auto& i : DeadlinesJson(f, today)) items.push_back(std::move(i));
  }
  return CalendarJson(std::move(items), "ambito", ambito, today);
}

Result<json> App::RegionCalendar(const Actor& actor, const std::string& region) {
  PDZ_ASSIGN(auto conn, db_.Connect());
  Date today = clock_.Today();
  PDZ_ASSIGN(auto ambiti, RegionAmbiti(*conn, region, today));
  json items = json::array();
  for (const auto& [code, name] : ambiti) {
    PDZ_ASSIGN(auto plans, ReadablePlans(*conn, actor, code));
    if (plans.empty()) continue;
    PDZ_ASSIGN(Facts f, LoadFacts(*conn, plans.front(), today));
    for (auto& i : DeadlinesJson(f, today)) items.push_back(std::move(i));
  }
  return CalendarJson(std::move(items), "region", region, today);
}

Result<json> App::RegionGovernance(const Actor& actor, const std::string& region) {
  PDZ_ASSIGN(auto conn, db_.Connect());
  Date today = clock_.Today();
  PDZ_ASSIGN(auto ambiti, RegionAmbiti(*conn, region, today));
  json items = json::array();
  for (const auto& [code, name] : ambiti) {
    PDZ_ASSIGN(auto plans, ReadablePlans(*conn, actor, code));
    json row = {{"ambito", {{"code", code}, {"name", name}}},
                {"plan", nullptr},
                {"state", nullptr},
                {"state_label", nullptr},
                {"adp_signed_on", nullptr},
                {"transmitted_on", nullptr},
                {"compliance", {{"pass", 0}, {"fail", 0}, {"warning", 0}}},
                {"overdue", 0}};
    if (!plans.empty()) {
      PDZ_ASSIGN(Facts f, LoadFacts(*conn, plans.front(), today));
      row["plan"] = {{"id", f.row.id},
                     {"title", f.plan.title},
                     {"period", {{"from", f.plan.period_from.ToString()}, {"to", f.plan.period_to.ToString()}}},
                     {"ruleset", f.plan.ruleset.empty() ? json(nullptr) : json(f.plan.ruleset)}};
      row["state"] = std::string(core::PlanStateCode(f.row.state));
      row["state_label"] = std::string(core::PlanStateLabel(f.row.state));
      row["adp_signed_on"] = DateJson(core::AdpSignedOn(f.adp));
      row["transmitted_on"] = DateJson(LastOn(f, core::PlanState::kTrasmesso));
      row["compliance"] = ComplianceJson(f, today)["summary"];
      int overdue = 0;
      for (const auto& d : DeadlinesJson(f, today)) overdue += d["status"] == "overdue" ? 1 : 0;
      row["overdue"] = overdue;
    }
    items.push_back(std::move(row));
  }
  return json{{"region", region}, {"as_of", today.ToString()}, {"items", items}, {"total", items.size()}};
}

}  // namespace pdz::app
