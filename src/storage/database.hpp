// The storage interface: connections that run portable SQL with `?` parameters, in transactions.
// Adapters (sqlite/, postgres/) implement it; only app/ calls it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/base/error.hpp"

namespace pdz::storage {

/// Binary bytes (a BLOB in SQLite, bytea in PostgreSQL).
struct Blob {
  std::string bytes;
};

/// A SQL value: NULL, integer, real, text or bytes.
using Value = std::variant<std::monostate, std::int64_t, double, std::string, Blob>;
using Params = std::vector<Value>;

/// One result row; columns by position, in SELECT order.
class Row {
 public:
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}
  size_t size() const { return values_.size(); }
  bool IsNull(size_t i) const;
  std::int64_t Int(size_t i) const;          // NULL -> 0
  double Real(size_t i) const;               // NULL -> 0
  std::string Text(size_t i) const;          // NULL -> ""; bytes as they are
  const std::string& Bytes(size_t i) const;  // a BLOB's bytes (or a text's)
  std::optional<std::string> OptText(size_t i) const;
  const Value& At(size_t i) const;

 private:
  std::vector<Value> values_;
};

using Rows = std::vector<Row>;

/// One connection. Not thread-safe: one thread uses it at a time.
class Connection {
 public:
  virtual ~Connection() = default;
  /// Runs a statement; returns the number of rows changed.
  virtual Result<std::int64_t> Exec(const std::string& sql, const Params& params = {}) = 0;
  /// Runs a query and returns all its rows.
  virtual Result<Rows> Query(const std::string& sql, const Params& params = {}) = 0;
  /// Runs a script of several statements without parameters (migrations).
  virtual Result<void> ExecScript(const std::string& sql) = 0;
  /// Starts a write transaction (takes the write lock at once).
  virtual Result<void> Begin() = 0;
  virtual Result<void> Commit() = 0;
  virtual Result<void> Rollback() = 0;
  /// "sqlite" or "postgresql".
  virtual std::string Backend() const = 0;
};

/// A database: hands out connections (pooled by the adapter).
class Database {
 public:
  virtual ~Database() = default;
  /// A connection for the caller's exclusive use, given back to the pool when destroyed.
  virtual Result<std::shared_ptr<Connection>> Connect() = 0;
  /// Writes a consistent copy of the whole database to `path` (online backup).
  virtual Result<void> Backup(const std::string& path) = 0;
  /// True when a statement outside a transaction may write while another connection holds a
  /// write transaction (PostgreSQL: row locks). False for SQLite: one writer at a time.
  virtual bool ConcurrentWriters() const { return false; }
};

/// Runs `body` in a transaction: commits when it returns a value, rolls back on an error.
template <typename F>
auto InTransaction(Connection& conn, F&& body) -> decltype(body()) {
  if (auto begun = conn.Begin(); !begun) return begun.take_error();
  auto result = body();
  if (!result) {
    (void)conn.Rollback();
    return result;
  }
  if (auto committed = conn.Commit(); !committed) {
    (void)conn.Rollback();
    return committed.take_error();
  }
  return result;
}

/// True for a postgresql:// or postgres:// URL (else the URL is a SQLite file path).
bool IsPostgresUrl(const std::string& url);

/// The URL without its password, for messages: postgresql://user:***@host/db.
std::string RedactedUrl(const std::string& url);

/// Opens the database named by `url`: a postgresql:// URL (PostgreSQL) or a file path (SQLite).
/// When `create`, creates the file or the PostgreSQL database if missing.
Result<std::unique_ptr<Database>> OpenDatabase(const std::string& url, bool create);

}  // namespace pdz::storage
