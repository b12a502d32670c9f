// Reading the append-only audit log: an ambito's own (private to it), or all of it (administrators).
#include "app/app.hpp"
#include "app/detail/internals.hpp"

namespace pdz::app {

namespace {

json Entries(const storage::Rows& rows) {
  json items = json::array();
  for (const auto& r : rows) {
    items.push_back({{"id", r.Int(0)},
                     {"at", r.Text(1)},
                     {"actor", r.Text(2)},
                     {"action", r.Text(3)},
                     {"entity", r.Text(4)},
                     {"entity_id", r.Text(5)},
                     {"ambito", detail::OptString(r.OptText(6))},
                     {"before", r.IsNull(7) ? json(nullptr) : json::parse(r.Text(7))},
                     {"after", r.IsNull(8) ? json(nullptr) : json::parse(r.Text(8))}});
  }
  return items;
}

const char* kColumns =
    "SELECT id, at, actor, action, entity, entity_id, ambito_code, before_json, after_json FROM audit_log";

}  // namespace

Result<json> App::AmbitoAudit(const Actor& actor, const std::string& code, Page page) {
  page = detail::Clamp(page);
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(core::Place place, detail::PlaceOfAmbito(*conn, code));
  PDZ_TRY(detail::Require(actor, core::Permission::kReadPrivate, place));
  PDZ_ASSIGN(auto total, conn->Query("SELECT count(*) FROM audit_log WHERE ambito_code = ?", {code}));
  PDZ_ASSIGN(auto rows, conn->Query(std::string(kColumns) + " WHERE ambito_code = ? ORDER BY id DESC LIMIT ? OFFSET ?",
                                    {code, page.limit, page.offset}));
  return json{{"items", Entries(rows)}, {"total", total[0].Int(0)}, {"limit", page.limit}, {"offset", page.offset}};
}

Result<json> App::ListAudit(const Actor& actor, const std::string& entity, const std::string& entity_id, Page page) {
  if (actor.anonymous()) {
    return MakeError(ErrorCode::kUnauthenticated, "Per questa operazione occorre accedere con le proprie credenziali.");
  }
  if (!detail::HoldsRole(actor, core::Role::kRegionAdmin)) {
    return MakeError(ErrorCode::kForbidden, "Solo un amministratore regionale consulta il registro completo.");
  }
  page = detail::Clamp(page);
  PDZ_ASSIGN(auto conn, db_.Connect());
  std::string where = " WHERE (? = '' OR entity = ?) AND (? = '' OR entity_id = ?)";
  storage::Params params = {entity, entity, entity_id, entity_id};
  PDZ_ASSIGN(auto total, conn->Query("SELECT count(*) FROM audit_log" + where, params));
  params.push_back(page.limit);
  params.push_back(page.offset);
  PDZ_ASSIGN(auto rows, conn->Query(std::string(kColumns) + where + " ORDER BY id DESC LIMIT ? OFFSET ?", params));
  return json{{"items", Entries(rows)}, {"total", total[0].Int(0)}, {"limit", page.limit}, {"offset", page.offset}};
}

}  // namespace pdz::app
