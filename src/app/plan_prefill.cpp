// Prefill of a plan section from the previous plan (docs/monitoring.md §5.2): the same ambito's plan
// of the triennium before, its final report (relazione di consuntivo), final progress and evaluation
// answers written as Markdown into the section ("Esiti della programmazione precedente"), as one new
// revision the officer then edits.
#include <algorithm>
#include <cmath>
#include <optional>

#include "app/app.hpp"
#include "app/detail/internals.hpp"
#include "app/detail/monitoring.hpp"
#include "core/base/text.hpp"
#include "core/governance/lifecycle.hpp"
#include "core/plan/plan.hpp"
#include "io/json_fields.hpp"
#include "io/plan_file.hpp"

namespace pdz::app {
namespace {

using detail::LoadPlanRow;
using detail::PlanRow;

struct Level {
  const char* code;
  const char* title;
};
constexpr Level kLevels[] = {{"esiti", "Esiti: che cosa è stato realizzato"},
                             {"risultati", "Risultati: effetti per le persone, integrazione, governance"},
                             {"impatto", "Impatto nel triennio"}};

/// What the prefill reads from the previous plan.
struct Source {
  std::int64_t plan_id = 0, report_id = 0;
  std::string plan_title, report_state, report_title, submitted_at, accepted_at;
  Date from, to;
  json narrative = json::object();
  json monitoring;  // the frozen snapshot, or the view as of the plan's end
  struct Answer {
    std::string level, question, answer;
    std::optional<std::int64_t> rating;
  };
  std::vector<Answer> answers;
};

/// Headings of the copied text go two levels down, under the prefill's own headings.
std::string Demote(const std::string& markdown) {
  std::string out;
  size_t start = 0;
  while (start <= markdown.size()) {
    size_t end = markdown.find('\n', start);
    std::string line = markdown.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (!line.empty() && line[0] == '#') line = "##" + line;
    out += line;
    if (end == std::string::npos) break;
    out += '\n';
    start = end + 1;
  }
  return out;
}

std::string ItalianDay(const std::string& iso_time) {
  auto d = Date::Parse(iso_time.substr(0, 10));
  return d ? d->ToItalian() : iso_time;
}

std::string Percent(const json& fraction) {
  if (!fraction.is_number()) return "non calcolabile";
  return std::to_string(static_cast<int>(std::lround(fraction.get<double>() * 100))) + "%";
}

/// "Piano di Zona 2015-2017" (the plan's title when it says so).
std::string PlanName(const Source& s) {
  if (s.plan_title.rfind("Piano di Zona", 0) == 0) return s.plan_title;
  std::string years = std::to_string(s.from.year()) + "-" + std::to_string(s.to.year());
  return "Piano di Zona " + years + (s.plan_title.empty() ? "" : " («" + s.plan_title + "»)");
}

std::string SourceLine(const Source& s) {
  std::string line = "Precompilato dalla relazione di consuntivo del " + PlanName(s);
  if (!s.submitted_at.empty()) line += ", trasmessa il " + ItalianDay(s.submitted_at);
  if (!s.accepted_at.empty()) line += " e accettata il " + ItalianDay(s.accepted_at);
  return line + ".";
}

/// The section's text: the consuntivo's narrative, the final progress, the evaluation, the source.
std::string PrefillMarkdown(const Source& s, const std::vector<core::EvaluationQuestion>& questions) {
  std::string md = "## Relazione di consuntivo del " + PlanName(s) + "\n\n";
  bool any = false;
  for (const auto& n : detail::kReportSections) {
    std::string text = s.narrative.contains(n.code) && s.narrative[n.code].is_string()
                           ? std::string(Trim(s.narrative[n.code].get<std::string>()))
                           : "";
    if (text.empty()) continue;
    any = true;
    md += "### " + std::string(n.title) + "\n\n" + Demote(text) + "\n\n";
  }
  if (!any) md += "La relazione di consuntivo non contiene testo.\n\n";

  const json& m = s.monitoring;
  md += "## Avanzamento finale del piano\n\n";
  int actions = 0, done = 0, cancelled = 0, indicators = 0, achieved = 0;
  if (m.contains("objectives")) {
    for (const auto& g : m["objectives"])
      for (const auto& sp : g["specific"]) {
        for (const auto& a : sp["actions"]) {
          ++actions;
          done += a.value("status", "") == "done";
          cancelled += a.value("status", "") == "cancelled";
        }
        for (const auto& i : sp["indicators"]) {
          ++indicators;
          achieved += i.value("judgement", "") == "achieved";
        }
      }
  }
  if (m.contains("progress") && m["progress"].is_object()) {
    const json& p = m["progress"];
    md += "- Avanzamento complessivo: " + Percent(p.value("value", json(nullptr)));
    if (p.contains("label") && p["label"].is_string()) md += " (" + p["label"].get<std::string>() + ")";
    md += "\n";
  }
  md += "- Azioni concluse: " + std::to_string(done) + " su " + std::to_string(actions);
  if (cancelled) md += " (" + std::to_string(cancelled) + " annullate)";
  md += "\n- Indicatori raggiunti: " + std::to_string(achieved) + " su " + std::to_string(indicators) + "\n";
  if (m.contains("as_of") && m["as_of"].is_string()) md += "- Dati di monitoraggio al " + ItalianDay(m["as_of"]) + "\n";
  md += "\n## Valutazione del piano\n\n";
  bool answered = false;
  for (const auto& level : kLevels) {
    std::string block;
    // The ruleset's questions in its order, then any answer to a question it no longer lists.
    std::vector<const Source::Answer*> ordered;
    for (const auto& q : questions) {
      if (q.level != level.code) continue;
      for (const auto& a : s.answers)
        if (a.level == q.level && a.question == q.code) ordered.push_back(&a);
    }
    for (const auto& a : s.answers) {
      if (a.level != level.code) continue;
      bool listed = false;
      for (const auto* o : ordered) listed = listed || o == &a;
      if (!listed) ordered.push_back(&a);
    }
    for (const auto* a : ordered) {
      if (IsBlank(a->answer) && !a->rating) continue;
      std::string question = a->question;
      for (const auto& q : questions)
        if (q.level == a->level && q.code == a->question) question = q.question;
      block += "**" + question + "**\n\n";
      if (!IsBlank(a->answer)) block += Demote(std::string(Trim(a->answer))) + "\n\n";
      if (a->rating) block += "Giudizio: " + std::to_string(*a->rating) + " su 5.\n\n";
    }
    if (block.empty()) continue;
    answered = true;
    md += "### " + std::string(level.title) + "\n\n" + block;
  }
  if (!answered) md += "Nessuna risposta di valutazione registrata per il piano precedente.\n\n";
  md += SourceLine(s) + "\n";
  return md;
}

}  // namespace

Result<json> App::PrefillSection(const Actor& actor, std::int64_t plan_id, const std::string& code, const json& body) {
  if (!body.is_object()) return MakeError(ErrorCode::kValidationFailed, "Atteso un oggetto JSON.");
  io::JsonFields in;
  in.RejectUnknown(body, {"version", "note"}, "");
  auto version = in.Integer(body, "version", "version", true);
  std::string note = in.String(body, "note", "note", false);
  if (note.size() > 1000) in.problems.Add("note", "", "al massimo 1.000 caratteri");
  if (!in.ok()) return in.ToError("Precompilazione non valida.");
  PDZ_ASSIGN(auto conn, db_.Connect());

  // Who, which plan and section, before reading the previous plan; the save checks them again.
  PDZ_ASSIGN(PlanRow pre, detail::EditablePlan(*conn, actor, plan_id));
  if (*version != pre.version) return detail::PlanVersionConflict(*conn, plan_id, *version, pre.version);
  PDZ_ASSIGN(core::Plan plan, detail::LatestPlanBody(*conn, plan_id));
  auto section =
      std::find_if(plan.sections.begin(), plan.sections.end(), [&](const auto& s) { return s.code == code; });
  if (section == plan.sections.end()) {
    std::string codes;
    for (const auto& s : plan.sections) codes += (codes.empty() ? "" : ", ") + s.code;
    return MakeError(ErrorCode::kValidationFailed, "La sezione '" + code + "' non è nel piano.",
                     {{.field = "code", .value = code, .reason = "sezioni del piano: " + codes}});
  }

  // The previous plan: the ambito's latest ending before this one starts; its consuntivo.
  Source src;
  PDZ_ASSIGN(auto prev, conn->Query("SELECT id, title, period_from, period_to FROM plans WHERE ambito_code = ? AND "
                                    "period_to < ? ORDER BY period_to DESC, id DESC LIMIT 1",
                                    {pre.ambito, plan.period_from.ToString()}));
  if (prev.empty()) {
    return MakeError(ErrorCode::kConflict,
                     "Nessun piano precedente dell'ambito (terminato prima del " + plan.period_from.ToItalian() +
                         "): la sezione non si può precompilare.",
                     {{.field = "code", .value = code, .reason = "nessun piano precedente"}});
  }
  src.plan_id = prev[0].Int(0);
  src.plan_title = prev[0].Text(1);
  src.from = Date::Parse(prev[0].Text(2)).value_or(Date{});
  src.to = Date::Parse(prev[0].Text(3)).value_or(Date{});
  PDZ_ASSIGN(auto reports, conn->Query("SELECT id, state, title, narrative, snapshot FROM monitoring_reports WHERE "
                                       "plan_id = ? AND kind = 'consuntivo' AND state IN ('accettata', 'trasmessa') "
                                       "ORDER BY CASE state WHEN 'accettata' THEN 0 ELSE 1 END, id DESC LIMIT 1",
                                       {src.plan_id}));
  if (reports.empty()) {
    return MakeError(ErrorCode::kConflict,
                     "Il " + PlanName(src) +
                         " non ha una relazione di consuntivo trasmessa o accettata: la sezione non si può "
                         "precompilare.",
                     {{.field = "code", .value = code, .reason = "relazione di consuntivo mancante"}});
  }
  src.report_id = reports[0].Int(0);
  src.report_state = reports[0].Text(1);
  src.report_title = reports[0].Text(2);
  src.narrative = json::parse(reports[0].Text(3), nullptr, false);
  if (!src.narrative.is_object()) src.narrative = json::object();
  if (!reports[0].IsNull(4)) src.monitoring = json::parse(reports[0].Text(4), nullptr, false);
  PDZ_ASSIGN(auto steps, conn->Query("SELECT to_state, max(at) FROM monitoring_report_transitions WHERE report_id = ? "
                                     "AND to_state IN ('trasmessa', 'accettata') GROUP BY to_state",
                                     {src.report_id}));
  for (const auto& r : steps) (r.Text(0) == "trasmessa" ? src.submitted_at : src.accepted_at) = r.Text(1);
  PDZ_ASSIGN(auto answers, conn->Query("SELECT level, question, answer, rating FROM evaluation_answers WHERE "
                                       "plan_id = ? ORDER BY level, question",
                                       {src.plan_id}));
  for (const auto& r : answers) {
    src.answers.push_back({r.Text(0), r.Text(1), r.Text(2), r.IsNull(3) ? std::optional<std::int64_t>() : r.Int(3)});
  }
  PDZ_ASSIGN(core::Plan previous, detail::LatestPlanBody(*conn, src.plan_id));
  PDZ_ASSIGN(auto prev_rules, detail::LoadRuleset(*conn, previous.ruleset));
  std::vector<core::EvaluationQuestion> questions;
  if (prev_rules) questions = prev_rules->monitoring.questions;
  if (!src.monitoring.is_object()) {
    PDZ_ASSIGN(src.monitoring, GetMonitoring(Actor::System(), src.plan_id, src.to));
  }
  std::string text = PrefillMarkdown(src, questions);
  std::string revision_note = note.empty() ? SourceLine(src) : note + " (" + SourceLine(src) + ")";

  json source = {{"plan_id", src.plan_id},
                 {"plan_title", src.plan_title},
                 {"period", {{"from", src.from.ToString()}, {"to", src.to.ToString()}}},
                 {"report_id", src.report_id},
                 {"report_title", src.report_title},
                 {"report_state", src.report_state},
                 {"submitted_at", src.submitted_at.empty() ? json(nullptr) : json(src.submitted_at)},
                 {"accepted_at", src.accepted_at.empty() ? json(nullptr) : json(src.accepted_at)},
                 {"evaluation_answers", src.answers.size()}};
  return InTransaction(*conn, [&]() -> Result<json> {
    PDZ_ASSIGN(core::Plan after, detail::LatestPlanBody(*conn, plan_id));
    auto it = std::find_if(after.sections.begin(), after.sections.end(), [&](const auto& s) { return s.code == code; });
    if (it == after.sections.end()) {  // removed since the check: the plan has changed meanwhile
      PDZ_ASSIGN(PlanRow now, LoadPlanRow(*conn, plan_id));
      return detail::PlanVersionConflict(*conn, plan_id, *version, now.version);
    }
    std::string old_body = it->body;
    it->body = text;
    core::PlanSection section = *it;
    PDZ_ASSIGN(auto saved,
               detail::SaveRevision(*conn, clock_, actor, plan_id, *version, std::move(after), revision_note,
                                    "prefill_section", json{{"section", code}, {"body", old_body}},
                                    json{{"section", code}, {"source", source}}));
    return json{{"id", plan_id},
                {"version", saved.row.version + 1},
                {"revision", saved.revision},
                {"revision_note", revision_note},
                {"changes", saved.changes},
                {"section", {{"code", section.code}, {"title", section.title}, {"body", section.body}}},
                {"source", source}};
  });
}

}  // namespace pdz::app
