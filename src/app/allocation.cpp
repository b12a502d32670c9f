// Allocating a fund among a region's ambiti, with the population from the territory as of a date.
#include "core/money/allocation.hpp"
#include "app/app.hpp"
#include "app/detail/internals.hpp"
#include "io/csv.hpp"
#include "io/json_fields.hpp"

namespace pdz::app {

Result<json> App::AllocateRegion(const std::string& region, const json& body) {
  if (!body.is_object()) return MakeError(ErrorCode::kValidationFailed, "Atteso un oggetto JSON.");
  io::JsonFields in;
  in.RejectUnknown(body, {"total_cents", "reference_date", "method", "ambiti", "fund", "year"}, "");
  auto total = in.Integer(body, "total_cents", "total_cents", true);
  Date reference = in.DateField(body, "reference_date", "reference_date", false).value_or(clock_.Today());
  std::string fund = in.String(body, "fund", "fund", false);
  core::AllocationMethod method;
  if (body.contains("method")) {
    const json& m = body["method"];
    in.RejectUnknown(m, {"fixed_quota_cents", "reward_pot_cents", "integration_threshold_bp", "cut_bp", "act"},
                     "method");
    method.fixed_quota = in.Integer(m, "fixed_quota_cents", "method.fixed_quota_cents", false).value_or(0);
    method.reward_pot = in.Integer(m, "reward_pot_cents", "method.reward_pot_cents", false).value_or(0);
    if (auto t = in.Integer(m, "integration_threshold_bp", "method.integration_threshold_bp", false)) {
      method.integration_threshold_bp = static_cast<int>(*t);
    }
    method.cut_bp = static_cast<int>(in.Integer(m, "cut_bp", "method.cut_bp", false).value_or(0));
    method.act = in.String(m, "act", "method.act", false);
  }
  std::map<std::string, std::pair<core::Cents, std::optional<int>>> extra;
  for (auto& [a, path] : in.Array(body, "ambiti", "ambiti")) {
    in.RejectUnknown(a, {"code", "premialita_cents", "integration_bp"}, path);
    std::string code = in.String(a, "code", path + ".code", true);
    auto reward = in.Integer(a, "premialita_cents", path + ".premialita_cents", false).value_or(0);
    auto bp = in.Integer(a, "integration_bp", path + ".integration_bp", false);
    extra[code] = {reward, bp ? std::optional<int>(static_cast<int>(*bp)) : std::nullopt};
  }
  if (!in.ok()) return in.ToError("Dati del riparto non validi.");

  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(auto exists, conn->Query("SELECT name FROM regions WHERE code = ?", {region}));
  if (exists.empty()) return detail::NotFound("regione", region, detail::Codes(*conn, "SELECT code FROM regions"));
  AmbitoFilter filter;
  filter.region = region;
  filter.as_of = reference;
  PDZ_ASSIGN(json list, ListAmbiti(filter, Page{500, 0}));
  std::vector<core::AllocationAmbito> ambiti;
  std::map<std::string, std::string> names;
  for (const auto& a : list["items"]) {
    std::string code = a["code"];
    names[code] = a["name"];
    core::AllocationAmbito item{code, a["population"].get<std::int64_t>(), 0, std::nullopt};
    if (auto it = extra.find(code); it != extra.end()) {
      item.premialita = it->second.first;
      item.integration_bp = it->second.second;
      extra.erase(it);
    }
    ambiti.push_back(std::move(item));
  }
  if (!extra.empty()) {
    std::vector<ErrorDetail> unknown;
    for (const auto& [code, _] : extra) {
      unknown.push_back({.field = "ambiti",
                         .value = code,
                         .reason = "non è un ambito attivo della regione alla data " + reference.ToString()});
    }
    return MakeError(ErrorCode::kValidationFailed, "Alcuni ambiti indicati non sono tra quelli del riparto.", unknown);
  }
  PDZ_ASSIGN(core::AllocationResult result, core::Allocate(*total, method, ambiti));
  json out = {{"region", region},
              {"reference_date", reference.ToString()},
              {"fund", fund},
              {"total_cents", result.total},
              {"ambiti", json::array()}};
  for (size_t i = 0; i < result.ambiti.size(); ++i) {
    const auto& s = result.ambiti[i];
    json lines = json::array();
    for (const auto& l : s.lines) lines.push_back({{"kind", l.kind}, {"amount_cents", l.amount}, {"reason", l.reason}});
    out["ambiti"].push_back({{"code", s.code},
                             {"name", names[s.code]},
                             {"population", ambiti[i].population},
                             {"total_cents", s.total},
                             {"lines", lines}});
  }
  return out;
}

std::string App::AllocationCsv(const json& allocation) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& a : allocation["ambiti"]) {
    for (const auto& l : a["lines"]) {
      rows.push_back(
          {a["code"], a["name"], l["kind"], io::CentsForCsv(l["amount_cents"].get<std::int64_t>()), l["reason"]});
    }
    rows.push_back({a["code"], a["name"], "totale", io::CentsForCsv(a["total_cents"].get<std::int64_t>()), ""});
  }
  return io::WriteCsv({"ambito", "nome", "voce", "importo_euro", "motivazione"}, rows);
}

}  // namespace pdz::app
