// Territory writes: create an ambito, edit its capofila and Ufficio di Piano, merge ambiti, move comuni.
#include "app/app.hpp"
#include "app/detail/internals.hpp"
#include "app/detail/territory_write.hpp"
#include "io/json_fields.hpp"

namespace pdz::app {

using storage::Value;

namespace {

Error Invalid(io::JsonFields& in, const std::string& message) { return in.ToError(message); }

/// Problems found while writing memberships are overlaps: 409 membership_overlap.
Error ProblemsError(const io::JsonProblems& p, const std::string& message) {
  return MakeError(ErrorCode::kMembershipOverlap, message, p.details);
}

}  // namespace

Result<json> App::CreateAmbito(const Actor& actor, const json& body) {
  io::JsonFields in;
  in.RejectUnknown(
      body, {"code", "name", "region", "agency", "district", "valid_from", "capofila", "ufficio_di_piano", "comuni"},
      "");
  io::AmbitoRecord rec = io::ReadAmbito(body, "", in, false);
  if (!in.ok()) return Invalid(in, "Dati dell'ambito non validi.");
  PDZ_ASSIGN(auto conn, db_.Connect());
  return InTransaction(*conn, [&]() -> Result<json> {
    PDZ_ASSIGN(auto agency, conn->Query("SELECT region_code FROM agencies WHERE code = ?", {rec.agency}));
    core::Place place{agency.empty() ? "" : agency[0].Text(0), rec.agency, rec.code, {}};
    PDZ_TRY(detail::Require(actor, core::Permission::kManageTerritory, place));
    PDZ_ASSIGN(auto existing, conn->Query("SELECT 1 FROM ambiti WHERE code = ?", {rec.code}));
    if (!existing.empty()) {
      return MakeError(ErrorCode::kConflict, "L'ambito '" + rec.code + "' esiste già.",
                       {{.field = "code", .value = rec.code, .reason = "codice già in uso"}});
    }
    PDZ_TRY(detail::CheckAmbitoReferences(*conn, rec, in.problems));
    if (!in.ok()) return Invalid(in, "Dati dell'ambito non validi.");
    PDZ_TRY(detail::InsertAmbito(*conn, rec));
    for (size_t i = 0; i < rec.comuni.size(); ++i) {
      PDZ_TRY(detail::AddMembershipChecked(*conn,
                                           core::Membership{rec.comuni[i], rec.code, rec.valid_from, std::nullopt},
                                           "comuni[" + std::to_string(i) + "]", in.problems));
    }
    if (!in.ok()) return ProblemsError(in.problems, "Alcuni comuni appartengono già a un altro ambito.");
    PDZ_ASSIGN(json doc, detail::AmbitoDocument(*conn, rec.code, rec.valid_from));
    PDZ_TRY(detail::Audit(*conn, clock_, actor, "create", "ambito", rec.code, rec.code, nullptr, doc));
    return doc;
  });
}

Result<json> App::PatchAmbito(const Actor& actor, const std::string& code, const json& body) {
  if (!body.is_object()) return MakeError(ErrorCode::kValidationFailed, "Atteso un oggetto JSON.");
  io::JsonFields in;
  in.RejectUnknown(body, {"version", "name", "capofila", "ufficio_di_piano"}, "");
  auto version = in.Integer(body, "version", "version", true);
  std::string name = in.String(body, "name", "name", false);
  if (body.contains("name") && name.empty()) in.problems.Add("name", "", "il nome non può essere vuoto");
  std::optional<core::Capofila> capofila;
  if (body.contains("capofila")) capofila = in.CapofilaField(body, "capofila", "capofila");
  core::UfficioDiPiano udp = in.UdpField(body, "ufficio_di_piano", "ufficio_di_piano");
  if (!in.ok()) return Invalid(in, "Modifica dell'ambito non valida.");
  PDZ_ASSIGN(auto conn, db_.Connect());
  return InTransaction(*conn, [&]() -> Result<json> {
    PDZ_ASSIGN(core::Place place, detail::PlaceOfAmbito(*conn, code));
    PDZ_TRY(detail::Require(actor, core::Permission::kEditAmbito, place));
    Date today = clock_.Today();
    PDZ_ASSIGN(json before, detail::AmbitoDocument(*conn, code, today));
    if (before["version"].get<std::int64_t>() != *version) {
      ErrorDetail d{.field = "version",
                    .value = before.dump(),
                    .reason = "l'ambito è stato modificato da altri (versione attuale " +
                              std::to_string(before["version"].get<std::int64_t>()) + ")",
                    .value_is_json = true};
      return MakeError(
          ErrorCode::kVersionConflict,
          "L'ambito è stato modificato da qualcun altro dopo che lo hai aperto: ricarica e riapplica le modifiche.",
          {d});
    }
    const auto& cur = before["ufficio_di_piano"];
    auto pick = [&](const char* key, const std::string& v) {
      return body.contains("ufficio_di_piano") && body["ufficio_di_piano"].contains(key) ? v
                                                                                         : cur[key].get<std::string>();
    };
    PDZ_TRY(conn->Exec(
        "UPDATE ambiti SET name = ?, capofila_name = ?, capofila_type = ?, udp_host_body = ?, udp_address = ?, "
        "udp_email = ?, udp_phone = ?, udp_pec = ?, udp_head = ?, version = version + 1 WHERE code = ? AND version = ?",
        {name.empty() ? before["name"].get<std::string>() : name,
         capofila ? capofila->name : before["capofila"]["name"].get<std::string>(),
         capofila ? std::string(core::CapofilaTypeCode(capofila->type)) : before["capofila"]["type"].get<std::string>(),
         pick("host_body", udp.host_body), pick("address", udp.address), pick("email", udp.email),
         pick("phone", udp.phone), pick("pec", udp.pec), pick("head", udp.head), code, *version}));
    PDZ_ASSIGN(json after, detail::AmbitoDocument(*conn, code, today));
    json b = before, a = after;
    b.erase("comuni");
    a.erase("comuni");
    PDZ_TRY(detail::Audit(*conn, clock_, actor, "update", "ambito", code, code, b, a));
    return after;
  });
}

Result<json> App::MergeAmbiti(const Actor& actor, const json& body) {
  io::JsonFields in;
  in.RejectUnknown(body,
                   {"code", "name", "agency", "district", "valid_from", "sources", "capofila", "ufficio_di_piano"}, "");
  io::AmbitoRecord rec = io::ReadAmbito(body, "", in, false);
  std::vector<std::string> sources;
  if (!body.is_object() || !body.contains("sources")) in.problems.Add("sources", "", "campo obbligatorio mancante");
  for (auto& [s, path] : in.Array(body, "sources", "sources")) {
    if (!s.is_string())
      in.problems.Add(path, io::ShownValue(s), "atteso il codice di un ambito");
    else if (std::find(sources.begin(), sources.end(), s.get<std::string>()) != sources.end()) {
      in.problems.Add(path, s.get<std::string>(), "ambito ripetuto");
    } else {
      sources.push_back(s.get<std::string>());
    }
  }
  if (in.ok() && sources.size() < 2)
    in.problems.Add("sources", std::to_string(sources.size()), "servono almeno due ambiti da fondere");
  if (!rec.comuni.empty()) in.problems.Add("comuni", "", "i comuni del nuovo ambito sono quelli degli ambiti fusi");
  if (!in.ok()) return Invalid(in, "Fusione non valida.");
  PDZ_ASSIGN(auto conn, db_.Connect());
  return InTransaction(*conn, [&]() -> Result<json> {
    PDZ_ASSIGN(auto agency, conn->Query("SELECT region_code FROM agencies WHERE code = ?", {rec.agency}));
    core::Place place{agency.empty() ? "" : agency[0].Text(0), rec.agency, rec.code, {}};
    PDZ_TRY(detail::Require(actor, core::Permission::kManageTerritory, place));
    PDZ_ASSIGN(auto existing, conn->Query("SELECT 1 FROM ambiti WHERE code = ?", {rec.code}));
    if (!existing.empty()) in.problems.Add("code", rec.code, "codice già in uso");
    PDZ_TRY(detail::CheckAmbitoReferences(*conn, rec, in.problems));
    std::vector<core::Membership> memberships;
    std::vector<json> befores;
    for (size_t i = 0; i < sources.size(); ++i) {
      std::string field = "sources[" + std::to_string(i) + "]";
      PDZ_ASSIGN(auto src, conn->Query("SELECT region_code, valid_to FROM ambiti WHERE code = ?", {sources[i]}));
      if (src.empty()) {
        in.problems.Add(field, sources[i], "ambito inesistente");
        continue;
      }
      if (!agency.empty() && src[0].Text(0) != agency[0].Text(0))
        in.problems.Add(field, sources[i], "ambito di un'altra regione");
      if (!src[0].IsNull(1)) in.problems.Add(field, sources[i], "ambito già chiuso il " + src[0].Text(1));
      core::Place src_place{src[0].Text(0), "", sources[i], {}};
      PDZ_TRY(detail::Require(actor, core::Permission::kManageTerritory, src_place));
      PDZ_ASSIGN(auto ms, detail::MembershipsOfAmbito(*conn, sources[i]));
      memberships.insert(memberships.end(), ms.begin(), ms.end());
      PDZ_ASSIGN(json b, detail::AmbitoDocument(*conn, sources[i], rec.valid_from.AddDays(-1)));
      befores.push_back(std::move(b));
    }
    if (!in.ok()) return Invalid(in, "Fusione non valida.");
    PDZ_ASSIGN(core::MergePlan plan, core::PlanMerge(sources, rec.code, rec.valid_from, memberships));
    PDZ_TRY(detail::InsertAmbito(*conn, rec));
    for (const auto& m : plan.to_close) {
      PDZ_TRY(
          conn->Exec("UPDATE memberships SET valid_to = ? WHERE istat_code = ? AND ambito_code = ? AND valid_from = ?",
                     {m.to->ToString(), m.istat_code, m.ambito_code, m.from.ToString()}));
    }
    for (const auto& m : plan.to_open) {
      PDZ_TRY(detail::AddMembershipChecked(*conn, m, "sources", in.problems));
    }
    if (!in.ok()) return ProblemsError(in.problems, "Fusione non valida.");
    std::string closed_on = rec.valid_from.AddDays(-1).ToString();
    for (size_t i = 0; i < sources.size(); ++i) {
      PDZ_TRY(conn->Exec("UPDATE ambiti SET valid_to = ?, merged_into = ?, version = version + 1 WHERE code = ?",
                         {closed_on, rec.code, sources[i]}));
      PDZ_ASSIGN(json a, detail::AmbitoDocument(*conn, sources[i], rec.valid_from.AddDays(-1)));
      PDZ_TRY(detail::Audit(*conn, clock_, actor, "merge_close", "ambito", sources[i], sources[i], befores[i], a));
    }
    PDZ_ASSIGN(json doc, detail::AmbitoDocument(*conn, rec.code, rec.valid_from));
    PDZ_TRY(detail::Audit(*conn, clock_, actor, "merge_create", "ambito", rec.code, rec.code, nullptr, doc));
    return doc;
  });
}

Result<json> App::AddMembership(const Actor& actor, const std::string& ambito_code, const json& body) {
  io::JsonFields in;
  in.RejectUnknown(body, {"istat_code", "valid_from", "valid_to"}, "");
  std::string istat = in.String(body, "istat_code", "istat_code", true);
  if (!istat.empty() && !core::IsIstatComuneCode(istat))
    in.problems.Add("istat_code", istat, "atteso un codice ISTAT di 6 cifre");
  auto from = in.DateField(body, "valid_from", "valid_from", true);
  auto to = in.DateField(body, "valid_to", "valid_to", false);
  if (from && to && *to < *from) in.problems.Add("valid_to", to->ToString(), "precede valid_from");
  if (!in.ok()) return Invalid(in, "Appartenenza non valida.");
  PDZ_ASSIGN(auto conn, db_.Connect());
  return InTransaction(*conn, [&]() -> Result<json> {
    PDZ_ASSIGN(core::Place place, detail::PlaceOfAmbito(*conn, ambito_code));
    PDZ_TRY(detail::Require(actor, core::Permission::kManageTerritory, place));
    PDZ_ASSIGN(auto amb, conn->Query("SELECT valid_from, valid_to FROM ambiti WHERE code = ?", {ambito_code}));
    if (from->ToString() < amb[0].Text(0) || (!amb[0].IsNull(1) && from->ToString() > amb[0].Text(1))) {
      in.problems.Add("valid_from", from->ToString(),
                      "fuori dal periodo di vita dell'ambito (dal " + amb[0].Text(0) +
                          (amb[0].IsNull(1) ? "" : " al " + amb[0].Text(1)) + ")");
    }
    io::AmbitoRecord probe;
    probe.agency = place.agency;
    probe.comuni = {istat};
    PDZ_TRY(detail::CheckAmbitoReferences(*conn, probe, in.problems));
    for (auto& d : in.problems.details)
      if (d.field == "comuni[0]") d.field = "istat_code";
    if (!in.ok()) return Invalid(in, "Appartenenza non valida.");
    core::Membership m{istat, ambito_code, *from, to};
    PDZ_TRY(detail::AddMembershipChecked(*conn, m, "istat_code", in.problems));
    if (!in.ok()) return ProblemsError(in.problems, "Il comune appartiene già a un altro ambito in quel periodo.");
    json after = {{"istat_code", istat},
                  {"ambito", ambito_code},
                  {"valid_from", from->ToString()},
                  {"valid_to", to ? json(to->ToString()) : json(nullptr)}};
    PDZ_TRY(detail::Audit(*conn, clock_, actor, "add_membership", "ambito", ambito_code, ambito_code, nullptr, after));
    return after;
  });
}

}  // namespace pdz::app
