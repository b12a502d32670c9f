// The resource frame: row validation, totals and checks.
#include "core/money/resources.hpp"

#include <algorithm>

namespace pdz::core {

namespace {

struct FundType {
  const char* code;
  const char* label;
};

constexpr FundType kFundTypes[] = {
    {"statale", "Statale"},
    {"regionale", "Regionale"},
    {"europeo", "Europeo"},
    {"comunale", "Comunale"},
    {"sanitario", "Sanitario (ATS/ASL)"},
    {"compartecipazione", "Compartecipazione degli utenti"},
    {"privato", "Fondazioni e terzo settore"},
    {"altro", "Altro"},
};

std::string Joined(const std::set<std::string>& values) {
  std::string out;
  for (const auto& v : values) out += (out.empty() ? "" : ", ") + v;
  return out;
}

}  // namespace

const std::vector<std::string>& FundTypes() {
  static const std::vector<std::string> kAll = [] {
    std::vector<std::string> v;
    for (const auto& t : kFundTypes) v.emplace_back(t.code);
    return v;
  }();
  return kAll;
}

std::string_view FundTypeLabel(std::string_view type) {
  for (const auto& t : kFundTypes) {
    if (type == t.code) return t.label;
  }
  return type;
}

std::vector<ErrorDetail> ValidateResourceRow(const ResourceRow& row, const ResourceContext& context,
                                             const std::string& file, std::int64_t line) {
  std::vector<ErrorDetail> problems;
  auto add = [&](const std::string& field, const std::string& value, const std::string& reason) {
    problems.push_back({.file = file, .row = line, .field = field, .value = value, .reason = reason});
  };
  if (row.fund.empty()) {
    add("fund", "", "indicare il fondo");
  } else if (!context.funds.empty() && !context.funds.contains(row.fund)) {
    add("fund", row.fund, "fondo non previsto dal catalogo delle linee guida (" + Joined(context.funds) + ")");
  }
  const auto& types = FundTypes();
  if (std::find(types.begin(), types.end(), row.fund_type) == types.end()) {
    std::set<std::string> all(types.begin(), types.end());
    add("fund_type", row.fund_type, "tipologia di fondo non valida (" + Joined(all) + ")");
  }
  if (row.year < context.period_from.year() || row.year > context.period_to.year()) {
    add("year", std::to_string(row.year),
        "anno fuori dal triennio del piano (" + std::to_string(context.period_from.year()) + "-" +
            std::to_string(context.period_to.year()) + ")");
  }
  if (row.area.empty()) {
    add("area", "", "indicare l'area di destinazione");
  } else if (!context.areas.empty() && !context.areas.contains(row.area)) {
    add("area", row.area, "area non prevista dalle linee guida (" + Joined(context.areas) + ")");
  }
  if (!row.objective.empty() && !context.objectives.contains(row.objective)) {
    add("objective", row.objective, "obiettivo specifico inesistente nel piano");
  }
  if (row.management != "associata" && row.management != "singola") {
    add("management", row.management, "gestione 'associata' o 'singola'");
  } else if (row.management == "singola") {
    if (row.comune.empty()) {
      add("comune", "", "per la gestione singola indicare il comune (codice ISTAT)");
    } else if (!context.comuni.empty() && !context.comuni.contains(row.comune)) {
      add("comune", row.comune, "il comune non appartiene all'ambito");
    }
  } else if (!row.comune.empty()) {
    add("comune", row.comune, "il comune si indica solo per la gestione singola");
  }
  struct Amount {
    const char* field;
    Cents value;
  };
  for (Amount a : {Amount{"programmed_cents", row.programmed}, Amount{"committed_cents", row.committed},
                   Amount{"paid_cents", row.paid}}) {
    if (a.value < 0) add(a.field, std::to_string(a.value), "gli importi non possono essere negativi");
  }
  if (row.committed > 0 && !row.committed_on) {
    add("committed_on", "", "indicare la data di riferimento dell'impegnato");
  }
  if (row.paid > 0 && !row.paid_on) add("paid_on", "", "indicare la data di riferimento del liquidato");
  for (auto [field, date] : {std::pair{"committed_on", row.committed_on}, std::pair{"paid_on", row.paid_on}}) {
    if (date && *date > context.today) add(field, date->ToString(), "data di riferimento nel futuro");
  }
  if (row.committed_on && row.paid_on && *row.paid_on < *row.committed_on && row.paid > 0) {
    add("paid_on", row.paid_on->ToString(), "il liquidato non può essere rilevato prima dell'impegnato");
  }
  bool negative = row.programmed < 0 || row.committed < 0 || row.paid < 0;
  bool over_committed = !negative && row.committed > row.programmed;
  bool over_paid = !negative && row.paid > row.committed;
  if ((over_committed || over_paid) && row.justification.empty()) {
    if (over_committed) {
      add("committed_cents", std::to_string(row.committed),
          "l'impegnato (" + FormatEuro(row.committed) + ") supera il programmato (" + FormatEuro(row.programmed) +
              "): ridurlo o indicare la motivazione");
    }
    if (over_paid) {
      add("paid_cents", std::to_string(row.paid),
          "il liquidato (" + FormatEuro(row.paid) + ") supera l'impegnato (" + FormatEuro(row.committed) +
              "): ridurlo o indicare la motivazione");
    }
  }
  return problems;
}

void StageTotals::Add(const ResourceRow& row) {
  programmed += row.programmed;
  committed += row.committed;
  paid += row.paid;
}

ResourceSummary SummarizeResources(const std::vector<ResourceRow>& rows, Date period_from, Date period_to) {
  ResourceSummary s;
  for (const auto& row : rows) {
    s.total.Add(row);
    s.by_fund[row.fund].Add(row);
    s.by_fund_type[row.fund_type].Add(row);
    s.by_year[row.year].Add(row);
    s.by_area[row.area].Add(row);
    s.by_management[row.management].Add(row);
    if (row.committed > row.programmed) {
      s.checks.push_back({row.id, "warning", "impegnato_oltre_programmato",
                          "Impegnato " + FormatEuro(row.committed) + " oltre il programmato " +
                              FormatEuro(row.programmed) + ", motivato: " + row.justification});
    }
    if (row.paid > row.committed) {
      s.checks.push_back({row.id, "warning", "liquidato_oltre_impegnato",
                          "Liquidato " + FormatEuro(row.paid) + " oltre l'impegnato " + FormatEuro(row.committed) +
                              ", motivato: " + row.justification});
    }
  }
  if (s.total.programmed > 0) {
    Cents joint = s.by_management.contains("associata") ? s.by_management["associata"].programmed : 0;
    s.joint_share_bp = static_cast<int>((joint * 10000 + s.total.programmed / 2) / s.total.programmed);
  }
  if (rows.empty()) {
    s.checks.push_back({0, "warning", "quadro_vuoto", "Il quadro delle risorse non ha ancora righe."});
  } else {
    for (int year = period_from.year(); year <= period_to.year(); ++year) {
      if (!s.by_year.contains(year)) {
        s.checks.push_back(
            {0, "warning", "anno_senza_risorse", "Nessuna risorsa programmata per il " + std::to_string(year) + "."});
      }
    }
  }
  return s;
}

}  // namespace pdz::core
