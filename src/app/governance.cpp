// Governance bodies and their meetings: the Assemblea dei Sindaci, the Ufficio di Piano, the Cabina di regia,
// the tavoli tematici; members, meetings with minutes (read-only once approved), decisions and files.
#include <sodium.h>

#include <algorithm>

#include "app/app.hpp"
#include "app/detail/governance.hpp"
#include "app/detail/internals.hpp"
#include "core/governance/compliance.hpp"
#include "io/json_fields.hpp"

namespace pdz::app {

namespace detail {

std::string Sha256Hex(const std::string& bytes) {
  unsigned char out[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(out, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, out, sizeof out);
  return hex;
}

std::string ReadBase64File(const json& body, io::JsonFields& in) {
  if (!body.contains("content_base64") || body["content_base64"].is_null()) {
    in.problems.Add("content_base64", "", "campo obbligatorio mancante");
    return {};
  }
  if (!body["content_base64"].is_string()) {
    in.problems.Add("content_base64", io::ShownValue(body["content_base64"]).substr(0, 20), "atteso un testo base64");
    return {};
  }
  const std::string& b64 = body["content_base64"].get_ref<const std::string&>();
  if (b64.size() / 4 * 3 > kMaxFileBytes + 3 * 1024) {
    in.problems.Add("content_base64", std::to_string(b64.size() / 4 * 3) + " byte",
                    "file troppo grande: al massimo 5 MiB");
    return {};
  }
  std::string bytes(b64.size(), '\0');
  std::size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(), b64.data(), b64.size(), " \r\n",
                        &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0) {
    in.problems.Add("content_base64", b64.substr(0, 20), "non è un testo base64 valido");
    return {};
  }
  if (len == 0) in.problems.Add("content_base64", "", "il file è vuoto");
  if (len > kMaxFileBytes)
    in.problems.Add("content_base64", std::to_string(len) + " byte", "file troppo grande: al massimo 5 MiB");
  bytes.resize(len);
  return bytes;
}

std::set<core::Capacity> CapacitiesOf(const Actor& actor, const core::Place& place) {
  std::set<core::Capacity> out;
  if (actor.system) return {core::Capacity::kAmbito, core::Capacity::kAgency, core::Capacity::kRegion};
  for (const auto& g : actor.grants) {
    if (!core::Allows({g}, core::Permission::kReadPrivate, place)) continue;  // not on this place
    if (g.role == core::Role::kUdpEditor) out.insert(core::Capacity::kAmbito);
    if (g.role == core::Role::kAtsOperator) out.insert(core::Capacity::kAgency);
    if (g.role == core::Role::kRegionAdmin) out.insert(core::Capacity::kRegion);
  }
  return out;
}

}  // namespace detail

namespace {

struct BodyKind {
  const char* code;
  const char* label;
  bool unique;  // one per ambito
};

constexpr BodyKind kBodyKinds[] = {
    {"assemblea", "Assemblea dei Sindaci", true},
    {"ufficio_di_piano", "Ufficio di Piano", true},
    {"cabina_di_regia", "Cabina di regia", true},
    {"tavolo_tematico", "Tavolo tematico", false},
};

const BodyKind* FindKind(const std::string& code) {
  for (const auto& k : kBodyKinds)
    if (code == k.code) return &k;
  return nullptr;
}

const char* kRegulationKeys[] = {"organisation", "resources", "meeting_frequency", "priorities", "political_link"};

json StringArray(io::JsonFields& in, const json& obj, const char* key, const std::string& path) {
  json out = json::array();
  for (auto& [v, p] : in.Array(obj, key, path)) {
    if (v.is_string())
      out.push_back(v);
    else
      in.problems.Add(p, io::ShownValue(v), "atteso un testo");
  }
  return out;
}

json ReadRegulation(io::JsonFields& in, const json& body) {
  json reg = json::object();
  for (const char* k : kRegulationKeys) reg[k] = "";
  if (!body.contains("regulation")) return reg;
  if (!body["regulation"].is_object()) {
    in.problems.Add("regulation", io::ShownValue(body["regulation"]), "atteso un oggetto");
    return reg;
  }
  in.RejectUnknown(body["regulation"], {std::begin(kRegulationKeys), std::end(kRegulationKeys)}, "regulation");
  for (const char* k : kRegulationKeys)
    reg[k] = in.String(body["regulation"], k, std::string("regulation.") + k, false);
  return reg;
}

struct Member {
  std::string name, role, organisation, organisation_kind = "altro", istat_code;
  bool coordinator = false;
};

Member ReadMember(io::JsonFields& in, const json& m, const std::string& path, const core::Place& place) {
  Member out;
  in.RejectUnknown(m, {"name", "role", "organisation", "organisation_kind", "istat_code", "coordinator"}, path);
  out.name = in.String(m, "name", path + (path.empty() ? "" : ".") + "name", true);
  auto field = [&](const char* k) { return path.empty() ? std::string(k) : path + "." + k; };
  out.role = in.String(m, "role", field("role"), false);
  out.organisation = in.String(m, "organisation", field("organisation"), false);
  std::string kind = in.String(m, "organisation_kind", field("organisation_kind"), false);
  if (!kind.empty()) {
    if (!core::IsAdpPartyKind(kind))
      in.problems.Add(field("organisation_kind"), kind, "ammessi: " + core::AdpPartyKinds());
    out.organisation_kind = kind;
  }
  out.istat_code = in.String(m, "istat_code", field("istat_code"), false);
  if (!out.istat_code.empty() && place.comuni.count(out.istat_code) == 0)
    in.problems.Add(field("istat_code"), out.istat_code, "non è un Comune dell'ambito " + place.ambito);
  out.coordinator = in.Bool(m, "coordinator", field("coordinator"), false).value_or(false);
  return out;
}

Result<void> InsertMember(storage::Connection& conn, std::int64_t body_id, const Member& m) {
  PDZ_TRY(conn.Exec(
      "INSERT INTO body_members (body_id, name, role, organisation, organisation_kind, istat_code, coordinator) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)",
      {body_id, m.name, m.role, m.organisation, m.organisation_kind,
       m.istat_code.empty() ? storage::Value{} : storage::Value{m.istat_code}, std::int64_t{m.coordinator ? 1 : 0}}));
  return Ok();
}

struct BodyRow {
  std::int64_t id = 0;
  std::string ambito;
  std::string kind;
  std::string name;
  std::int64_t version = 0;
};

Result<BodyRow> LoadBody(storage::Connection& conn, std::int64_t id, const std::string& field = "id") {
  PDZ_ASSIGN(auto rows, conn.Query("SELECT id, ambito_code, kind, name, version FROM bodies WHERE id = ?", {id}));
  if (rows.empty()) {
    return MakeError(ErrorCode::kNotFound, "Organismo " + std::to_string(id) + " non trovato.",
                     {{.field = field, .value = std::to_string(id), .reason = "organismo inesistente"}});
  }
  return BodyRow{rows[0].Int(0), rows[0].Text(1), rows[0].Text(2), rows[0].Text(3), rows[0].Int(4)};
}

Result<json> BodyDocument(storage::Connection& conn, std::int64_t id) {
  PDZ_ASSIGN(auto rows,
             conn.Query("SELECT id, ambito_code, kind, name, area, host_body, act, regulation_json, version, "
                        "updated_at, (SELECT count(*) FROM meetings m WHERE m.body_id = b.id) "
                        "FROM bodies b WHERE id = ?",
                        {id}));
  const auto& r = rows.at(0);
  const BodyKind* kind = FindKind(r.Text(2));
  json doc = {{"id", r.Int(0)},
              {"ambito", r.Text(1)},
              {"kind", r.Text(2)},
              {"kind_label", kind ? kind->label : r.Text(2)},
              {"name", r.Text(3)},
              {"area", r.Text(4)},
              {"host_body", r.Text(5)},
              {"act", r.Text(6)},
              {"regulation", json::parse(r.Text(7))},
              {"version", r.Int(8)},
              {"updated_at", r.Text(9)},
              {"meetings_count", r.Int(10)},
              {"coordinator", nullptr}};
  PDZ_ASSIGN(auto members, conn.Query("SELECT id, name, role, organisation, organisation_kind, istat_code, coordinator "
                                      "FROM body_members WHERE body_id = ? ORDER BY coordinator DESC, id",
                                      {id}));
  doc["members"] = json::array();
  for (const auto& m : members) {
    json item = {{"id", m.Int(0)},
                 {"name", m.Text(1)},
                 {"role", m.Text(2)},
                 {"organisation", m.Text(3)},
                 {"organisation_kind", m.Text(4)},
                 {"istat_code", detail::OptString(m.OptText(5))},
                 {"coordinator", m.Int(6) != 0}};
    if (m.Int(6) != 0 && doc["coordinator"].is_null()) doc["coordinator"] = m.Text(1);
    doc["members"].push_back(std::move(item));
  }
  return doc;
}

struct MeetingRow {
  std::int64_t id = 0;
  std::int64_t body_id = 0;
  std::string ambito;
  bool approved = false;
  std::int64_t version = 0;
};

Result<MeetingRow> LoadMeeting(storage::Connection& conn, std::int64_t id) {
  PDZ_ASSIGN(auto rows, conn.Query("SELECT m.id, m.body_id, b.ambito_code, m.approved_at, m.version FROM meetings m "
                                   "JOIN bodies b ON b.id = m.body_id WHERE m.id = ?",
                                   {id}));
  if (rows.empty()) {
    return MakeError(ErrorCode::kNotFound, "Riunione " + std::to_string(id) + " non trovata.",
                     {{.field = "id", .value = std::to_string(id), .reason = "riunione inesistente"}});
  }
  return MeetingRow{rows[0].Int(0), rows[0].Int(1), rows[0].Text(2), !rows[0].IsNull(3), rows[0].Int(4)};
}

/// Approved minutes are public; the others are read by those with a role on the ambito.
Result<void> RequireMeetingRead(storage::Connection& conn, const Actor& actor, const MeetingRow& m) {
  if (m.approved) return Ok();
  PDZ_ASSIGN(core::Place place, detail::PlaceOfAmbito(conn, m.ambito));
  auto allowed = detail::Require(actor, core::Permission::kReadPrivate, place);
  if (!allowed && allowed.error().code == ErrorCode::kForbidden)
    return MakeError(ErrorCode::kNotFound, "Riunione " + std::to_string(m.id) + " non trovata.");
  return allowed;
}

Result<json> MeetingDocument(storage::Connection& conn, std::int64_t id) {
  PDZ_ASSIGN(auto rows, conn.Query("SELECT m.id, m.body_id, b.kind, b.name, b.ambito_code, m.held_on, m.title, "
                                   "m.agenda_json, m.participants_json, m.minutes, m.decisions_json, m.approved_at, "
                                   "m.approved_by, m.version, m.updated_at FROM meetings m "
                                   "JOIN bodies b ON b.id = m.body_id WHERE m.id = ?",
                                   {id}));
  const auto& r = rows.at(0);
  json doc = {{"id", r.Int(0)},
              {"body", {{"id", r.Int(1)}, {"kind", r.Text(2)}, {"name", r.Text(3)}}},
              {"ambito", r.Text(4)},
              {"held_on", r.Text(5)},
              {"title", r.Text(6)},
              {"agenda", json::parse(r.Text(7))},
              {"participants", json::parse(r.Text(8))},
              {"minutes", r.Text(9)},
              {"decisions", json::parse(r.Text(10))},
              {"approved", !r.IsNull(11)},
              {"approved_at", detail::OptString(r.OptText(11))},
              {"approved_by", detail::OptString(r.OptText(12))},
              {"version", r.Int(13)},
              {"updated_at", r.Text(14)}};
  PDZ_ASSIGN(auto files, conn.Query("SELECT id, name, content_type, size, sha256, uploaded_at, uploaded_by "
                                    "FROM meeting_files WHERE meeting_id = ? ORDER BY id",
                                    {id}));
  doc["files"] = json::array();
  for (const auto& f : files) {
    doc["files"].push_back({{"id", f.Int(0)},
                            {"name", f.Text(1)},
                            {"content_type", f.Text(2)},
                            {"size", f.Int(3)},
                            {"sha256", f.Text(4)},
                            {"uploaded_at", f.Text(5)},
                            {"uploaded_by", f.Text(6)}});
  }
  return doc;
}

/// The fields of a meeting that a create or a patch may set.
struct MeetingFields {
  std::optional<Date> held_on;
  std::optional<std::string> title, minutes;
  std::optional<json> agenda, participants, decisions;
};

MeetingFields ReadMeetingFields(io::JsonFields& in, const json& body, bool create) {
  MeetingFields f;
  if (create || body.contains("held_on")) f.held_on = in.DateField(body, "held_on", "held_on", true);
  if (body.contains("title")) f.title = in.String(body, "title", "title", false);
  if (body.contains("minutes")) f.minutes = in.String(body, "minutes", "minutes", false);
  if (body.contains("agenda")) f.agenda = StringArray(in, body, "agenda", "agenda");
  if (body.contains("participants")) f.participants = StringArray(in, body, "participants", "participants");
  if (body.contains("decisions")) f.decisions = StringArray(in, body, "decisions", "decisions");
  return f;
}

Error ApprovedMinutes(std::int64_t id, const std::string& what) {
  return MakeError(ErrorCode::kConflict,
                   "Il verbale della riunione " + std::to_string(id) + " è approvato: " + what + " non è possibile.",
                   {{.field = "approved_at", .reason = "verbale approvato, in sola lettura"}});
}

}  // namespace

Result<json> App::ListBodies(const Actor& actor, const std::string& ambito) {
  (void)actor;  // bodies and their members are public
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_TRY(detail::PlaceOfAmbito(*conn, ambito));
  PDZ_ASSIGN(auto rows, conn->Query("SELECT id FROM bodies WHERE ambito_code = ? ORDER BY "
                                    "CASE kind WHEN 'assemblea' THEN 1 WHEN 'ufficio_di_piano' THEN 2 "
                                    "WHEN 'cabina_di_regia' THEN 3 ELSE 4 END, name",
                                    {ambito}));
  json items = json::array();
  for (const auto& r : rows) {
    PDZ_ASSIGN(json doc, BodyDocument(*conn, r.Int(0)));
    items.push_back(std::move(doc));
  }
  return json{{"items", items}, {"total", items.size()}};
}

Result<json> App::CreateBody(const Actor& actor, const std::string& ambito, const json& body) {
  if (!body.is_object()) return MakeError(ErrorCode::kValidationFailed, "Atteso un oggetto JSON.");
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(core::Place place, detail::PlaceOfAmbito(*conn, ambito));
  PDZ_TRY(detail::Require(actor, core::Permission::kEditAmbito, place));
  io::JsonFields in;
  in.RejectUnknown(body, {"kind", "name", "area", "host_body", "act", "regulation", "members"}, "");
  std::string kind = in.String(body, "kind", "kind", true);
  const BodyKind* k = FindKind(kind);
  if (!kind.empty() && !k)
    in.problems.Add("kind", kind, "ammessi: assemblea, ufficio_di_piano, cabina_di_regia, tavolo_tematico");
  std::string name = in.String(body, "name", "name", false);
  std::string area = in.String(body, "area", "area", false);
  if (kind == "tavolo_tematico" && area.empty()) in.problems.Add("area", "", "un tavolo tematico ha un'area");
  std::string host = in.String(body, "host_body", "host_body", false);
  std::string act = in.String(body, "act", "act", false);
  json regulation = ReadRegulation(in, body);
  std::vector<Member> members;
  for (auto& [m, path] : in.Array(body, "members", "members")) members.push_back(ReadMember(in, m, path, place));
  if (!in.ok()) return in.ToError("Organismo non valido.");
  if (name.empty()) name = area.empty() ? k->label : std::string(k->label) + " " + area;
  auto id = InTransaction(*conn, [&]() -> Result<std::int64_t> {
    if (k->unique) {
      PDZ_ASSIGN(auto dup, conn->Query("SELECT id FROM bodies WHERE ambito_code = ? AND kind = ?", {ambito, kind}));
      if (!dup.empty()) {
        return MakeError(ErrorCode::kConflict,
                         "L'ambito ha già un organismo «" + std::string(k->label) + "» (" +
                             std::to_string(dup[0].Int(0)) + "): modificarlo invece di crearne un altro.",
                         {{.field = "kind", .value = kind, .reason = "uno per ambito"}});
      }
    }
    std::string now = clock_.NowIso();
    PDZ_ASSIGN(auto rows, conn->Query("INSERT INTO bodies (ambito_code, kind, name, area, host_body, act, "
                                      "regulation_json, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                                      "RETURNING id",
                                      {ambito, kind, name, area, host, act, regulation.dump(), now, now}));
    std::int64_t id = rows[0].Int(0);
    for (const auto& m : members) PDZ_TRY(InsertMember(*conn, id, m));
    PDZ_ASSIGN(json doc, BodyDocument(*conn, id));
    PDZ_TRY(detail::Audit(*conn, clock_, actor, "create", "body", std::to_string(id), ambito, nullptr, doc));
    return id;
  });
  if (!id) return id.take_error();
  return GetBody(actor, *id);
}

Result<json> App::GetBody(const Actor& actor, std::int64_t id) {
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(BodyRow row, LoadBody(*conn, id));
  PDZ_ASSIGN(json doc, BodyDocument(*conn, id));
  PDZ_ASSIGN(core::Place place, detail::PlaceOfAmbito(*conn, row.ambito));
  bool private_ok = detail::Require(actor, core::Permission::kReadPrivate, place).has_value();
  PDZ_ASSIGN(auto meetings, conn->Query("SELECT id, held_on, title, approved_at FROM meetings WHERE body_id = ? "
                                        "ORDER BY held_on DESC, id DESC",
                                        {id}));
  doc["meetings"] = json::array();
  for (const auto& m : meetings) {
    if (m.IsNull(3) && !private_ok) continue;
    doc["meetings"].push_back(
        {{"id", m.Int(0)}, {"held_on", m.Text(1)}, {"title", m.Text(2)}, {"approved", !m.IsNull(3)}});
  }
  doc["can_edit"] = detail::Require(actor, core::Permission::kEditAmbito, place).has_value();
  return doc;
}

Result<json> App::PatchBody(const Actor& actor, std::int64_t id, const json& body) {
  if (!body.is_object()) return MakeError(ErrorCode::kValidationFailed, "Atteso un oggetto JSON.");
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(BodyRow row, LoadBody(*conn, id));
  PDZ_ASSIGN(core::Place place, detail::PlaceOfAmbito(*conn, row.ambito));
  PDZ_TRY(detail::Require(actor, core::Permission::kEditAmbito, place));
  io::JsonFields in;
  in.RejectUnknown(body, {"version", "name", "area", "host_body", "act", "regulation"}, "");
  auto version = in.Integer(body, "version", "version", true);
  std::vector<std::pair<std::string, std::string>> sets;
  for (const char* k : {"name", "area", "host_body", "act"}) {
    if (body.contains(k)) sets.emplace_back(k, in.String(body, k, k, std::string(k) == "name"));
  }
  std::optional<json> regulation;
  if (body.contains("regulation")) regulation = ReadRegulation(in, body);
  if (!in.ok()) return in.ToError("Modifica dell'organismo non valida.");
  auto done = InTransaction(*conn, [&]() -> Result<void> {
    PDZ_ASSIGN(BodyRow cur, LoadBody(*conn, id));
    PDZ_ASSIGN(json before, BodyDocument(*conn, id));
    if (cur.version != *version) {
      return MakeError(ErrorCode::kVersionConflict,
                       "L'organismo è stato modificato da qualcun altro: ricarica e riapplica le modifiche.",
                       {{.field = "version",
                         .value = before.dump(),
                         .reason = "l'organismo è alla versione " + std::to_string(cur.version),
                         .value_is_json = true}});
    }
    for (const auto& [k, v] : sets) PDZ_TRY(conn->Exec("UPDATE bodies SET " + k + " = ? WHERE id = ?", {v, id}));
    if (regulation) PDZ_TRY(conn->Exec("UPDATE bodies SET regulation_json = ? WHERE id = ?", {regulation->dump(), id}));
    PDZ_TRY(conn->Exec("UPDATE bodies SET version = version + 1, updated_at = ? WHERE id = ?", {clock_.NowIso(), id}));
    PDZ_ASSIGN(json after, BodyDocument(*conn, id));
    return detail::Audit(*conn, clock_, actor, "update", "body", std::to_string(id), cur.ambito, before, after);
  });
  if (!done) return done.take_error();
  return GetBody(actor, id);
}

Result<json> App::AddBodyMember(const Actor& actor, std::int64_t body_id, const json& body) {
  if (!body.is_object()) return MakeError(ErrorCode::kValidationFailed, "Atteso un oggetto JSON.");
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(BodyRow row, LoadBody(*conn, body_id));
  PDZ_ASSIGN(core::Place place, detail::PlaceOfAmbito(*conn, row.ambito));
  PDZ_TRY(detail::Require(actor, core::Permission::kEditAmbito, place));
  io::JsonFields in;
  Member m = ReadMember(in, body, "", place);
  if (!in.ok()) return in.ToError("Componente non valido.");
  auto done = InTransaction(*conn, [&]() -> Result<void> {
    PDZ_ASSIGN(json before, BodyDocument(*conn, body_id));
    PDZ_TRY(InsertMember(*conn, body_id, m));
    PDZ_TRY(
        conn->Exec("UPDATE bodies SET version = version + 1, updated_at = ? WHERE id = ?", {clock_.NowIso(), body_id}));
    PDZ_ASSIGN(json after, BodyDocument(*conn, body_id));
    return detail::Audit(*conn, clock_, actor, "add_member", "body", std::to_string(body_id), row.ambito, before,
                         after);
  });
  if (!done) return done.take_error();
  return GetBody(actor, body_id);
}

Result<void> App::RemoveBodyMember(const Actor& actor, std::int64_t body_id, std::int64_t member_id) {
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(BodyRow row, LoadBody(*conn, body_id));
  PDZ_ASSIGN(core::Place place, detail::PlaceOfAmbito(*conn, row.ambito));
  PDZ_TRY(detail::Require(actor, core::Permission::kEditAmbito, place));
  return InTransaction(*conn, [&]() -> Result<void> {
    PDZ_ASSIGN(auto found,
               conn->Query("SELECT id FROM body_members WHERE id = ? AND body_id = ?", {member_id, body_id}));
    if (found.empty()) {
      return MakeError(
          ErrorCode::kNotFound, "Componente " + std::to_string(member_id) + " non trovato nell'organismo.",
          {{.field = "member_id", .value = std::to_string(member_id), .reason = "componente inesistente"}});
    }
    PDZ_ASSIGN(json before, BodyDocument(*conn, body_id));
    PDZ_TRY(conn->Exec("DELETE FROM body_members WHERE id = ?", {member_id}));
    PDZ_TRY(
        conn->Exec("UPDATE bodies SET version = version + 1, updated_at = ? WHERE id = ?", {clock_.NowIso(), body_id}));
    PDZ_ASSIGN(json after, BodyDocument(*conn, body_id));
    return detail::Audit(*conn, clock_, actor, "remove_member", "body", std::to_string(body_id), row.ambito, before,
                         after);
  });
}

Result<json> App::ListMeetings(const Actor& actor, const std::string& ambito) {
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(core::Place place, detail::PlaceOfAmbito(*conn, ambito));
  bool private_ok = detail::Require(actor, core::Permission::kReadPrivate, place).has_value();
  PDZ_ASSIGN(auto rows, conn->Query("SELECT m.id, m.approved_at FROM meetings m JOIN bodies b ON b.id = m.body_id "
                                    "WHERE b.ambito_code = ? ORDER BY m.held_on DESC, m.id DESC",
                                    {ambito}));
  json items = json::array();
  for (const auto& r : rows) {
    if (r.IsNull(1) && !private_ok) continue;
    PDZ_ASSIGN(json doc, MeetingDocument(*conn, r.Int(0)));
    doc.erase("minutes");
    items.push_back(std::move(doc));
  }
  return json{{"items", items}, {"total", items.size()}};
}

Result<json> App::CreateMeeting(const Actor& actor, const std::string& ambito, const json& body) {
  if (!body.is_object()) return MakeError(ErrorCode::kValidationFailed, "Atteso un oggetto JSON.");
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(core::Place place, detail::PlaceOfAmbito(*conn, ambito));
  PDZ_TRY(detail::Require(actor, core::Permission::kEditAmbito, place));
  io::JsonFields in;
  in.RejectUnknown(body, {"body_id", "held_on", "title", "agenda", "participants", "minutes", "decisions"}, "");
  auto body_id = in.Integer(body, "body_id", "body_id", true);
  MeetingFields f = ReadMeetingFields(in, body, true);
  if (!in.ok()) return in.ToError("Riunione non valida.");
  PDZ_ASSIGN(BodyRow owner, LoadBody(*conn, *body_id, "body_id"));
  if (owner.ambito != ambito) {
    return MakeError(ErrorCode::kValidationFailed,
                     "L'organismo " + std::to_string(*body_id) + " («" + owner.name + "») è dell'ambito '" +
                         owner.ambito + "', non di '" + ambito + "'.",
                     {{.field = "body_id",
                       .value = std::to_string(*body_id),
                       .reason = "organismo di un altro ambito ('" + owner.ambito + "')"}});
  }
  auto id = InTransaction(*conn, [&]() -> Result<std::int64_t> {
    std::string now = clock_.NowIso();
    PDZ_ASSIGN(auto rows,
               conn->Query("INSERT INTO meetings (body_id, held_on, title, agenda_json, participants_json, minutes, "
                           "decisions_json, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                           {*body_id, f.held_on->ToString(), f.title.value_or(""),
                            f.agenda.value_or(json::array()).dump(), f.participants.value_or(json::array()).dump(),
                            f.minutes.value_or(""), f.decisions.value_or(json::array()).dump(), now, now}));
    std::int64_t id = rows[0].Int(0);
    PDZ_ASSIGN(json doc, MeetingDocument(*conn, id));
    PDZ_TRY(detail::Audit(*conn, clock_, actor, "create", "meeting", std::to_string(id), ambito, nullptr, doc));
    return id;
  });
  if (!id) return id.take_error();
  return GetMeeting(actor, *id);
}

Result<json> App::GetMeeting(const Actor& actor, std::int64_t id) {
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(MeetingRow row, LoadMeeting(*conn, id));
  PDZ_TRY(RequireMeetingRead(*conn, actor, row));
  PDZ_ASSIGN(json doc, MeetingDocument(*conn, id));
  PDZ_ASSIGN(core::Place place, detail::PlaceOfAmbito(*conn, row.ambito));
  doc["can_edit"] = !row.approved && detail::Require(actor, core::Permission::kEditAmbito, place).has_value();
  return doc;
}

Result<json> App::PatchMeeting(const Actor& actor, std::int64_t id, const json& body) {
  if (!body.is_object()) return MakeError(ErrorCode::kValidationFailed, "Atteso un oggetto JSON.");
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(MeetingRow row, LoadMeeting(*conn, id));
  PDZ_ASSIGN(core::Place place, detail::PlaceOfAmbito(*conn, row.ambito));
  PDZ_TRY(detail::Require(actor, core::Permission::kEditAmbito, place));
  io::JsonFields in;
  in.RejectUnknown(body, {"version", "held_on", "title", "agenda", "participants", "minutes", "decisions"}, "");
  auto version = in.Integer(body, "version", "version", true);
  MeetingFields f = ReadMeetingFields(in, body, false);
  if (!in.ok()) return in.ToError("Modifica della riunione non valida.");
  auto done = InTransaction(*conn, [&]() -> Result<void> {
    PDZ_ASSIGN(MeetingRow cur, LoadMeeting(*conn, id));
    if (cur.approved) return ApprovedMinutes(id, "modificarlo");
    PDZ_ASSIGN(json before, MeetingDocument(*conn, id));
    if (cur.version != *version) {
      return MakeError(ErrorCode::kVersionConflict,
                       "La riunione è stata modificata da qualcun altro: ricarica e riapplica le modifiche.",
                       {{.field = "version",
                         .value = before.dump(),
                         .reason = "la riunione è alla versione " + std::to_string(cur.version),
                         .value_is_json = true}});
    }
    auto set = [&](const char* col, storage::Value v) {
      return conn->Exec(std::string("UPDATE meetings SET ") + col + " = ? WHERE id = ?", {std::move(v), id});
    };
    if (f.held_on) PDZ_TRY(set("held_on", f.held_on->ToString()));
    if (f.title) PDZ_TRY(set("title", *f.title));
    if (f.minutes) PDZ_TRY(set("minutes", *f.minutes));
    if (f.agenda) PDZ_TRY(set("agenda_json", f.agenda->dump()));
    if (f.participants) PDZ_TRY(set("participants_json", f.participants->dump()));
    if (f.decisions) PDZ_TRY(set("decisions_json", f.decisions->dump()));
    PDZ_TRY(
        conn->Exec("UPDATE meetings SET version = version + 1, updated_at = ? WHERE id = ?", {clock_.NowIso(), id}));
    PDZ_ASSIGN(json after, MeetingDocument(*conn, id));
    return detail::Audit(*conn, clock_, actor, "update", "meeting", std::to_string(id), cur.ambito, before, after);
  });
  if (!done) return done.take_error();
  return GetMeeting(actor, id);
}

Result<json> App::ApproveMinutes(const Actor& actor, std::int64_t id) {
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(MeetingRow row, LoadMeeting(*conn, id));
  PDZ_ASSIGN(core::Place place, detail::PlaceOfAmbito(*conn, row.ambito));
  PDZ_TRY(detail::Require(actor, core::Permission::kEditAmbito, place));
  auto done = InTransaction(*conn, [&]() -> Result<void> {
    PDZ_ASSIGN(MeetingRow cur, LoadMeeting(*conn, id));
    if (cur.approved) return ApprovedMinutes(id, "approvarlo di nuovo");
    PDZ_ASSIGN(json before, MeetingDocument(*conn, id));
    if (before["minutes"].get<std::string>().find_first_not_of(" \t\r\n") == std::string::npos) {
      return MakeError(ErrorCode::kValidationFailed, "Il verbale è vuoto: scriverlo prima di approvarlo.",
                       {{.field = "minutes", .reason = "verbale vuoto"}});
    }
    PDZ_TRY(
        conn->Exec("UPDATE meetings SET approved_at = ?, approved_by = ?, version = version + 1, updated_at = ? "
                   "WHERE id = ?",
                   {clock_.NowIso(), actor.username, clock_.NowIso(), id}));
    PDZ_ASSIGN(json after, MeetingDocument(*conn, id));
    return detail::Audit(*conn, clock_, actor, "approve_minutes", "meeting", std::to_string(id), cur.ambito, before,
                         after);
  });
  if (!done) return done.take_error();
  return GetMeeting(actor, id);
}

Result<json> App::AddMeetingFile(const Actor& actor, std::int64_t meeting_id, const json& body) {
  if (!body.is_object()) return MakeError(ErrorCode::kValidationFailed, "Atteso un oggetto JSON.");
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(MeetingRow row, LoadMeeting(*conn, meeting_id));
  PDZ_ASSIGN(core::Place place, detail::PlaceOfAmbito(*conn, row.ambito));
  PDZ_TRY(detail::Require(actor, core::Permission::kEditAmbito, place));
  io::JsonFields in;
  in.RejectUnknown(body, {"name", "content_type", "content_base64"}, "");
  std::string name = in.String(body, "name", "name", true);
  if (name.find_first_of("/\\\"") != std::string::npos) in.problems.Add("name", name, "niente '/', '\\' o '\"'");
  std::string type = in.String(body, "content_type", "content_type", false);
  // Read apart: a file's base64 is longer than the texts JsonFields accepts (10,000 characters).
  std::string bytes = detail::ReadBase64File(body, in);
  if (!in.ok()) return in.ToError("Allegato non valido.");
  if (type.empty()) type = "application/octet-stream";
  auto done = InTransaction(*conn, [&]() -> Result<std::int64_t> {
    PDZ_ASSIGN(MeetingRow cur, LoadMeeting(*conn, meeting_id));
    if (cur.approved) return ApprovedMinutes(meeting_id, "aggiungere allegati");
    std::string sha = detail::Sha256Hex(bytes);
    PDZ_ASSIGN(auto rows, conn->Query("INSERT INTO meeting_files (meeting_id, name, content_type, size, sha256, bytes, "
                                      "uploaded_at, uploaded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                                      {meeting_id, name, type, static_cast<std::int64_t>(bytes.size()), sha,
                                       storage::Blob{bytes}, clock_.NowIso(), actor.username}));
    PDZ_TRY(detail::Audit(*conn, clock_, actor, "add_file", "meeting", std::to_string(meeting_id), cur.ambito, nullptr,
                          json{{"file_id", rows[0].Int(0)}, {"name", name}, {"size", bytes.size()}, {"sha256", sha}}));
    return rows[0].Int(0);
  });
  if (!done) return done.take_error();
  return GetMeeting(actor, meeting_id);
}

Result<App::File> App::GetMeetingFile(const Actor& actor, std::int64_t meeting_id, std::int64_t file_id) {
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(MeetingRow row, LoadMeeting(*conn, meeting_id));
  PDZ_TRY(RequireMeetingRead(*conn, actor, row));
  PDZ_ASSIGN(auto rows,
             conn->Query("SELECT name, content_type, bytes FROM meeting_files WHERE id = ? AND meeting_id = ?",
                         {file_id, meeting_id}));
  if (rows.empty()) {
    return MakeError(ErrorCode::kNotFound, "Allegato " + std::to_string(file_id) + " non trovato.",
                     {{.field = "file_id", .value = std::to_string(file_id), .reason = "allegato inesistente"}});
  }
  return File{rows[0].Text(2), rows[0].Text(1), rows[0].Text(0)};
}

}  // namespace pdz::app
