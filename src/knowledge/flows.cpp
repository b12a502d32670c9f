// The flows' columns follow docs/knowledge.md and docs/flows/*.md; a change here changes them too.
#include "knowledge/flows.hpp"

#include <algorithm>
#include <cctype>

#include "io/csv.hpp"

namespace pdz::knowledge {

namespace {

using T = ColumnType;

ColumnDef Col(std::string name, T type, bool required, std::string description, std::string example,
              std::string list = {}, std::vector<std::string> choices = {}) {
  return ColumnDef{std::move(name),   type, required, std::move(list), std::move(choices), std::move(description),
                   std::move(example)};
}

std::vector<FlowDef> MakeFlows() {
  std::vector<FlowDef> flows;
  flows.push_back(FlowDef{
      "spesa",
      "Spesa sociale dei Comuni",
      "Spesa sociale a consuntivo di ogni Comune, in gestione singola e associata, per area di utenza e intervento.",
      {Col("istat_code", T::kIstat, true, "Codice ISTAT del Comune (6 cifre)", "015182"),
       Col("year", T::kYear, true, "Anno di riferimento della spesa", "2023"),
       Col("area", T::kCode, true, "Area di utenza", "anziani", "aree"),
       Col("intervention_code", T::kCode, true, "Intervento (lista della Regione)", "C1", "interventi"),
       Col("management", T::kChoice, true, "Gestione: singola o associata", "associata", {}, {"singola", "associata"}),
       Col("managed_by", T::kText, false, "Ente che gestisce in forma associata", "Sercop"),
       Col("amount_eur", T::kAmount, true, "Spesa in euro (>= 0, al massimo 2 decimali)", "12.345,67"),
       Col("users", T::kInteger, false, "Utenti serviti (>= 0)", "42"),
       Col("funding_channel", T::kCode, false, "Canale di finanziamento", "fnps", "canali_finanziamento")},
      {"istat_code", "year", "area", "intervention_code", "management", "managed_by", "funding_channel"},
      true});
  flows.push_back(FlowDef{"unita_offerta",
                          "Anagrafica delle unità di offerta sociali",
                          "Le unità di offerta sociali del territorio, con il codice struttura univoco.",
                          {Col("structure_code", T::kText, true, "Codice struttura univoco", "UDO-015182-001"),
                           Col("year", T::kYear, true, "Anno dell'anagrafica", "2024"),
                           Col("name", T::kText, true, "Denominazione", "Nido comunale Arcobaleno"),
                           Col("unit_type", T::kCode, true, "Tipologia di unità di offerta", "nido", "tipi_unita"),
                           Col("istat_code", T::kIstat, true, "Comune sede (codice ISTAT)", "015182"),
                           Col("managing_body", T::kText, true, "Ente gestore", "Comune di Rho"),
                           Col("places", T::kInteger, true, "Posti autorizzati (>= 0)", "60"),
                           Col("status", T::kChoice, true, "Stato", "attiva", {}, {"attiva", "sospesa", "cessata"}),
                           Col("opened_on", T::kDate, true, "Data di apertura", "2010-09-01"),
                           Col("closed_on", T::kDate, false, "Data di chiusura (obbligatoria se cessata)", "")},
                          {"structure_code", "year"},
                          true});
  flows.push_back(FlowDef{
      "fsr",
      "Rendicontazione Fondo Sociale Regionale",
      "Funzionamento e costi di ogni unità di offerta finanziata dal Fondo Sociale Regionale.",
      {Col("structure_code", T::kText, true, "Codice struttura (presente nell'anagrafica)", "UDO-015182-001"),
       Col("year", T::kYear, true, "Anno rendicontato", "2024"), Col("places", T::kInteger, true, "Posti", "60"),
       Col("attendees", T::kInteger, true, "Frequentanti", "55"),
       Col("staff_cost_eur", T::kAmount, true, "Costo del personale in euro", "310.000,00"),
       Col("total_cost_eur", T::kAmount, true, "Costo totale in euro (>= costo del personale)", "420.000,00"),
       Col("revenue_users_eur", T::kAmount, true, "Entrate da rette degli utenti", "120.000,00"),
       Col("revenue_other_eur", T::kAmount, true, "Altre entrate", "35.000,00")},
      {"structure_code", "year"},
      false});
  flows.push_back(FlowDef{"domiciliare",
                          "Assistenza domiciliare (SAD, SADH, ADM)",
                          "Servizi domiciliari per servizio e per utente (pseudonimizzato).",
                          {Col("beneficiary_id", T::kPseudonym, true,
                               "Pseudonimo dell'utente (16 caratteri esadecimali)", "3f9a0c12d4e5b678"),
                           Col("istat_code", T::kIstat, true, "Comune di residenza (codice ISTAT)", "015182"),
                           Col("year", T::kYear, true, "Anno", "2024"),
                           Col("service", T::kCode, true, "Servizio", "SAD", "servizi_domiciliari"),
                           Col("hours", T::kDecimal, true, "Ore erogate (>= 0, al massimo 2 decimali)", "120,5"),
                           Col("cost_eur", T::kAmount, true, "Costo in euro", "2.650,00"),
                           Col("user_fee_eur", T::kAmount, true, "Compartecipazione dell'utente (<= costo)", "300,00")},
                          {"beneficiary_id", "istat_code", "year", "service"},
                          true});
  flows.push_back(FlowDef{
      "beneficiari",
      "Beneficiari delle misure (FNA e simili)",
      "Un record per beneficiario e misura, con pseudonimo: nessun dato identificativo.",
      {Col("beneficiary_id", T::kPseudonym, true, "Pseudonimo del beneficiario (16 caratteri esadecimali)",
           "3f9a0c12d4e5b678"),
       Col("istat_code", T::kIstat, true, "Comune di residenza (codice ISTAT)", "015182"),
       Col("year", T::kYear, true, "Anno", "2024"),
       Col("intervention_code", T::kCode, true, "Misura o intervento (lista della Regione)", "F1", "interventi"),
       Col("area", T::kCode, true, "Area di utenza", "anziani", "aree"),
       Col("amount_eur", T::kAmount, true, "Importo erogato in euro", "1.200,00"),
       Col("isee_band", T::kInteger, false, "Fascia ISEE (1-5)", "2"),
       Col("age_band", T::kCode, true, "Fascia d'età", "80+", "fasce_eta"),
       Col("start_date", T::kDate, false, "Inizio", "2024-01-15"),
       Col("end_date", T::kDate, false, "Fine (>= inizio)", "2024-12-31")},
      {},
      true});
  flows.push_back(FlowDef{"popolazione",
                          "Popolazione per Comune, anno e fascia d'età",
                          "Popolazione residente (ISTAT) per Comune, anno e fascia d'età.",
                          {Col("istat_code", T::kIstat, true, "Codice ISTAT del Comune", "015182"),
                           Col("year", T::kYear, true, "Anno (al 1° gennaio)", "2024"),
                           Col("age_band", T::kCode, true, "Fascia d'età", "65-79", "fasce_eta"),
                           Col("population", T::kInteger, true, "Residenti (>= 0)", "7421")},
                          {"istat_code", "year", "age_band"},
                          true});
  return flows;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsIdentifyingColumn(const std::string& name) {
  static const char* kNames[] = {"nome",         "cognome",    "nominativo", "codice_fiscale", "codicefiscale",
                                 "cf",           "first_name", "last_name",  "name_surname",   "fiscal_code",
                                 "data_nascita", "indirizzo",  "telefono",   "email"};
  std::string n = Lower(name);
  for (const char* k : kNames) {
    if (n == k) return true;
  }
  return false;
}

std::optional<std::int64_t> ParseDecimalHundredths(std::string_view s) { return io::ParseCents(s); }

}  // namespace

std::string_view ColumnTypeName(ColumnType t) {
  switch (t) {
    case T::kIstat:
      return "istat";
    case T::kYear:
      return "year";
    case T::kCode:
      return "code";
    case T::kText:
      return "text";
    case T::kInteger:
      return "integer";
    case T::kAmount:
      return "amount";
    case T::kDecimal:
      return "decimal";
    case T::kDate:
      return "date";
    case T::kPseudonym:
      return "pseudonym";
    case T::kChoice:
      return "choice";
  }
  return "text";
}

int FlowDef::Column(std::string_view name) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

const std::vector<FlowDef>& Flows() {
  static const std::vector<FlowDef> flows = MakeFlows();
  return flows;
}

const FlowDef* FindFlow(std::string_view id) {
  for (const auto& f : Flows()) {
    if (f.id == id) return &f;
  }
  return nullptr;
}

void CodeLists::Put(std::string id, std::string name, std::vector<std::pair<std::string, std::string>> items) {
  List list{std::move(id), std::move(name), std::move(items), {}};
  for (size_t i = 0; i < list.items.size(); ++i) list.index.emplace(list.items[i].first, static_cast<int>(i));
  for (auto& l : lists_) {
    if (l.id == list.id) {
      l = std::move(list);
      return;
    }
  }
  lists_.push_back(std::move(list));
}

const CodeLists::List* CodeLists::Find(std::string_view id) const {
  for (const auto& l : lists_) {
    if (l.id == id) return &l;
  }
  return nullptr;
}

bool CodeLists::Contains(std::string_view list, std::string_view code) const {
  const List* l = Find(list);
  return l && l->index.count(std::string(code)) > 0;
}

std::string CodeLists::Label(std::string_view list, std::string_view code) const {
  const List* l = Find(list);
  if (!l) return std::string(code);
  auto it = l->index.find(std::string(code));
  return it == l->index.end() ? std::string(code) : l->items[it->second].second;
}

std::optional<std::int64_t> ParseAmount(std::string_view s) { return io::ParseCents(Trim(s)); }

std::optional<std::uint64_t> ParsePseudonym(std::string_view s) {
  if (s.size() != 16) return std::nullopt;
  std::uint64_t v = 0;
  for (char c : s) {
    int d;
    if (c >= '0' && c <= '9')
      d = c - '0';
    else if (c >= 'a' && c <= 'f')
      d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F')
      d = c - 'A' + 10;
    else
      return std::nullopt;
    v = (v << 4) | static_cast<std::uint64_t>(d);
  }
  return v;
}

bool LooksLikeCodiceFiscale(std::string_view s) {
  // Pattern of the codice fiscale: 6 letters, 2 digits, 1 letter, 2 digits, 1 letter, 3 digits, 1 letter
  // (digits may be replaced by letters in omocodia, so only the letter positions are checked).
  if (s.size() != 16) return false;
  auto alpha = [&](int i) { return std::isalpha(static_cast<unsigned char>(s[i])) != 0; };
  for (int i : {0, 1, 2, 3, 4, 5, 8, 11, 15}) {
    if (!alpha(i)) return false;
  }
  return true;
}

std::string IstatText(std::int64_t istat) {
  std::string s = std::to_string(istat);
  if (s.size() < 6) s.insert(0, 6 - s.size(), '0');
  return s;
}

std::optional<RowValidator> RowValidator::Create(const FlowDef& flow, const CodeLists& lists,
                                                 const std::vector<std::string>& header,
                                                 std::vector<RowError>& errors) {
  RowValidator v(flow, lists);
  v.mapping_.assign(flow.columns.size(), -1);
  v.column_lists_.assign(flow.columns.size(), nullptr);
  size_t before = errors.size();
  for (size_t i = 0; i < header.size(); ++i) {
    std::string name(Trim(header[i]));
    if (IsIdentifyingColumn(name)) {
      errors.push_back(
          {1, name, name,
           "colonna non ammessa: i flussi non contengono dati identificativi (nomi, codici fiscali); usare "
           "solo pseudonimi"});
      continue;
    }
    int c = flow.Column(name);
    if (c < 0) {
      errors.push_back({1, name, name, "colonna sconosciuta per il flusso «" + flow.id + "»"});
    } else if (v.mapping_[c] >= 0) {
      errors.push_back({1, name, name, "colonna ripetuta"});
    } else {
      v.mapping_[c] = static_cast<int>(i);
    }
  }
  for (size_t c = 0; c < flow.columns.size(); ++c) {
    const auto& col = flow.columns[c];
    if (v.mapping_[c] < 0 && col.required) errors.push_back({1, col.name, "", "colonna obbligatoria mancante"});
    if (col.type == T::kCode) {
      v.column_lists_[c] = lists.Find(col.list);
      if (!v.column_lists_[c])
        errors.push_back({1, col.name, col.list, "lista di codici «" + col.list + "» non caricata"});
    }
  }
  if (errors.size() > before) return std::nullopt;
  v.opened_ = flow.Column("opened_on");
  v.closed_ = flow.Column("closed_on");
  v.start_ = flow.Column("start_date");
  v.end_ = flow.Column("end_date");
  v.staff_ = flow.Column("staff_cost_eur");
  v.total_ = flow.Column("total_cost_eur");
  v.fee_ = flow.Column("user_fee_eur");
  v.cost_ = flow.Column("cost_eur");
  v.status_ = flow.Column("status");
  return v;
}

bool RowValidator::Validate(const std::vector<std::string_view>& fields, std::int64_t line, TypedRow& out,
                            std::vector<RowError>& errors) const {
  const auto& cols = flow_->columns;
  out.ints.assign(cols.size(), kNull);
  out.texts.assign(cols.size(), std::string_view{});
  out.year = 0;
  out.istat = -1;
  size_t before = errors.size();
  auto fail = [&](const ColumnDef& col, std::string_view value, std::string reason) {
    errors.push_back({line, col.name, std::string(value), std::move(reason)});
  };
  for (size_t c = 0; c < cols.size(); ++c) {
    const auto& col = cols[c];
    std::string_view raw = mapping_[c] >= 0 ? Trim(fields[mapping_[c]]) : std::string_view{};
    if (raw.empty()) {
      if (col.required) fail(col, raw, "valore obbligatorio mancante");
      continue;
    }
    switch (col.type) {
      case T::kIstat: {
        bool ok =
            raw.size() == 6 && std::all_of(raw.begin(), raw.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
        if (!ok) {
          fail(col, raw, "il codice ISTAT del Comune ha 6 cifre (es. 015182)");
          break;
        }
        std::int64_t v = 0;
        for (char ch : raw) v = v * 10 + (ch - '0');
        out.ints[c] = v;
        out.istat = static_cast<int>(v);
        break;
      }
      case T::kYear: {
        auto v = io::ParseInteger(raw);
        if (!v || *v < 2000 || *v > 2100) {
          fail(col, raw, "anno non valido (tra 2000 e 2100)");
          break;
        }
        out.ints[c] = *v;
        out.year = static_cast<int>(*v);
        break;
      }
      case T::kInteger: {
        auto v = io::ParseInteger(raw);
        if (!v || *v < 0) {
          fail(col, raw, "numero intero >= 0 atteso");
          break;
        }
        if (col.name == "isee_band" && (*v < 1 || *v > 5)) {
          fail(col, raw, "fascia ISEE tra 1 e 5");
          break;
        }
        out.ints[c] = *v;
        break;
      }
      case T::kAmount:
      case T::kDecimal: {
        auto v = col.type == T::kAmount ? ParseAmount(raw) : ParseDecimalHundredths(raw);
        if (!v) {
          fail(col, raw, "importo non valido (es. 1234,56 o 1.234,56; al massimo 2 decimali)");
          break;
        }
        if (*v < 0) {
          fail(col, raw, "il valore non può essere negativo");
          break;
        }
        out.ints[c] = *v;
        break;
      }
      case T::kDate: {
        auto d = io::ParseDateCell(raw);
        if (!d) {
          fail(col, raw, "data non valida (AAAA-MM-GG o GG/MM/AAAA)");
          break;
        }
        out.ints[c] = d->ToDays();
        break;
      }
      case T::kPseudonym: {
        auto v = ParsePseudonym(raw);
        if (!v) {
          fail(col, raw,
               LooksLikeCodiceFiscale(raw)
                   ? "sembra un codice fiscale: i flussi ammettono solo pseudonimi (16 caratteri esadecimali)"
                   : "pseudonimo non valido: 16 caratteri esadecimali (0-9, a-f), nessun dato identificativo");
          break;
        }
        out.ints[c] = static_cast<std::int64_t>(*v);
        break;
      }
      case T::kCode: {
        const auto* list = column_lists_[c];
        if (!list || !list->index.count(std::string(raw))) {
          fail(col, raw, "«" + std::string(raw) + "» non è nella lista " + col.list);
          break;
        }
        out.texts[c] = raw;
        break;
      }
      case T::kChoice: {
        if (std::find(col.choices.begin(), col.choices.end(), raw) == col.choices.end()) {
          std::string allowed;
          for (const auto& ch : col.choices) allowed += (allowed.empty() ? "" : ", ") + ch;
          fail(col, raw, "valore ammesso: " + allowed);
          break;
        }
        out.texts[c] = raw;
        break;
      }
      case T::kText: {
        if (raw.size() > 200) {
          fail(col, raw.substr(0, 40), "testo troppo lungo (al massimo 200 caratteri)");
          break;
        }
        out.texts[c] = raw;
        break;
      }
    }
  }
  if (errors.size() > before) return false;
  // Rules across columns.
  auto check_order = [&](int a, int b, const char* reason) {
    if (a >= 0 && b >= 0 && out.ints[a] != kNull && out.ints[b] != kNull && out.ints[b] < out.ints[a]) {
      errors.push_back({line, cols[b].name, std::string(fields[mapping_[b]]), reason});
    }
  };
  check_order(opened_, closed_, "la data di chiusura precede quella di apertura");
  check_order(start_, end_, "la data di fine precede quella di inizio");
  check_order(staff_, total_, "il costo totale è minore del costo del personale");
  if (fee_ >= 0 && cost_ >= 0 && out.ints[fee_] > out.ints[cost_]) {
    errors.push_back({line, "user_fee_eur", std::string(fields[mapping_[fee_]]),
                      "la compartecipazione supera il costo del servizio"});
  }
  if (status_ >= 0 && closed_ >= 0) {
    bool ceased = out.texts[status_] == "cessata";
    if (ceased && out.ints[closed_] == kNull) {
      errors.push_back({line, "closed_on", "", "obbligatoria quando lo stato è «cessata»"});
    } else if (!ceased && out.ints[closed_] != kNull) {
      errors.push_back({line, "closed_on", std::string(fields[mapping_[closed_]]),
                        "una data di chiusura richiede lo stato «cessata»"});
    }
  }
  return errors.size() == before;
}

}  // namespace pdz::knowledge
