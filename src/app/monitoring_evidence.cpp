// Evidence of what a plan's action did (docs/monitoring.md §2, §5): a file, a link, a meeting of the
// ambito's bodies, an act (number and date). Evidence is never deleted: a removal marks it, and both
// the addition and the removal are in the action's history and in the audit log.

#include <algorithm>
#include <cctype>

#include "app/app.hpp"
#include "app/detail/governance.hpp"
#include "app/detail/internals.hpp"
#include "app/detail/monitoring.hpp"
#include "core/base/text.hpp"
#include "io/json_fields.hpp"

namespace pdz::app {
namespace {

constexpr std::size_t kMaxTitle = 300;
constexpr std::size_t kMaxUrl = 2000;

bool HasControl(const std::string& s) {
  return std::any_of(s.begin(), s.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; });
}

/// An absolute http(s) address with a host, no spaces or control characters.
std::string UrlProblem(const std::string& url) {
  std::string lower = url;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  std::string rest;
  if (lower.rfind("https://", 0) == 0) {
    rest = url.substr(8);
  } else if (lower.rfind("http://", 0) == 0) {
    rest = url.substr(7);
  } else {
    return "atteso un indirizzo che inizia con http:// o https://";
  }
  if (url.size() > kMaxUrl) return "indirizzo troppo lungo (massimo 2.000 caratteri)";
  if (HasControl(url) || url.find(' ') != std::string::npos) return "l'indirizzo non può contenere spazi";
  std::string host = rest.substr(0, rest.find_first_of("/?#"));
  if (host.empty() || host.find('@') != std::string::npos)
    return "manca il nome del sito (ad es. https://www.comune.it/...)";
  return {};
}

/// "type/subtype" with the characters of RFC 6838.
bool ValidContentType(const std::string& t) {
  auto slash = t.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == t.size() || t.size() > 127) return false;
  return std::all_of(t.begin(), t.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '/' || c == '!' || c == '#' || c == '$' || c == '&' || c == '^' || c == '_' ||
           c == '.' || c == '+' || c == '-';
  });
}

/// One evidence as the API shows it (`r`: the columns of kEvidenceColumns).
constexpr const char* kEvidenceColumns =
    "e.id, e.action_id, e.kind, e.title, e.url, e.meeting_id, e.act_number, e.act_date, e.file_name, "
    "e.content_type, e.size, e.sha256, e.added_at, e.added_by, m.title, m.held_on, m.approved_at";

json EvidenceJson(const storage::Row& r, std::int64_t plan_id, bool meetings_private_ok) {
  json e = {{"id", r.Int(0)},
            {"action_id", r.Text(1)},
            {"kind", r.Text(2)},
            {"title", r.Text(3)},
            {"url", detail::OptString(r.OptText(4))},
            {"meeting_id", r.IsNull(5) ? json(nullptr) : json(r.Int(5))},
            {"meeting", nullptr},
            {"act_number", detail::OptString(r.OptText(6))},
            {"act_date", detail::OptString(r.OptText(7))},
            {"file_name", detail::OptString(r.OptText(8))},
            {"content_type", detail::OptString(r.OptText(9))},
            {"size", r.IsNull(10) ? json(nullptr) : json(r.Int(10))},
            {"sha256", detail::OptString(r.OptText(11))},
            {"added_at", r.Text(12)},
            {"added_by", r.Text(13)}};
  // A meeting's title and date are shown to those who may read the meeting (approved minutes are public).
  if (!r.IsNull(5) && !r.IsNull(15) && (meetings_private_ok || !r.IsNull(16))) {
    e["meeting"] = {{"id", r.Int(5)}, {"title", r.Text(14)}, {"held_on", r.Text(15)}};
  }
  if (r.Text(2) == "file") {
    e["download"] =
        "/api/v1/plans/" + std::to_string(plan_id) + "/monitoring/evidence/" + std::to_string(r.Int(0)) + "/file";
  }
  return e;
}

Error UnknownEvidence(std::int64_t id) {
  return MakeError(ErrorCode::kNotFound, "Evidenza " + std::to_string(id) + " non trovata.",
                   {{.field = "evidence_id", .value = std::to_string(id), .reason = "evidenza inesistente o rimossa"}});
}

/// The action's state as its history shows it (the evidence does not change it).
Result<json> ActionStateJson(storage::Connection& conn, std::int64_t plan_id, const std::string& action_id) {
  PDZ_ASSIGN(auto cur, conn.Query("SELECT status, progress, notes FROM monitoring_actions WHERE plan_id = ? AND "
                                  "action_id = ?",
                                  {plan_id, action_id}));
  if (cur.empty()) return json{{"status", "not_started"}, {"progress", 0}, {"notes", ""}};
  return json{{"status", cur[0].Text(0)}, {"progress", cur[0].Int(1)}, {"notes", cur[0].Text(2)}};
}

/// One row in the action's history: the state, unchanged, with what happened to the evidence.
Result<void> EvidenceHistory(storage::Connection& conn, const Clock& clock, const Actor& actor, std::int64_t plan_id,
                             const std::string& action_id, const char* key, const json& evidence,
                             const std::string& note) {
  PDZ_ASSIGN(json state, ActionStateJson(conn, plan_id, action_id));
  json after = state;
  after[key] = evidence;
  PDZ_TRY(
      conn.Exec("INSERT INTO monitoring_action_changes (plan_id, action_id, at, actor, before_json, after_json, note) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                {plan_id, action_id, clock.NowIso(), actor.username, state.dump(), after.dump(), note}));
  return Ok();
}

/// What the body asks to store, checked before anything is read or written.
struct NewEvidence {
  std::string kind, title, url, act_number, file_name, content_type, bytes;
  std::optional<std::int64_t> meeting_id;
  std::optional<Date> act_date;
};

Result<NewEvidence> ReadEvidence(const json& body) {
  if (!body.is_object()) return MakeError(ErrorCode::kValidationFailed, "Atteso un oggetto JSON.");
  io::JsonFields in;
  NewEvidence e;
  e.kind = in.String(body, "kind", "kind", true);
  if (!in.ok()) return in.ToError("Evidenza non valida.");
  auto title_field = [&](bool required) {
    e.title = std::string(Trim(in.String(body, "title", "title", required)));
    if (e.title.size() > kMaxTitle)
      in.problems.Add("title", e.title.substr(0, 40), "titolo troppo lungo (massimo 300 caratteri)");
    if (HasControl(e.title)) in.problems.Add("title", e.title.substr(0, 40), "il titolo non può contenere a capo");
  };
  if (e.kind == "link") {
    in.RejectUnknown(body, {"kind", "title", "url"}, "");
    title_field(true);
    e.url = std::string(Trim(in.String(body, "url", "url", true)));
    if (!e.url.empty()) {
      std::string why = UrlProblem(e.url);
      if (!why.empty()) in.problems.Add("url", e.url.substr(0, 200), why);
    }
  } else if (e.kind == "meeting") {
    in.RejectUnknown(body, {"kind", "title", "meeting_id"}, "");
    title_field(false);
    e.meeting_id = in.Integer(body, "meeting_id", "meeting_id", true);
  } else if (e.kind == "act") {
    in.RejectUnknown(body, {"kind", "title", "act_number", "act_date"}, "");
    title_field(true);
    e.act_number = std::string(Trim(in.String(body, "act_number", "act_number", true)));
    if (e.act_number.size() > 100) in.problems.Add("act_number", e.act_number.substr(0, 40), "massimo 100 caratteri");
    e.act_date = in.DateField(body, "act_date", "act_date", true);
  } else if (e.kind == "file") {
    in.RejectUnknown(body, {"kind", "title", "file_name", "content_type", "content_base64"}, "");
    title_field(true);
    e.file_name = std::string(Trim(in.String(body, "file_name", "file_name", true)));
    if (e.file_name.find_first_of("/\\\"") != std::string::npos || HasControl(e.file_name)) {
      in.problems.Add("file_name", e.file_name, "niente '/', '\\', '\"' o a capo nel nome del file");
    } else if (e.file_name.size() > 255) {
      in.problems.Add("file_name", e.file_name.substr(0, 40), "nome troppo lungo (massimo 255 caratteri)");
    }
    e.content_type = std::string(Trim(in.String(body, "content_type", "content_type", false)));
    if (e.content_type.empty()) {
      e.content_type = "application/octet-stream";
    } else if (!ValidContentType(e.content_type)) {
      in.problems.Add("content_type", e.content_type, "atteso un tipo MIME come application/pdf");
    }
    e.bytes = detail::ReadBase64File(body, in);
  } else if (!e.kind.empty()) {
    in.problems.Add("kind", e.kind, "ammessi: file, link, meeting, act");
  }
  if (!in.ok()) return in.ToError("Evidenza non valida: nulla è stato salvato.");
  return e;
}

}  // namespace

namespace detail {

Result<std::map<std::string, json>> EvidenceByAction(storage::Connection& conn, const Actor& actor,
                                                     const PlanRow& plan) {
  std::map<std::string, json> out;
  PDZ_ASSIGN(auto rows, conn.Query(std::string("SELECT ") + kEvidenceColumns +
                                       " FROM monitoring_evidence e LEFT JOIN meetings m ON m.id = e.meeting_id "
                                       "WHERE e.plan_id = ? AND e.removed_at IS NULL ORDER BY e.id",
                                   {plan.id}));
  if (rows.empty()) return out;
  bool private_ok = false;
  if (auto place = PlaceOfAmbito(conn, plan.ambito)) {
    private_ok = Require(actor, core::Permission::kReadPrivate, *place).has_value();
  }
  for (const auto& r : rows) {
    auto& list = out[r.Text(1)];
    if (list.is_null()) list = json::array();
    list.push_back(EvidenceJson(r, plan.id, private_ok));
  }
  return out;
}

}  // namespace detail

Result<json> App::AddEvidence(const Actor& actor, std::int64_t plan_id, const std::string& action_id,
                              const json& body) {
  PDZ_ASSIGN(NewEvidence e, ReadEvidence(body));
  PDZ_ASSIGN(auto conn, db_.Connect());
  return InTransaction(*conn, [&]() -> Result<json> {
    PDZ_ASSIGN(detail::PlanRow row, detail::WritableMonitoredPlan(*conn, actor, plan_id));
    PDZ_ASSIGN(core::Plan plan, detail::LatestPlanBody(*conn, plan_id));
    if (!detail::PlanHasAction(plan, action_id)) {
      return MakeError(
          ErrorCode::kNotFound, "Azione '" + action_id + "' non presente nel piano.",
          {{.field = "action_id", .value = action_id, .reason = "identificativo inesistente nell'ultima revisione"}});
    }
    if (e.kind == "meeting") {
      PDZ_ASSIGN(auto m, conn->Query("SELECT b.ambito_code, m.title, m.held_on, b.name FROM meetings m JOIN bodies b "
                                     "ON b.id = m.body_id WHERE m.id = ?",
                                     {*e.meeting_id}));
      if (m.empty() || m[0].Text(0) != row.ambito) {
        return MakeError(
            ErrorCode::kValidationFailed, "Riunione non utilizzabile come evidenza.",
            {{.field = "meeting_id",
              .value = std::to_string(*e.meeting_id),
              .reason = m.empty() ? "riunione inesistente"
                                  : "la riunione è di un organismo di un altro ambito ('" + m[0].Text(0) + "')"}});
      }
      if (e.title.empty()) {
        auto held = Date::Parse(m[0].Text(2));
        std::string what = m[0].Text(1).empty() ? "Seduta di " + m[0].Text(3) : m[0].Text(1);
        e.title = what + " del " + (held ? held->ToItalian() : m[0].Text(2));
      }
    }
    std::string now = clock_.NowIso();
    auto opt = [](const std::string& s) { return s.empty() ? storage::Value{} : storage::Value{s}; };
    bool file = e.kind == "file";
    std::string sha = file ? detail::Sha256Hex(e.bytes) : std::string();
    PDZ_ASSIGN(
        auto ids,
        conn->Query("INSERT INTO monitoring_evidence (plan_id, action_id, kind, title, url, meeting_id, "
                    "act_number, act_date, file_name, content_type, size, sha256, bytes, added_at, added_by) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    {plan_id, action_id, e.kind, e.title, opt(e.url),
                     e.meeting_id ? storage::Value{*e.meeting_id} : storage::Value{}, opt(e.act_number),
                     e.act_date ? storage::Value{e.act_date->ToString()} : storage::Value{}, opt(e.file_name),
                     file ? storage::Value{e.content_type} : storage::Value{},
                     file ? storage::Value{static_cast<std::int64_t>(e.bytes.size())} : storage::Value{}, opt(sha),
                     file ? storage::Value{storage::Blob{e.bytes}} : storage::Value{}, now, actor.username}));
    std::int64_t id = ids.at(0).Int(0);
    json brief = {{"id", id}, {"kind", e.kind}, {"title", e.title}};
    if (file) brief["sha256"] = sha;
    PDZ_TRY(EvidenceHistory(*conn, clock_, actor, plan_id, action_id, "evidence_added", brief,
                            "Aggiunta evidenza: " + e.title));
    PDZ_TRY(detail::Audit(*conn, clock_, actor, "add_evidence", "plan", std::to_string(plan_id), row.ambito, nullptr,
                          json{{"action_id", action_id}, {"evidence", brief}}));
    PDZ_ASSIGN(auto back, conn->Query(std::string("SELECT ") + kEvidenceColumns +
                                          " FROM monitoring_evidence e LEFT JOIN meetings m ON m.id = e.meeting_id "
                                          "WHERE e.id = ?",
                                      {id}));
    return EvidenceJson(back.at(0), plan_id, true);
  });
}

Result<void> App::RemoveEvidence(const Actor& actor, std::int64_t plan_id, const std::string& action_id,
                                 std::int64_t evidence_id) {
  PDZ_ASSIGN(auto conn, db_.Connect());
  auto done = InTransaction(*conn, [&]() -> Result<int> {
    PDZ_ASSIGN(detail::PlanRow row, detail::WritableMonitoredPlan(*conn, actor, plan_id));
    PDZ_ASSIGN(auto cur, conn->Query("SELECT kind, title FROM monitoring_evidence WHERE id = ? AND plan_id = ? AND "
                                     "action_id = ? AND removed_at IS NULL",
                                     {evidence_id, plan_id, action_id}));
    if (cur.empty()) return UnknownEvidence(evidence_id);
    std::string now = clock_.NowIso();
    PDZ_ASSIGN(std::int64_t n, conn->Exec("UPDATE monitoring_evidence SET removed_at = ?, removed_by = ? WHERE id = ? "
                                          "AND removed_at IS NULL",
                                          {now, actor.username, evidence_id}));
    if (n != 1) return UnknownEvidence(evidence_id);
    json brief = {{"id", evidence_id}, {"kind", cur[0].Text(0)}, {"title", cur[0].Text(1)}};
    PDZ_TRY(EvidenceHistory(*conn, clock_, actor, plan_id, action_id, "evidence_removed", brief,
                            "Rimossa evidenza: " + cur[0].Text(1)));
    PDZ_TRY(detail::Audit(*conn, clock_, actor, "remove_evidence", "plan", std::to_string(plan_id), row.ambito,
                          json{{"action_id", action_id}, {"evidence", brief}}, nullptr));
    return 1;
  });
  if (!done) return done.take_error();
  return Ok();
}

Result<App::File> App::EvidenceFile(const Actor& actor, std::int64_t plan_id, std::int64_t evidence_id) {
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(detail::PlanRow row, detail::LoadPlanRow(*conn, plan_id));
  PDZ_TRY(detail::RequirePlanRead(*conn, actor, row));
  PDZ_ASSIGN(auto rows, conn->Query("SELECT file_name, content_type, bytes FROM monitoring_evidence WHERE id = ? AND "
                                    "plan_id = ? AND kind = 'file' AND removed_at IS NULL",
                                    {evidence_id, plan_id}));
  if (rows.empty()) return UnknownEvidence(evidence_id);
  return File{rows[0].Text(2), rows[0].Text(1), rows[0].Text(0)};
}

}  // namespace pdz::app
