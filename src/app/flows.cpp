// Data flows: code lists, the catalogue, imports (streamed, validated, all-or-nothing, one submission
// per year with its history), jobs, submissions and the debito informativo.
#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <unordered_map>

#include "app/detail/internals.hpp"
#include "app/detail/knowledge.hpp"
#include "io/csv.hpp"
#include "io/csv_stream.hpp"
#include "io/document/xlsx.hpp"
#include "knowledge/block.hpp"

namespace pdz::app {

namespace kn = knowledge;

App::Knowledge::~Knowledge() {
  std::map<std::int64_t, std::shared_ptr<Job>> all;
  {
    std::lock_guard lock(jobs_mutex);
    all = jobs;
  }
  for (auto& [id, job] : all) {
    job->control.cancel = true;
    if (job->thread.joinable()) job->thread.join();
    if (job->reporter.joinable()) job->reporter.join();
  }
}

namespace detail {

Result<kn::CodeLists> LoadCodeLists(storage::Connection& conn) {
  PDZ_ASSIGN(auto rows, conn.Query("SELECT list, name, code, label FROM code_lists ORDER BY list, position"));
  kn::CodeLists lists;
  std::string current, name;
  std::vector<std::pair<std::string, std::string>> items;
  auto flush = [&] {
    if (!current.empty()) lists.Put(current, name, std::move(items));
    items.clear();
  };
  for (const auto& r : rows) {
    if (r.Text(0) != current) {
      flush();
      current = r.Text(0);
      name = r.Text(1);
    }
    items.emplace_back(r.Text(2), r.Text(3));
  }
  flush();
  return lists;
}

}  // namespace detail

namespace {

json FlowJson(const kn::FlowDef& f) {
  json cols = json::array();
  for (const auto& c : f.columns) {
    json col = {{"name", c.name},
                {"type", std::string(kn::ColumnTypeName(c.type))},
                {"required", c.required},
                {"description", c.description},
                {"example", c.example}};
    if (!c.list.empty()) col["list"] = c.list;
    if (!c.choices.empty()) col["choices"] = c.choices;
    cols.push_back(col);
  }
  json key = f.key;
  if (f.key.empty()) {
    key = json::array();
    for (const auto& c : f.columns) key.push_back(c.name);
  }
  return {{"id", f.id}, {"name", f.name}, {"description", f.description}, {"columns", cols}, {"key", key}};
}

// Where the rows come from: a CSV stream (file or text) or an XLSX sheet.
class RowSource {
 public:
  virtual ~RowSource() = default;
  virtual const std::vector<std::string>& header() const = 0;
  virtual Result<bool> Next(std::vector<std::string_view>& fields, std::int64_t& line) = 0;
  virtual std::int64_t bytes_read() const = 0;
  virtual std::int64_t total_bytes() const = 0;
};

class CsvSource final : public RowSource {
 public:
  explicit CsvSource(std::unique_ptr<io::CsvStream> s) : s_(std::move(s)) {}
  const std::vector<std::string>& header() const override { return s_->header(); }
  Result<bool> Next(std::vector<std::string_view>& fields, std::int64_t& line) override {
    PDZ_ASSIGN(bool more, s_->Next(row_));
    if (!more) return false;
    fields = row_.fields;
    line = row_.line;
    return true;
  }
  std::int64_t bytes_read() const override { return s_->bytes_read(); }
  std::int64_t total_bytes() const override { return s_->total_bytes(); }

 private:
  std::unique_ptr<io::CsvStream> s_;
  io::CsvRowView row_;
};

class XlsxSource final : public RowSource {
 public:
  XlsxSource(std::vector<io::xlsx::Row> rows, std::int64_t size) : rows_(std::move(rows)), size_(size) {
    if (!rows_.empty()) header_ = rows_[0].cells;
  }
  const std::vector<std::string>& header() const override { return header_; }
  Result<bool> Next(std::vector<std::string_view>& fields, std::int64_t& line) override {
    if (++at_ >= rows_.size()) return false;
    const auto& r = rows_[at_];
    fields.assign(header_.size(), std::string_view{});
    for (size_t i = 0; i < r.cells.size() && i < header_.size(); ++i) fields[i] = r.cells[i];
    line = r.number;
    return true;
  }
  std::int64_t bytes_read() const override {
    return rows_.size() <= 1 ? size_
                             : size_ * static_cast<std::int64_t>(std::min(at_, rows_.size())) /
                                   static_cast<std::int64_t>(rows_.size());
  }
  std::int64_t total_bytes() const override { return size_; }

 private:
  std::vector<io::xlsx::Row> rows_;
  std::vector<std::string> header_;
  size_t at_ = 0;
  std::int64_t size_;
};

struct Scope {
  std::string kind, code, name;
  core::Place place;
};

std::uint64_t Mix(std::uint64_t h, std::uint64_t v) {
  h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  h *= 0xff51afd7ed558ccdULL;
  return h ^ (h >> 33);
}

std::uint64_t HashText(std::string_view s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
  return h;
}

struct KeyLine {
  std::uint64_t hash;
  std::int64_t line;
};

struct YearState {
  std::int64_t submission_id = 0;
  std::int64_t version = 1;
  std::int64_t seq = 0;
  std::int64_t rows = 0;
  std::unique_ptr<kn::BlockBuilder> builder;
  crypto_hash_sha256_state sha;
  std::vector<KeyLine> keys;
  std::unordered_map<int, std::int64_t> comuni;  // istat -> rows
};

std::string Hex(const unsigned char* bytes, size_t n) {
  std::string hex(n * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes, n);
  hex.pop_back();
  return hex;
}

}  // namespace

json App::ListFlows() const {
  json flows = json::array();
  for (const auto& f : kn::Flows()) flows.push_back(FlowJson(f));
  return {{"flows", flows}};
}

Result<json> App::ListCodeLists() {
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(auto lists, detail::LoadCodeLists(*conn));
  json out = json::array();
  for (const auto& l : lists.all()) {
    json items = json::array();
    for (const auto& [code, label] : l.items) items.push_back({{"code", code}, {"label", label}});
    out.push_back({{"id", l.id}, {"name", l.name}, {"items", items}});
  }
  return json{{"lists", out}};
}

Result<json> App::LoadCodeList(const Actor& actor, const std::string& list, const std::string& name,
                               const std::string& text, const std::string& file) {
  if (!actor.system && !detail::HoldsRole(actor, core::Role::kRegionAdmin)) {
    if (actor.anonymous()) return MakeError(ErrorCode::kUnauthenticated, "Accesso richiesto.");
    return MakeError(ErrorCode::kForbidden, "Solo la Regione carica le liste di codici.");
  }
  PDZ_ASSIGN(auto table, io::ParseCsv(text, file));
  auto code_col = table.Column("code"), label_col = table.Column("label");
  if (!code_col || !label_col)
    return MakeError(ErrorCode::kValidationFailed, "La lista " + file + " deve avere le colonne code,label.",
                     {{.file = file, .row = 1, .field = "code", .reason = "colonne attese: code,label"}});
  std::vector<ErrorDetail> problems;
  std::set<std::string> seen;
  for (const auto& r : table.rows) {
    const auto& code = r.fields[*code_col];
    if (code.empty())
      problems.push_back({file, r.line, "code", "", "codice mancante"});
    else if (!seen.insert(code).second)
      problems.push_back({file, r.line, "code", code, "codice ripetuto"});
    if (r.fields[*label_col].empty()) problems.push_back({file, r.line, "label", "", "etichetta mancante"});
  }
  if (table.rows.empty()) problems.push_back({file, 1, "code", "", "la lista è vuota"});
  if (!problems.empty())
    return MakeError(ErrorCode::kValidationFailed, "La lista " + file + " contiene errori: nulla è stato salvato.",
                     std::move(problems));
  PDZ_ASSIGN(auto conn, db_.Connect());
  return storage::InTransaction(*conn, [&]() -> Result<json> {
    PDZ_TRY(conn->Exec("DELETE FROM code_lists WHERE list = ?", {list}));
    std::int64_t pos = 0;
    for (const auto& r : table.rows) {
      PDZ_TRY(conn->Exec("INSERT INTO code_lists (list, name, code, label, position) VALUES (?, ?, ?, ?, ?)",
                         {list, name.empty() ? list : name, r.fields[*code_col], r.fields[*label_col], ++pos}));
    }
    PDZ_TRY(detail::Audit(*conn, clock_, actor, "load", "code_list", list, "", nullptr,
                          json{{"file", file}, {"items", pos}}));
    return json{{"list", list}, {"items", pos}};
  });
}

Result<json> App::LoadCatalogue(const Actor& actor, const std::string& text, const std::string& file) {
  if (!actor.system && !detail::HoldsRole(actor, core::Role::kRegionAdmin))
    return MakeError(ErrorCode::kForbidden, "Solo la Regione carica il catalogo degli indicatori.");
  PDZ_ASSIGN(auto cat, kn::ParseCatalogue(text, file));
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(auto last, conn->Query("SELECT text FROM indicator_catalogues ORDER BY id DESC LIMIT 1"));
  if (!last.empty() && last[0].Text(0) == text) return json{{"indicators", cat.indicators.size()}, {"unchanged", true}};
  return storage::InTransaction(*conn, [&]() -> Result<json> {
    PDZ_TRY(conn->Exec("INSERT INTO indicator_catalogues (text, file, loaded_at) VALUES (?, ?, ?)",
                       {text, file, clock_.NowIso()}));
    PDZ_TRY(detail::Audit(*conn, clock_, actor, "load", "indicator_catalogue", file, "", nullptr,
                          json{{"indicators", cat.indicators.size()}}));
    return json{{"indicators", cat.indicators.size()}, {"unchanged", false}};
  });
}

namespace {

// The submitting body and its place (for permissions); comune referents act only for their comune.
Result<Scope> ResolveScope(storage::Connection& conn, const std::string& kind, const std::string& code) {
  Scope s{kind, code, "", {}};
  if (kind == "comune") {
    PDZ_ASSIGN(auto rows,
               conn.Query("SELECT c.name, p.region_code FROM comuni c JOIN provinces p ON p.code = c.province_code "
                          "WHERE c.istat_code = ?",
                          {code}));
    if (rows.empty()) return detail::NotFound("Comune", code);
    s.name = rows[0].Text(0);
    s.place.region = rows[0].Text(1);
    s.place.comuni.insert(code);
    PDZ_ASSIGN(auto amb,
               conn.Query("SELECT a.code, a.agency_code FROM memberships m JOIN ambiti a ON a.code = m.ambito_code "
                          "WHERE m.istat_code = ? AND m.valid_to IS NULL",
                          {code}));
    if (!amb.empty()) {
      s.place.ambito = amb[0].Text(0);
      s.place.agency = amb[0].Text(1);
    }
  } else if (kind == "ambito") {
    PDZ_ASSIGN(auto rows, conn.Query("SELECT name, region_code, agency_code FROM ambiti WHERE code = ?", {code}));
    if (rows.empty()) return detail::NotFound("Ambito", code, detail::Codes(conn, "SELECT code FROM ambiti"));
    s.name = rows[0].Text(0);
    s.place.region = rows[0].Text(1);
    s.place.agency = rows[0].Text(2);
    s.place.ambito = code;
  } else if (kind == "region") {
    PDZ_ASSIGN(auto rows, conn.Query("SELECT name FROM regions WHERE code = ?", {code}));
    if (rows.empty()) return detail::NotFound("Regione", code, detail::Codes(conn, "SELECT code FROM regions"));
    s.name = rows[0].Text(0);
    s.place.region = code;
  } else if (kind == "italy") {
    s.code = "IT";
    s.name = "Italia";
  } else {
    return MakeError(ErrorCode::kBadRequest, "Soggetto trasmittente non valido: comune, ambito o region.",
                     {{.field = "scope_kind", .value = kind, .reason = "comune, ambito o region"}});
  }
  return s;
}

// For each comune the submitting body may send data for: the years it belonged to the body.
Result<std::unordered_map<int, std::vector<std::pair<int, int>>>> ScopeComuni(storage::Connection& conn,
                                                                              const Scope& s) {
  std::unordered_map<int, std::vector<std::pair<int, int>>> years;
  auto add = [&](const std::string& istat, int from, int to) {
    int v = std::atoi(istat.c_str());
    if (v > 0 && v < 1000000) years[v].emplace_back(from, to);
  };
  if (s.kind == "comune") {
    add(s.code, 2000, 2100);
  } else if (s.kind == "ambito") {
    PDZ_ASSIGN(auto rows,
               conn.Query("SELECT istat_code, valid_from, valid_to FROM memberships WHERE ambito_code = ?", {s.code}));
    for (const auto& r : rows) {
      int from = std::atoi(r.Text(1).substr(0, 4).c_str());
      int to = r.IsNull(2) ? 2100 : std::atoi(r.Text(2).substr(0, 4).c_str());
      add(r.Text(0), from, to);
    }
  } else {
    std::string sql = "SELECT c.istat_code FROM comuni c JOIN provinces p ON p.code = c.province_code";
    storage::Params params;
    if (s.kind == "region") {
      sql += " WHERE p.region_code = ?";
      params.push_back(s.code);
    }
    PDZ_ASSIGN(auto rows, conn.Query(sql, params));
    for (const auto& r : rows) add(r.Text(0), 2000, 2100);
  }
  return years;
}

json GroupsJson(const std::map<std::pair<std::string, std::string>, std::int64_t>& groups) {
  std::vector<std::pair<std::int64_t, json>> list;
  for (const auto& [k, n] : groups) list.emplace_back(n, json{{"field", k.first}, {"reason", k.second}, {"count", n}});
  std::stable_sort(list.begin(), list.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  json out = json::array();
  for (auto& [n, j] : list) out.push_back(std::move(j));
  return out;
}

std::string GroupReason(const std::string& reason) {
  // «value» differs per row; the group is the reason without it.
  auto a = reason.find("«"), b = reason.find("»");
  if (a != std::string::npos && b != std::string::npos && b > a)
    return reason.substr(0, a) + "…" + reason.substr(b + 2);
  return reason;
}

}  // namespace

Result<json> App::ImportFlow(const Actor& actor, const std::string& flow_id, const std::string& scope_kind,
                             const std::string& scope_code, const std::string& input, bool is_path,
                             const std::string& file, ImportControl& control) {
  const kn::FlowDef* flow = kn::FindFlow(flow_id);
  if (!flow) {
    std::vector<std::string> ids;
    for (const auto& f : kn::Flows()) ids.push_back(f.id);
    return detail::NotFound("Flusso", flow_id, ids);
  }
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(Scope scope, ResolveScope(*conn, scope_kind, scope_code));
  if (scope.kind == "italy") {
    if (!actor.system) return MakeError(ErrorCode::kForbidden, "Solo il sistema trasmette dati per l'intero Paese.");
  } else if (!actor.system) {
    core::Place place = scope.place;
    if (scope.kind != "comune") place.comuni.clear();
    PDZ_TRY(detail::Require(actor, core::Permission::kSubmitData, place));
  }
  PDZ_ASSIGN(auto lists, detail::LoadCodeLists(*conn));
  PDZ_ASSIGN(auto allowed, ScopeComuni(*conn, scope));
  std::vector<std::uint8_t> known(1000000, 0);
  {
    PDZ_ASSIGN(auto rows, conn->Query("SELECT istat_code FROM comuni"));
    for (const auto& r : rows) known[std::atoi(r.Text(0).c_str()) % 1000000] = 1;
  }
  // FSR rows name a unit: it must be in the registry, and its comune is the unit's.
  std::unordered_map<std::string, int> registry;
  if (flow->id == "fsr") {
    const kn::FlowDef& uf = *kn::FindFlow("unita_offerta");
    PDZ_ASSIGN(auto blocks,
               conn->Query("SELECT b.data FROM flow_blocks b JOIN flow_submissions s ON s.id = b.submission_id "
                           "WHERE s.flow = 'unita_offerta' AND s.current = 1"));
    int sc = uf.Column("structure_code"), ic = uf.Column("istat_code");
    for (const auto& b : blocks) {
      PDZ_ASSIGN(auto block, kn::DecodeBlock(b.Bytes(0)));
      for (std::uint32_t r = 0; r < block.rows; ++r)
        registry[std::string(block.columns[sc].Text(r))] = static_cast<int>(block.columns[ic].ints[r]);
    }
  }

  // Open the input.
  std::unique_ptr<RowSource> source;
  if (is_path) {
    PDZ_ASSIGN(auto stream, io::CsvStream::OpenFile(input, file));
    source = std::make_unique<CsvSource>(std::move(stream));
  } else if (input.size() >= 4 && input.compare(0, 4, "PK\x03\x04") == 0) {
    PDZ_ASSIGN(auto rows, io::xlsx::Read(input, file));
    if (rows.empty())
      return MakeError(ErrorCode::kValidationFailed, "Il file " + file + " è vuoto.", {{.file = file, .row = 1}});
    source = std::make_unique<XlsxSource>(std::move(rows), static_cast<std::int64_t>(input.size()));
  } else {
    PDZ_ASSIGN(auto stream, io::CsvStream::FromText(input, file));
    source = std::make_unique<CsvSource>(std::move(stream));
  }
  control.total_bytes = source->total_bytes();

  std::vector<kn::RowError> errors;
  std::map<std::pair<std::string, std::string>, std::int64_t> groups;
  std::vector<ErrorDetail> details;
  std::int64_t total_errors = 0;
  constexpr size_t kMaxDetails = 1000;
  auto take_errors = [&] {
    for (auto& e : errors) {
      ++total_errors;
      ++groups[{e.field, GroupReason(e.reason)}];
      if (details.size() < kMaxDetails) details.push_back({file, e.row, e.field, e.value, e.reason});
    }
    errors.clear();
  };
  auto fail = [&](const std::string& what) -> Error {
    control.groups = GroupsJson(groups);
    control.total_errors = total_errors;
    std::string msg = "Il file " + file + " contiene " + std::to_string(total_errors) +
                      (total_errors == 1 ? " errore" : " errori") + what + ": nessun dato è stato salvato.";
    return MakeError(ErrorCode::kValidationFailed, msg, std::move(details));
  };

  auto validator = kn::RowValidator::Create(*flow, lists, source->header(), errors);
  if (!validator) {
    take_errors();
    return fail(" nelle colonne");
  }
  std::vector<int> key_columns;
  if (flow->key.empty()) {
    for (size_t c = 0; c < flow->columns.size(); ++c) key_columns.push_back(static_cast<int>(c));
  } else {
    for (const auto& k : flow->key) key_columns.push_back(flow->Column(k));
  }
  const int structure_col = flow->Column("structure_code");

  // The last comune looked up is remembered: files come sorted by comune more often than not.
  int last_istat = -1;
  const std::vector<std::pair<int, int>>* last_ranges = nullptr;
  auto in_scope = [&](int istat, int year) {
    if (istat < 0 || istat >= 1000000 || !known[istat]) return false;
    if (istat != last_istat) {
      auto it = allowed.find(istat);
      last_ranges = it == allowed.end() ? nullptr : &it->second;
      last_istat = istat;
    }
    if (!last_ranges) return false;
    for (auto [from, to] : *last_ranges) {
      if (year >= from && year <= to) return true;
    }
    return false;
  };
  auto scope_comuni = [&](int year) {
    std::vector<int> out;
    for (const auto& [istat, ranges] : allowed) {
      for (auto [from, to] : ranges) {
        if (year >= from && year <= to && known[istat]) {
          out.push_back(istat);
          break;
        }
      }
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  std::string now = clock_.NowIso();
  std::string by = actor.system ? "sistema" : actor.username;
  std::map<int, YearState> years;
  std::int64_t rows_total = 0;

  auto result = storage::InTransaction(*conn, [&]() -> Result<json> {
    auto flush = [&](int year, YearState& ys) -> Result<void> {
      if (ys.builder->size() == 0) return Ok();
      auto block_rows = static_cast<std::int64_t>(ys.builder->size());
      std::string bytes = ys.builder->Encode();
      crypto_hash_sha256_update(&ys.sha, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
      if (ys.submission_id == 0) {
        PDZ_ASSIGN(auto v, conn->Query("SELECT COALESCE(MAX(version), 0) FROM flow_submissions WHERE flow = ? AND "
                                       "scope_kind = ? AND scope_code = ? AND year = ?",
                                       {flow->id, scope.kind, scope.code, static_cast<std::int64_t>(year)}));
        ys.version = v[0].Int(0) + 1;
        PDZ_ASSIGN(auto id,
                   conn->Query(
                       "INSERT INTO flow_submissions (flow, scope_kind, scope_code, year, version, current, rows, "
                       "sha256, file, submitted_by, submitted_at) VALUES (?, ?, ?, ?, ?, 0, 0, '', ?, ?, ?) "
                       "RETURNING id",
                       {flow->id, scope.kind, scope.code, static_cast<std::int64_t>(year), ys.version, file, by, now}));
        ys.submission_id = id[0].Int(0);
      }
      PDZ_TRY(conn->Exec("INSERT INTO flow_blocks (submission_id, seq, rows, data) VALUES (?, ?, ?, ?)",
                         {ys.submission_id, ++ys.seq, block_rows, storage::Blob{std::move(bytes)}}));
      return Ok();
    };

    kn::TypedRow row;
    std::vector<std::string_view> fields;
    std::int64_t line = 0;
    while (true) {
      auto more = source->Next(fields, line);
      if (!more) {
        Error e = more.error();
        ++total_errors;
        ++groups[{"file", "riga malformata"}];
        if (details.size() < kMaxDetails) {
          if (!e.details.empty())
            details.push_back(e.details[0]);
          else
            details.push_back({file, line + 1, "", "", e.message});
        }
        return fail("");
      }
      if (!*more) break;
      ++rows_total;
      if ((rows_total & 4095) == 0) {
        control.rows = rows_total;
        control.bytes = source->bytes_read();
        if (control.cancel)
          return MakeError(ErrorCode::kConflict, "Importazione annullata: nessun dato è stato salvato.");
      }
      if (!validator->Validate(fields, line, row, errors)) {
        take_errors();
        continue;
      }
      int istat = row.istat;
      if (flow->id == "fsr") {
        auto it = registry.find(std::string(row.texts[structure_col]));
        if (it == registry.end()) {
          errors.push_back({line, "structure_code", std::string(row.texts[structure_col]),
                            "unità di offerta «" + std::string(row.texts[structure_col]) +
                                "» non presente nell'anagrafica: trasmettere prima il flusso unita_offerta"});
          take_errors();
          continue;
        }
        istat = it->second;
      }
      if (istat >= 0) {
        if (istat >= 1000000 || !known[istat]) {
          errors.push_back({line, "istat_code", kn::IstatText(istat), "codice ISTAT di un Comune inesistente"});
        } else if (!in_scope(istat, row.year)) {
          errors.push_back({line, "istat_code", kn::IstatText(istat),
                            "il Comune non appartiene a " + scope.name + " nel " + std::to_string(row.year)});
        }
        if (!errors.empty()) {
          take_errors();
          continue;
        }
      }
      auto& ys = years[row.year];
      if (!ys.builder) {
        ys.builder = std::make_unique<kn::BlockBuilder>(*flow);
        crypto_hash_sha256_init(&ys.sha);
      }
      std::uint64_t h = 0x12345678;
      for (int c : key_columns) {
        h = Mix(h, kn::StoredAsText(flow->columns[c].type) ? HashText(row.texts[c])
                                                           : static_cast<std::uint64_t>(row.ints[c]));
      }
      ys.keys.push_back({h, line});
      ++ys.rows;
      if (istat >= 0) ++ys.comuni[istat];
      if (total_errors > 0) continue;  // keep validating, stop writing
      ys.builder->Add(row);
      if (ys.builder->full()) PDZ_TRY(flush(row.year, ys));
    }
    control.rows = rows_total;
    control.bytes = source->bytes_read();

    // Repeated keys.
    for (auto& [year, ys] : years) {
      std::sort(ys.keys.begin(), ys.keys.end(), [](const KeyLine& a, const KeyLine& b) {
        return a.hash != b.hash ? a.hash < b.hash : a.line < b.line;
      });
      std::string key_names;
      for (int c : key_columns) key_names += (key_names.empty() ? "" : ", ") + flow->columns[c].name;
      for (size_t i = 1; i < ys.keys.size(); ++i) {
        if (ys.keys[i].hash == ys.keys[i - 1].hash) {
          size_t first = i - 1;
          while (first > 0 && ys.keys[first - 1].hash == ys.keys[i].hash) --first;
          errors.push_back(
              {ys.keys[i].line, key_names, "",
               "riga ripetuta: stessa chiave (" + key_names + ") della riga " + std::to_string(ys.keys[first].line)});
        }
      }
      take_errors();
      std::vector<KeyLine>().swap(ys.keys);
    }
    if (rows_total == 0 && total_errors == 0) {
      details.push_back({file, 2, "", "", "il file non contiene righe di dati"});
      ++total_errors;
      ++groups[{"file", "nessuna riga di dati"}];
    }
    // One body per comune, flow and year.
    if (total_errors == 0) {
      for (auto& [year, ys] : years) {
        PDZ_ASSIGN(auto others,
                   conn->Query("SELECT c.istat_code, s.scope_kind, s.scope_code FROM flow_coverage c JOIN "
                               "flow_submissions s ON s.id = c.submission_id WHERE s.flow = ? AND s.year = ? "
                               "AND s.current = 1 AND NOT (s.scope_kind = ? AND s.scope_code = ?)",
                               {flow->id, static_cast<std::int64_t>(year), scope.kind, scope.code}));
        for (const auto& o : others) {
          int istat = std::atoi(o.Text(0).c_str());
          if (in_scope(istat, year)) {
            errors.push_back({0, "istat_code", o.Text(0),
                              "i dati " + std::to_string(year) + " di questo Comune sono già stati trasmessi da " +
                                  o.Text(1) + " " + o.Text(2) + ": li può sostituire solo chi li ha trasmessi"});
          }
        }
        take_errors();
      }
    }
    if (total_errors > 0) return fail("");

    // Finish each year: same rows as the current version -> nothing changes for that year.
    json submissions = json::array();
    std::vector<int> changed_years;
    for (auto& [year, ys] : years) {
      PDZ_TRY(flush(year, ys));
      unsigned char digest[crypto_hash_sha256_BYTES];
      crypto_hash_sha256_final(&ys.sha, digest);
      std::string sha = Hex(digest, sizeof digest);
      PDZ_ASSIGN(auto cur, conn->Query("SELECT id, version FROM flow_submissions WHERE flow = ? AND scope_kind = ? AND "
                                       "scope_code = ? AND year = ? AND current = 1 AND sha256 = ?",
                                       {flow->id, scope.kind, scope.code, static_cast<std::int64_t>(year), sha}));
      json sub = {{"flow", flow->id},   {"scope", {{"kind", scope.kind}, {"code", scope.code}, {"name", scope.name}}},
                  {"year", year},       {"rows", ys.rows},
                  {"sha256", sha},      {"file", file},
                  {"submitted_by", by}, {"submitted_at", now},
                  {"current", true}};
      if (!cur.empty()) {
        PDZ_TRY(conn->Exec("DELETE FROM flow_blocks WHERE submission_id = ?", {ys.submission_id}));
        PDZ_TRY(conn->Exec("DELETE FROM flow_submissions WHERE id = ?", {ys.submission_id}));
        sub["id"] = cur[0].Int(0);
        sub["version"] = cur[0].Int(1);
        sub["unchanged"] = true;
        submissions.push_back(sub);
        continue;
      }
      PDZ_TRY(
          conn->Exec("UPDATE flow_submissions SET current = 0, replaced_at = ? WHERE flow = ? AND scope_kind = ? AND "
                     "scope_code = ? AND year = ? AND current = 1",
                     {now, flow->id, scope.kind, scope.code, static_cast<std::int64_t>(year)}));
      PDZ_TRY(conn->Exec("UPDATE flow_submissions SET current = 1, rows = ?, sha256 = ? WHERE id = ?",
                         {ys.rows, sha, ys.submission_id}));
      // The body declares data for every one of its comuni that year (no rows = zero).
      for (int istat : scope_comuni(year)) {
        auto n = ys.comuni.find(istat);
        PDZ_TRY(conn->Exec("INSERT INTO flow_coverage (submission_id, istat_code, rows) VALUES (?, ?, ?)",
                           {ys.submission_id, kn::IstatText(istat), n == ys.comuni.end() ? 0 : n->second}));
      }
      sub["id"] = ys.submission_id;
      sub["version"] = ys.version;
      sub["unchanged"] = false;
      submissions.push_back(sub);
      changed_years.push_back(year);
    }
    bool unchanged = changed_years.empty();
    if (!unchanged) {
      PDZ_TRY(conn->Exec("UPDATE flow_state SET generation = generation + 1 WHERE id = 1"));
      for (int y : changed_years) {
        PDZ_TRY(
            conn->Exec("INSERT INTO flow_years (year, generation) VALUES (?, (SELECT generation FROM flow_state)) "
                       "ON CONFLICT (year) DO UPDATE SET generation = excluded.generation",
                       {static_cast<std::int64_t>(y)}));
      }
      PDZ_TRY(detail::Audit(*conn, clock_, actor, "import", "flow_submission", flow->id,
                            scope.kind == "ambito" ? scope.code : scope.place.ambito, nullptr,
                            json{{"file", file},
                                 {"rows", rows_total},
                                 {"scope", scope.kind + ":" + scope.code},
                                 {"years", changed_years}}));
    }
    return json{{"rows", rows_total}, {"unchanged", unchanged}, {"submissions", submissions}};
  });
  if (!result) return result;
  // The dashboards reflect the import as soon as it commits.
  if (control.refresh && !result.value()["unchanged"].get<bool>()) PDZ_TRY(RefreshKnowledge());
  return result;
}

namespace {

constexpr const char* kJobColumns =
    "id, owner, state, flow, scope, file, rows, bytes, total_bytes, started_at, finished_at, result, error, "
    "cancel_requested, heartbeat";

/// A job as the API shows it, from its row; `live` (this process runs it) gives the current progress.
json JobJson(const storage::Row& r, const Job* live) {
  std::int64_t rows = r.Int(6), bytes = r.Int(7);
  if (live && !live->done) {
    rows = live->control.rows.load();
    bytes = live->control.bytes.load();
  }
  json out = {{"id", r.Int(0)},
              {"kind", "flow_import"},
              {"state", r.Text(2)},
              {"flow", r.Text(3)},
              {"scope", json::parse(r.Text(4))},
              {"file", r.Text(5)},
              {"progress", {{"rows", rows}, {"bytes", bytes}, {"total_bytes", r.Int(8)}}},
              {"started_at", r.Text(9)}};
  if (!r.IsNull(10)) out["finished_at"] = r.Text(10);
  if (!r.IsNull(11)) out["result"] = json::parse(r.Text(11));
  if (!r.IsNull(12)) out["error"] = json::parse(r.Text(12));
  if (r.Int(13) && r.Text(2) == "running") out["cancel_requested"] = true;
  return out;
}

json ErrorJson(const Error& e, const App::ImportControl& c) {
  json details = json::array();
  for (const auto& d : e.details) {
    json x = json::object();
    if (!d.file.empty()) x["file"] = d.file;
    if (d.row) x["row"] = d.row;
    if (!d.field.empty()) x["field"] = d.field;
    x["value"] = d.value;
    if (!d.reason.empty()) x["reason"] = d.reason;
    details.push_back(x);
  }
  return {{"code", std::string(ErrorCodeName(e.code))},
          {"message", e.message},
          {"details", details},
          {"groups", c.groups},
          {"total", std::max<std::int64_t>(c.total_errors, static_cast<std::int64_t>(e.details.size()))}};
}

}  // namespace

Result<json> App::StartFlowImport(const Actor& actor, const std::string& flow, const std::string& scope_kind,
                                  const std::string& scope_code, std::string bytes, const std::string& file) {
  if (actor.anonymous()) return MakeError(ErrorCode::kUnauthenticated, "Accesso richiesto.");
  if (!kn::FindFlow(flow)) {
    std::vector<std::string> ids;
    for (const auto& f : kn::Flows()) ids.push_back(f.id);
    return detail::NotFound("Flusso", flow, ids);
  }
  {
    // Refuse at once what the job would refuse before reading a row.
    PDZ_ASSIGN(auto conn, db_.Connect());
    PDZ_ASSIGN(Scope scope, ResolveScope(*conn, scope_kind, scope_code));
    if (scope.kind == "italy")
      return MakeError(ErrorCode::kForbidden, "Solo il sistema trasmette dati per l'intero Paese.");
    core::Place place = scope.place;
    if (scope.kind != "comune") place.comuni.clear();
    PDZ_TRY(detail::Require(actor, core::Permission::kSubmitData, place));
  }
  // The job's row first: from now on any server process answers for it.
  std::int64_t total_bytes = static_cast<std::int64_t>(bytes.size());
  json scope_json = {{"kind", scope_kind}, {"code", scope_code}, {"name", scope_code}};
  std::int64_t id = 0;
  {
    PDZ_ASSIGN(auto conn, db_.Connect());
    PDZ_ASSIGN(auto rows, conn->Query("INSERT INTO jobs (kind, owner, state, flow, file, scope, total_bytes, "
                                      "started_at, heartbeat, process) VALUES ('flow_import', ?, 'running', ?, ?, "
                                      "?, ?, ?, ?, ?) RETURNING id",
                                      {actor.user_id, flow, file, scope_json.dump(), total_bytes, clock_.NowIso(),
                                       clock_.NowSeconds(), knowledge_->process}));
    id = rows[0].Int(0);
  }
  auto job = std::make_shared<Job>();
  job->id = id;
  job->control.total_bytes = total_bytes;
  std::vector<std::shared_ptr<Job>> finished;
  {
    std::lock_guard lock(knowledge_->jobs_mutex);
    knowledge_->jobs[id] = job;
    for (auto it = knowledge_->jobs.begin(); it != knowledge_->jobs.end();) {
      if (it->second->done) {
        finished.push_back(it->second);
        it = knowledge_->jobs.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (auto& f : finished) {
    if (f->thread.joinable()) f->thread.join();
    if (f->reporter.joinable()) f->reporter.join();
  }
  Job* j = job.get();
  if (db_.ConcurrentWriters()) {
    // Progress, heartbeat and cancel requests go through the row while the import's transaction is
    // open (PostgreSQL only: SQLite has one writer at a time, so there the row changes at the end).
    job->reporter = std::thread([this, j]() {
      auto conn = db_.Connect();
      while (conn && !j->done) {
        auto asked = (*conn)->Query(
            "UPDATE jobs SET rows = ?, bytes = ?, heartbeat = ? WHERE id = ? AND state = 'running' "
            "RETURNING cancel_requested",
            {j->control.rows.load(), j->control.bytes.load(), clock_.NowSeconds(), j->id});
        if (asked && !asked->empty() && (*asked)[0].Int(0)) j->control.cancel = true;
        for (int i = 0; i < 5 && !j->done; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    });
  }
  job->thread = std::thread([this, j, actor, flow, scope_kind, scope_code, bytes = std::move(bytes), file]() {
    auto r = ImportFlow(actor, flow, scope_kind, scope_code, bytes, false, file, j->control);
    std::string state;
    json result, error;
    if (r) {
      state = "succeeded";
      result = r.value();
    } else {
      state = j->control.cancel ? "cancelled" : "failed";
      error = ErrorJson(r.error(), j->control);
    }
    json scope;
    if (r) {
      for (auto& s : result["submissions"]) scope = s["scope"];
    }
    // The end is written before the job stops being live here, so a reader never sees less.
    for (int attempt = 0; attempt < 50; ++attempt) {
      auto conn = db_.Connect();
      if (conn) {
        auto w = (*conn)->Exec(
            "UPDATE jobs SET state = ?, rows = ?, bytes = ?, result = ?, error = ?, finished_at = ?, heartbeat = ?, "
            "scope = COALESCE(?, scope) WHERE id = ?",
            {state, j->control.rows.load(), j->control.bytes.load(),
             result.is_null() ? storage::Value{} : storage::Value{result.dump()},
             error.is_null() ? storage::Value{} : storage::Value{error.dump()}, clock_.NowIso(), clock_.NowSeconds(),
             scope.is_null() ? storage::Value{} : storage::Value{scope.dump()}, j->id});
        if (w) break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    j->done = true;
  });
  return ReadJob(id, job.get());
}

Result<json> App::ReadJob(std::int64_t id, const Job* live, const Actor* reader) {
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(auto rows, conn->Query(std::string("SELECT ") + kJobColumns + " FROM jobs WHERE id = ?", {id}));
  // A job is seen by the user who started it (and the system): to anyone else it does not exist.
  if (rows.empty() || (reader && !reader->system && rows[0].Int(1) != reader->user_id))
    return detail::NotFound("Operazione", std::to_string(id));
  // A job whose process stopped beating (it ended without writing the end) is interrupted.
  if (!live && rows[0].Text(2) == "running" && db_.ConcurrentWriters() &&
      rows[0].Int(14) < clock_.NowSeconds() - kJobTimeoutSeconds) {
    PDZ_TRY(conn->Exec("UPDATE jobs SET state = 'interrupted', finished_at = ? WHERE id = ? AND state = 'running'",
                       {clock_.NowIso(), id}));
    PDZ_ASSIGN(rows, conn->Query(std::string("SELECT ") + kJobColumns + " FROM jobs WHERE id = ?", {id}));
  }
  return JobJson(rows[0], live);
}

Result<void> App::MarkInterruptedJobs() {
  // At start-up: jobs of stopped processes (no heartbeat for a while) will never end.
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_TRY(
      conn->Exec("UPDATE jobs SET state = 'interrupted', finished_at = ? WHERE state = 'running' AND heartbeat < ? AND "
                 "process <> ?",
                 {clock_.NowIso(), clock_.NowSeconds() - kJobTimeoutSeconds, knowledge_->process}));
  return Ok();
}

std::shared_ptr<Job> App::LocalJob(std::int64_t id) {
  std::lock_guard lock(knowledge_->jobs_mutex);
  auto it = knowledge_->jobs.find(id);
  return it == knowledge_->jobs.end() ? nullptr : it->second;
}

Result<json> App::GetJob(const Actor& actor, std::int64_t id) {
  if (actor.anonymous()) return MakeError(ErrorCode::kUnauthenticated, "Accesso richiesto.");
  auto live = LocalJob(id);
  return ReadJob(id, live.get(), &actor);
}

Result<json> App::CancelJob(const Actor& actor, std::int64_t id) {
  if (actor.anonymous()) return MakeError(ErrorCode::kUnauthenticated, "Accesso richiesto.");
  PDZ_TRY(ReadJob(id, nullptr, &actor));  // exists, and is the actor's
  if (auto live = LocalJob(id)) {
    live->control.cancel = true;
    // The thread writes the end; joining here would race with Start's clean-up, so wait for `done`.
    while (!live->done) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    return ReadJob(id, nullptr);
  }
  // Run by another process: ask through the row and wait (a while) for that process to stop it.
  {
    PDZ_ASSIGN(auto conn, db_.Connect());
    PDZ_TRY(conn->Exec("UPDATE jobs SET cancel_requested = 1 WHERE id = ? AND state = 'running'", {id}));
  }
  for (int i = 0; i < 300; ++i) {
    PDZ_ASSIGN(json j, ReadJob(id, nullptr));
    if (j["state"] != "running") return j;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return ReadJob(id, nullptr);
}

Result<json> App::ListSubmissions(const Actor& actor, const std::string& flow, const std::string& scope_kind,
                                  const std::string& scope_code, std::optional<int> year, bool history) {
  (void)actor;  // who sent what, when: public, like the debito informativo
  PDZ_ASSIGN(auto conn, db_.Connect());
  std::string sql =
      "SELECT id, flow, scope_kind, scope_code, year, version, current, rows, sha256, file, submitted_by, submitted_at "
      "FROM flow_submissions WHERE sha256 <> ''";
  storage::Params p;
  if (!flow.empty()) {
    sql += " AND flow = ?";
    p.push_back(flow);
  }
  if (!scope_kind.empty()) {
    sql += " AND scope_kind = ?";
    p.push_back(scope_kind);
  }
  if (!scope_code.empty()) {
    sql += " AND scope_code = ?";
    p.push_back(scope_code);
  }
  if (year) {
    sql += " AND year = ?";
    p.push_back(static_cast<std::int64_t>(*year));
  }
  if (!history) sql += " AND current = 1";
  sql += " ORDER BY id DESC LIMIT 500";
  PDZ_ASSIGN(auto rows, conn->Query(sql, p));
  json out = json::array();
  for (const auto& r : rows) {
    out.push_back({{"id", r.Int(0)},
                   {"flow", r.Text(1)},
                   {"scope", {{"kind", r.Text(2)}, {"code", r.Text(3)}, {"name", r.Text(3)}}},
                   {"year", r.Int(4)},
                   {"version", r.Int(5)},
                   {"current", r.Int(6) == 1},
                   {"rows", r.Int(7)},
                   {"sha256", r.Text(8)},
                   {"file", r.Text(9)},
                   {"submitted_by", r.Text(10)},
                   {"submitted_at", r.Text(11)},
                   {"unchanged", false}});
  }
  return json{{"submissions", out}};
}

namespace {

struct Obligation {
  core::FlowObligationRule rule;
  Date due;
};

// The ruleset of the region whose period covers the data year (else the latest before it).
Result<std::vector<Obligation>> ObligationsFor(storage::Connection& conn, const std::string& region, int year) {
  PDZ_ASSIGN(auto rows, conn.Query("SELECT code, max(period_from) AS p FROM rulesets WHERE region_code = ? "
                                   "GROUP BY code ORDER BY p DESC",
                                   {region}));
  std::string code;
  for (const auto& r : rows) {
    if (std::atoi(r.Text(1).substr(0, 4).c_str()) <= year) {
      code = r.Text(0);
      break;
    }
  }
  if (code.empty() && !rows.empty()) code = rows.back().Text(0);
  std::vector<Obligation> out;
  if (code.empty()) return out;
  PDZ_ASSIGN(auto rs, detail::LoadRuleset(conn, code));
  if (!rs) return out;
  for (const auto& f : rs->information_flows) {
    auto due = Date::FromYmd(year + f.year_lag, f.due_month, f.due_day);
    if (due) out.push_back({f, *due});
  }
  return out;
}

json ObligationJson(const Obligation& o, const json& entity, const std::optional<storage::Row>& sub, Date today) {
  const kn::FlowDef* f = kn::FindFlow(o.rule.flow);
  json j = {{"flow", o.rule.flow},
            {"flow_name", f ? f->name : o.rule.flow},
            {"owed_by", o.rule.owed_by},
            {"entity", entity},
            {"due", o.due.ToString()},
            {"act", o.rule.act + (o.rule.due_source.empty() ? "" : " (scadenza: " + o.rule.due_source + ")")},
            {"submission", nullptr}};
  if (sub) {
    Date at = Date::Parse(sub->Text(11).substr(0, 10)).value_or(today);
    long late = at.ToDays() - o.due.ToDays();
    j["state"] = late > 0 ? "submitted_late" : "submitted_on_time";
    j["days"] = late > 0 ? late : 0;
    j["submission"] = {{"id", sub->Int(0)},
                       {"flow", sub->Text(1)},
                       {"scope", {{"kind", sub->Text(2)}, {"code", sub->Text(3)}, {"name", sub->Text(3)}}},
                       {"year", sub->Int(4)},
                       {"version", sub->Int(5)},
                       {"current", true},
                       {"rows", sub->Int(7)},
                       {"sha256", sub->Text(8)},
                       {"file", sub->Text(9)},
                       {"submitted_by", sub->Text(10)},
                       {"submitted_at", sub->Text(11)},
                       {"unchanged", false}};
  } else {
    long left = o.due.ToDays() - today.ToDays();
    j["state"] = left < 0 ? "overdue" : "due";
    j["days"] = left < 0 ? -left : left;
  }
  return j;
}

}  // namespace

Result<json> App::AmbitoDebito(const Actor& actor, const std::string& ambito, int year) {
  (void)actor;
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(Scope scope, ResolveScope(*conn, "ambito", ambito));
  PDZ_ASSIGN(auto obligations, ObligationsFor(*conn, scope.place.region, year));
  std::string y0 = std::to_string(year) + "-12-31", y1 = std::to_string(year) + "-01-01";
  PDZ_ASSIGN(auto comuni,
             conn->Query("SELECT c.istat_code, c.name FROM memberships m JOIN comuni c ON c.istat_code = "
                         "m.istat_code WHERE m.ambito_code = ? AND m.valid_from <= ? AND (m.valid_to IS NULL "
                         "OR m.valid_to >= ?) ORDER BY c.name",
                         {ambito, y0, y1}));
  Date today = clock_.Today();
  json list = json::array();
  std::int64_t owed = 0, submitted = 0, overdue = 0;
  const std::string cols =
      "s.id, s.flow, s.scope_kind, s.scope_code, s.year, s.version, s.current, s.rows, s.sha256, s.file, "
      "s.submitted_by, "
      "s.submitted_at";
  for (const auto& o : obligations) {
    auto add = [&](const json& entity, Result<storage::Rows> found) -> Result<void> {
      PDZ_ASSIGN(auto rows, std::move(found));
      std::optional<storage::Row> sub;
      if (!rows.empty()) sub = rows[0];
      json j = ObligationJson(o, entity, sub, today);
      ++owed;
      if (sub) ++submitted;
      if (j["state"] == "overdue") ++overdue;
      list.push_back(j);
      return Ok();
    };
    if (o.rule.owed_by == "ambito") {
      PDZ_TRY(add({{"kind", "ambito"}, {"code", ambito}, {"name", scope.name}},
                  conn->Query("SELECT " + cols +
                                  " FROM flow_submissions s WHERE s.flow = ? AND s.year = ? AND s.current = 1 "
                                  "AND s.scope_kind = 'ambito' AND s.scope_code = ? ORDER BY s.id LIMIT 1",
                              {o.rule.flow, static_cast<std::int64_t>(year), ambito})));
    } else {
      for (const auto& c : comuni) {
        PDZ_TRY(add({{"kind", "comune"}, {"code", c.Text(0)}, {"name", c.Text(1)}},
                    conn->Query("SELECT " + cols +
                                    " FROM flow_submissions s JOIN flow_coverage v ON v.submission_id = s.id "
                                    "WHERE s.flow = ? AND s.year = ? AND s.current = 1 AND v.istat_code = ? LIMIT 1",
                                {o.rule.flow, static_cast<std::int64_t>(year), c.Text(0)})));
      }
    }
  }
  double percent = owed ? 100.0 * static_cast<double>(submitted) / static_cast<double>(owed) : 100.0;
  return json{{"ambito", {{"kind", "ambito"}, {"code", ambito}, {"name", scope.name}}},
              {"year", year},
              {"obligations", list},
              {"owed", owed},
              {"submitted", submitted},
              {"percent", percent},
              {"overdue", overdue}};
}

Result<json> App::RegionDebito(const Actor& actor, const std::string& region, int year) {
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(Scope scope, ResolveScope(*conn, "region", region));
  std::string y0 = std::to_string(year) + "-12-31", y1 = std::to_string(year) + "-01-01";
  PDZ_ASSIGN(auto ambiti,
             conn->Query("SELECT code FROM ambiti WHERE region_code = ? AND valid_from <= ? AND (valid_to IS "
                         "NULL OR valid_to >= ?) ORDER BY name",
                         {region, y0, y1}));
  json rows = json::array();
  std::int64_t owed = 0, submitted = 0, overdue = 0;
  for (const auto& a : ambiti) {
    PDZ_ASSIGN(auto d, AmbitoDebito(actor, a.Text(0), year));
    owed += d["owed"].get<std::int64_t>();
    submitted += d["submitted"].get<std::int64_t>();
    overdue += d["overdue"].get<std::int64_t>();
    rows.push_back({{"ambito", d["ambito"]},
                    {"owed", d["owed"]},
                    {"submitted", d["submitted"]},
                    {"percent", d["percent"]},
                    {"overdue", d["overdue"]}});
  }
  double percent = owed ? 100.0 * static_cast<double>(submitted) / static_cast<double>(owed) : 100.0;
  return json{{"region", {{"kind", "region"}, {"code", region}, {"name", scope.name}}},
              {"year", year},
              {"ambiti", rows},
              {"owed", owed},
              {"submitted", submitted},
              {"percent", percent},
              {"overdue", overdue}};
}

}  // namespace pdz::app
