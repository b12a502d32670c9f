// Whole-database copy between backends, verified by per-table counts and checksums.
#include "storage/copy.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

#include "storage/migrations/migrations.hpp"

namespace pdz::storage {
namespace {

constexpr std::int64_t kBatch = 500;

bool IsPg(Connection& conn) { return conn.Backend() == "postgresql"; }

Result<std::vector<std::string>> Tables(Connection& conn) {
  PDZ_ASSIGN(auto rows, conn.Query(IsPg(conn) ? "SELECT table_name FROM information_schema.tables WHERE table_schema = "
                                                "current_schema() AND table_type = 'BASE TABLE'"
                                              : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT "
                                                "LIKE 'sqlite_%'"));
  std::vector<std::string> out;
  for (const auto& r : rows)
    if (r.Text(0) != "schema_version") out.push_back(r.Text(0));
  std::sort(out.begin(), out.end());
  return out;
}

Result<std::vector<std::string>> Columns(Connection& conn, const std::string& table) {
  std::vector<std::string> out;
  if (IsPg(conn)) {
    PDZ_ASSIGN(auto rows, conn.Query("SELECT column_name FROM information_schema.columns WHERE table_schema = "
                                     "current_schema() AND table_name = ? ORDER BY ordinal_position",
                                     {table}));
    for (const auto& r : rows) out.push_back(r.Text(0));
  } else {
    PDZ_ASSIGN(auto rows, conn.Query("SELECT name FROM pragma_table_info(?) ORDER BY cid", {table}));
    for (const auto& r : rows) out.push_back(r.Text(0));
  }
  return out;
}

std::string Quote(const std::string& ident) { return "\"" + ident + "\""; }

std::string SelectAll(const std::string& table, const std::vector<std::string>& columns) {
  std::string sql = "SELECT ";
  for (size_t i = 0; i < columns.size(); ++i) sql += (i ? ", " : "") + Quote(columns[i]);
  sql += " FROM " + Quote(table) + " ORDER BY ";
  for (size_t i = 0; i < columns.size(); ++i) sql += (i ? ", " : "") + std::to_string(i + 1);
  return sql + " LIMIT ? OFFSET ?";
}

// FNV-1a, two seeds: a 128-bit hash per row; rows are summed (mod 2^64 each half), so the order in
// which a backend returns them does not matter.
struct RowHash {
  std::uint64_t a = 14695981039346656037ull, b = 1099511628211ull * 31;
  void Add(const char* p, size_t n) {
    for (size_t i = 0; i < n; ++i) {
      a = (a ^ static_cast<unsigned char>(p[i])) * 1099511628211ull;
      b = (b ^ static_cast<unsigned char>(p[i])) * 0x100000001b3ull + 0x9e3779b97f4a7c15ull;
    }
  }
  void Add(const std::string& s) { Add(s.data(), s.size()); }
  void Value(const storage::Value& v) {
    if (std::holds_alternative<std::monostate>(v)) {
      Add("n", 1);
    } else if (auto p = std::get_if<std::int64_t>(&v)) {
      Add("i" + std::to_string(*p) + ";");
    } else if (auto p = std::get_if<double>(&v)) {
      char buf[40];
      std::snprintf(buf, sizeof buf, "r%.17g;", *p);
      Add(buf);
    } else if (auto p = std::get_if<Blob>(&v)) {
      Add("b" + std::to_string(p->bytes.size()) + ":");
      Add(p->bytes);
    } else {
      const auto& s = std::get<std::string>(v);
      Add("t" + std::to_string(s.size()) + ":");
      Add(s);
    }
  }
};

Result<TableSummary> SummarizeTable(Connection& conn, const std::string& table) {
  PDZ_ASSIGN(auto columns, Columns(conn, table));
  TableSummary s{.table = table};
  std::uint64_t sum_a = 0, sum_b = 0;
  std::string sql = SelectAll(table, columns);
  for (std::int64_t offset = 0;; offset += kBatch) {
    PDZ_ASSIGN(auto rows, conn.Query(sql, {kBatch, offset}));
    for (const auto& r : rows) {
      RowHash h;
      for (size_t i = 0; i < r.size(); ++i) h.Value(r.At(i));
      sum_a += h.a;
      sum_b += h.b;
    }
    s.rows += static_cast<std::int64_t>(rows.size());
    if (static_cast<std::int64_t>(rows.size()) < kBatch) break;
  }
  char buf[40];
  std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(sum_a),
                static_cast<unsigned long long>(sum_b));
  s.checksum = buf;
  return s;
}

/// Empties every table of the target (the append-only triggers would refuse a DELETE).
Result<void> Empty(Connection& conn, const std::vector<std::string>& tables) {
  if (IsPg(conn)) {
    std::string sql = "TRUNCATE ";
    for (size_t i = 0; i < tables.size(); ++i) sql += (i ? ", " : "") + Quote(tables[i]);
    PDZ_TRY(conn.Exec(sql));
    return Ok();
  }
  PDZ_ASSIGN(auto triggers, conn.Query("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"));
  for (const auto& t : triggers) PDZ_TRY(conn.Exec("DROP TRIGGER " + Quote(t.Text(0))));
  for (const auto& table : tables) PDZ_TRY(conn.Exec("DELETE FROM " + Quote(table)));
  for (const auto& t : triggers) PDZ_TRY(conn.ExecScript(t.Text(1)));
  return Ok();
}

}  // namespace

Result<std::vector<TableSummary>> Summarize(Connection& conn) {
  PDZ_ASSIGN(auto tables, Tables(conn));
  std::vector<TableSummary> out;
  for (const auto& t : tables) {
    PDZ_ASSIGN(auto s, SummarizeTable(conn, t));
    out.push_back(std::move(s));
  }
  return out;
}

Result<std::vector<TableSummary>> CopyDatabase(Database& from, Database& to, const CopyOptions& options) {
  PDZ_ASSIGN(auto src, from.Connect());
  PDZ_ASSIGN(auto dst, to.Connect());
  PDZ_ASSIGN(int version, SchemaVersion(*src));
  if (version != LatestSchemaVersion()) {
    return MakeError(ErrorCode::kConflict,
                     "Il database di origine è alla versione di schema " + std::to_string(version) +
                         ", questo programma usa la " + std::to_string(LatestSchemaVersion()) +
                         (version < LatestSchemaVersion() ? ": eseguire prima 'pdz db migrate' sull'origine."
                                                          : ": aggiornare pdz."));
  }
  PDZ_TRY(Migrate(*dst));
  PDZ_ASSIGN(auto tables, Tables(*src));
  PDZ_ASSIGN(auto target_tables, Tables(*dst));
  if (tables != target_tables) {
    return MakeError(ErrorCode::kConflict, "Le tabelle di origine e destinazione non coincidono.");
  }
  if (!options.force) {
    const auto& seeded = SeededTables();
    for (const auto& t : tables) {
      if (std::find(seeded.begin(), seeded.end(), t) != seeded.end()) continue;
      PDZ_ASSIGN(auto n, dst->Query("SELECT count(*) FROM " + Quote(t)));
      if (n[0].Int(0) > 0) {
        return MakeError(ErrorCode::kConflict, "Il database di destinazione non è vuoto (la tabella '" + t + "' ha " +
                                                   std::to_string(n[0].Int(0)) +
                                                   " righe): usare --force per sostituirne il contenuto.");
      }
    }
  }

  // The source is read in one transaction: writers wait until the copy is done.
  PDZ_TRY(src->Begin());
  auto copied = InTransaction(*dst, [&]() -> Result<std::vector<TableSummary>> {
    PDZ_TRY(dst->Exec(IsPg(*dst) ? "SET CONSTRAINTS ALL DEFERRED" : "PRAGMA defer_foreign_keys = ON"));
    PDZ_TRY(Empty(*dst, tables));  // without --force only the migrations' own rows are there
    for (const auto& table : tables) {
      PDZ_ASSIGN(auto columns, Columns(*src, table));
      PDZ_ASSIGN(auto target_columns, Columns(*dst, table));
      if (columns != target_columns) {
        return MakeError(ErrorCode::kConflict, "Le colonne della tabella '" + table + "' non coincidono.");
      }
      std::string insert = "INSERT INTO " + Quote(table) + " (";
      std::string marks;
      for (size_t i = 0; i < columns.size(); ++i) {
        insert += (i ? ", " : "") + Quote(columns[i]);
        marks += i ? ", ?" : "?";
      }
      insert += ") VALUES (" + marks + ")";
      std::string select = SelectAll(table, columns);
      std::int64_t n = 0;
      for (std::int64_t offset = 0;; offset += kBatch) {
        PDZ_ASSIGN(auto rows, src->Query(select, {kBatch, offset}));
        for (const auto& r : rows) {
          Params values;
          values.reserve(r.size());
          for (size_t i = 0; i < r.size(); ++i) values.push_back(r.At(i));
          auto put = dst->Exec(insert, values);
          if (!put) {
            Error e = put.take_error();
            e.message = "Copia della tabella '" + table + "', riga " + std::to_string(n + 1) + ": " + e.message;
            return e;
          }
          ++n;
        }
        if (options.progress) options.progress(table, n);
        if (static_cast<std::int64_t>(rows.size()) < kBatch) break;
      }
      if (IsPg(*dst)) {
        // Identity columns continue after the copied ids.
        PDZ_ASSIGN(auto identity, dst->Query("SELECT column_name FROM information_schema.columns WHERE table_schema "
                                             "= current_schema() AND table_name = ? AND is_identity = 'YES'",
                                             {table}));
        for (const auto& c : identity) {
          PDZ_TRY(dst->Query("SELECT setval(pg_get_serial_sequence(?, ?), COALESCE(max(" + Quote(c.Text(0)) +
                                 "), 0) + 1, false) FROM " + Quote(table),
                             {table, c.Text(0)}));
        }
      }
    }
    // Verified before the commit: a difference rolls the whole copy back.
    PDZ_ASSIGN(auto source_summary, Summarize(*src));
    PDZ_ASSIGN(auto target_summary, Summarize(*dst));
    for (size_t i = 0; i < source_summary.size(); ++i) {
      const auto& a = source_summary[i];
      const auto& b = target_summary[i];
      if (a.rows != b.rows || a.checksum != b.checksum) {
        return MakeError(ErrorCode::kStorage, "Verifica della copia fallita per la tabella '" + a.table + "': " +
                                                  std::to_string(a.rows) + " righe (" + a.checksum + ") in origine, " +
                                                  std::to_string(b.rows) + " (" + b.checksum + ") in destinazione.");
      }
    }
    return source_summary;
  });
  (void)src->Rollback();
  return copied;
}

}  // namespace pdz::storage
