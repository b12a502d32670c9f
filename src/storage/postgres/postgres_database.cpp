// PostgreSQL adapter of the storage interface, on libpq.
#include "storage/postgres/postgres_database.hpp"

#include <libpq-fe.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "storage/copy.hpp"
#include "storage/postgres/dialect.hpp"
#include "storage/sqlite/sqlite_database.hpp"

namespace pdz::storage::postgres {
namespace {

// Type OIDs of the built-in types the results carry (pg_type.h).
constexpr Oid kBool = 16, kBytea = 17, kInt8 = 20, kInt2 = 21, kInt4 = 23, kOid = 26, kFloat4 = 700, kFloat8 = 701,
              kNumeric = 1700;

// Every write transaction takes this advisory lock first: writers are serialized across every
// connection and process, as SQLite's BEGIN IMMEDIATE does, so a read-check-write inside a
// transaction sees every earlier commit and no later one.
constexpr const char* kBeginWrite = "BEGIN; SELECT pg_advisory_xact_lock(7370001)";

// Prepared statements kept per connection; beyond this many the cache is cleared.
constexpr size_t kMaxPrepared = 2000;

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

/// The error of a failed result: constraint violations (SQLSTATE class 23) are conflicts.
Error ResultError(PGconn* conn, const PGresult* res, const std::string& what) {
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  std::string message = res ? PQresultErrorMessage(res) : "";
  if (message.empty()) message = PQerrorMessage(conn);
  ErrorCode code = ErrorCode::kStorage;
  if (state && std::strncmp(state, "23", 2) == 0) code = ErrorCode::kConflict;
  return MakeError(code, "Errore del database (" + what + "): " + Trim(message));
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return 0;
}

/// bytea in text output (hex format, "\x0a1b...") -> bytes.
std::string DecodeBytea(const char* text, int length) {
  if (length >= 2 && text[0] == '\\' && text[1] == 'x') {
    std::string out;
    out.resize(static_cast<size_t>((length - 2) / 2));
    for (size_t i = 0; i < out.size(); ++i)
      out[i] = static_cast<char>(HexValue(text[2 + 2 * i]) * 16 + HexValue(text[3 + 2 * i]));
    return out;
  }
  size_t n = 0;
  unsigned char* raw = PQunescapeBytea(reinterpret_cast<const unsigned char*>(text), &n);
  std::string out(reinterpret_cast<const char*>(raw), n);
  PQfreemem(raw);
  return out;
}

Value ReadValue(const PGresult* res, int row, int col, Oid type) {
  if (PQgetisnull(res, row, col)) return std::monostate{};
  const char* text = PQgetvalue(res, row, col);
  int length = PQgetlength(res, row, col);
  switch (type) {
    case kBool:
      return std::int64_t{text[0] == 't' ? 1 : 0};
    case kInt2:
    case kInt4:
    case kInt8:
    case kOid:
      return static_cast<std::int64_t>(std::strtoll(text, nullptr, 10));
    case kFloat4:
    case kFloat8:
      return std::strtod(text, nullptr);
    case kNumeric: {
      // sum() and avg() of integers answer numeric: integral values stay integers, as in SQLite.
      if (std::strpbrk(text, ".eEN") == nullptr && length < 19) {
        return static_cast<std::int64_t>(std::strtoll(text, nullptr, 10));
      }
      return std::strtod(text, nullptr);
    }
    case kBytea:
      return Blob{DecodeBytea(text, length)};
    default:
      return std::string(text, static_cast<size_t>(length));
  }
}

class PostgresConnection final : public Connection {
 public:
  explicit PostgresConnection(PGconn* conn) : conn_(conn) {}
  ~PostgresConnection() override { PQfinish(conn_); }

  bool Healthy() const { return PQstatus(conn_) == CONNECTION_OK && PQtransactionStatus(conn_) == PQTRANS_IDLE; }

  Result<std::int64_t> Exec(const std::string& sql, const Params& params) override {
    PDZ_ASSIGN(auto res, Run(sql, params));
    const char* n = PQcmdTuples(res.get());
    return static_cast<std::int64_t>(n && *n ? std::strtoll(n, nullptr, 10) : 0);
  }

  Result<Rows> Query(const std::string& sql, const Params& params) override {
    PDZ_ASSIGN(auto res, Run(sql, params));
    PGresult* r = res.get();
    int nrows = PQntuples(r), ncols = PQnfields(r);
    std::vector<Oid> types(static_cast<size_t>(ncols));
    for (int c = 0; c < ncols; ++c) types[static_cast<size_t>(c)] = PQftype(r, c);
    Rows rows;
    rows.reserve(static_cast<size_t>(nrows));
    for (int i = 0; i < nrows; ++i) {
      std::vector<Value> values;
      values.reserve(static_cast<size_t>(ncols));
      for (int c = 0; c < ncols; ++c) values.push_back(ReadValue(r, i, c, types[static_cast<size_t>(c)]));
      rows.emplace_back(std::move(values));
    }
    return rows;
  }

  Result<void> ExecScript(const std::string& sql) override {
    PDZ_ASSIGN(auto translated, TranslateScript(sql));
    return Simple(translated, "script");
  }

  Result<void> Begin() override { return Simple(kBeginWrite, "BEGIN"); }
  Result<void> Commit() override { return Simple("COMMIT", "COMMIT"); }
  Result<void> Rollback() override { return Simple("ROLLBACK", "ROLLBACK"); }
  std::string Backend() const override { return "postgresql"; }

 private:
  Result<void> Simple(const std::string& sql, const std::string& what) {
    ResultPtr res(PQexec(conn_, sql.c_str()));
    auto status = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) return ResultError(conn_, res.get(), what);
    return Ok();
  }

  Result<ResultPtr> Run(const std::string& sql, const Params& params) {
    PDZ_ASSIGN(const std::string* name, Prepare(sql, params.size()));
    std::vector<std::string> texts(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    std::vector<int> lengths(params.size(), 0), formats(params.size(), 0);
    for (size_t i = 0; i < params.size(); ++i) {
      const auto& v = params[i];
      if (std::holds_alternative<std::monostate>(v)) continue;
      if (auto p = std::get_if<std::int64_t>(&v)) {
        texts[i] = std::to_string(*p);
      } else if (auto p = std::get_if<double>(&v)) {
        if (std::isnan(*p)) {
          texts[i] = "NaN";
        } else if (std::isinf(*p)) {
          texts[i] = *p > 0 ? "Infinity" : "-Infinity";
        } else {
          char buf[32];
          std::snprintf(buf, sizeof buf, "%.17g", *p);
          texts[i] = buf;
        }
      } else if (auto p = std::get_if<Blob>(&v)) {
        values[i] = p->bytes.data();
        lengths[i] = static_cast<int>(p->bytes.size());
        formats[i] = 1;  // binary: the bytes as they are
        continue;
      } else {
        const auto& text = std::get<std::string>(v);
        if (text.find('\0') != std::string::npos) {
          // Text cannot hold a NUL byte (libpq would cut it there): such a value is bytes.
          values[i] = text.data();
          lengths[i] = static_cast<int>(text.size());
          formats[i] = 1;
          continue;
        }
        texts[i] = text;
      }
      values[i] = texts[i].c_str();
      lengths[i] = static_cast<int>(texts[i].size());
    }
    ResultPtr res(PQexecPrepared(conn_, name->c_str(), static_cast<int>(params.size()), values.data(), lengths.data(),
                                 formats.data(), 0));
    auto status = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      return ResultError(conn_, res.get(), sql.substr(0, 60));
    }
    return res;
  }

  /// The name of the prepared statement for `sql`, preparing it on first use. Parameter types are
  /// left to the server (inferred from where each `?` stands), but bytes are declared bytea.
  Result<const std::string*> Prepare(const std::string& sql, size_t nparams) {
    auto it = prepared_.find(sql);
    if (it != prepared_.end()) return &it->second;
    if (prepared_.size() >= kMaxPrepared) {
      PDZ_TRY(Simple("DEALLOCATE ALL", "DEALLOCATE"));
      prepared_.clear();
    }
    std::string name = "pdz" + std::to_string(++next_statement_);
    std::string translated = TranslateStatement(sql);
    ResultPtr res(PQprepare(conn_, name.c_str(), translated.c_str(), 0, nullptr));
    (void)nparams;
    if (!res || PQresultStatus(res.get()) != PGRES_COMMAND_OK) {
      return ResultError(conn_, res.get(), "prepare: " + sql.substr(0, 80));
    }
    auto [pos, _] = prepared_.emplace(sql, std::move(name));
    return &pos->second;
  }

  PGconn* conn_;
  std::unordered_map<std::string, std::string> prepared_;
  std::uint64_t next_statement_ = 0;
};

void IgnoreNotice(void*, const char*) {}

/// The URL's keywords (from libpq's own parser), with `dbname` replaced when given.
struct ConnInfo {
  std::vector<std::string> keys, values;
  std::string dbname;
};

Result<ConnInfo> Parse(const std::string& url) {
  char* err = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &err);
  if (!options) {
    std::string msg = err ? Trim(err) : "URL non valido";
    if (err) PQfreemem(err);
    return MakeError(ErrorCode::kBadRequest, "URL PostgreSQL non valido '" + RedactedUrl(url) + "': " + msg);
  }
  ConnInfo info;
  bool timeout = false;
  for (auto* o = options; o->keyword; ++o) {
    if (!o->val) continue;
    if (std::strcmp(o->keyword, "dbname") == 0) info.dbname = o->val;
    if (std::strcmp(o->keyword, "connect_timeout") == 0) timeout = true;
    info.keys.emplace_back(o->keyword);
    info.values.emplace_back(o->val);
  }
  PQconninfoFree(options);
  if (!timeout) {
    info.keys.emplace_back("connect_timeout");
    info.values.emplace_back("10");
  }
  info.keys.emplace_back("application_name");
  info.values.emplace_back("pdz");
  if (info.dbname.empty()) {
    return MakeError(ErrorCode::kBadRequest,
                     "L'URL PostgreSQL '" + RedactedUrl(url) +
                         "' non indica il database: usare postgresql://utente@host:porta/nome_database.");
  }
  return info;
}

PGconn* ConnectWith(const ConnInfo& info, const std::string& dbname) {
  std::vector<const char*> keys, values;
  for (size_t i = 0; i < info.keys.size(); ++i) {
    keys.push_back(info.keys[i].c_str());
    values.push_back(info.keys[i] == "dbname" ? dbname.c_str() : info.values[i].c_str());
  }
  keys.push_back(nullptr);
  values.push_back(nullptr);
  return PQconnectdbParams(keys.data(), values.data(), 0);
}

std::string QuoteIdent(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

class PostgresDatabase final : public Database {
 public:
  PostgresDatabase(std::string url, ConnInfo info) : url_(std::move(url)), info_(std::move(info)) {}

  Result<std::shared_ptr<Connection>> Connect() override {
    std::unique_ptr<PostgresConnection> conn;
    {
      std::lock_guard lock(mutex_);
      if (!idle_.empty()) {
        conn = std::move(idle_.back());
        idle_.pop_back();
      }
    }
    if (!conn) {
      PDZ_ASSIGN(conn, OpenConnection());
    }
    PostgresConnection* raw = conn.release();
    return std::shared_ptr<Connection>(raw, [this](Connection* c) {
      auto* pc = static_cast<PostgresConnection*>(c);
      std::lock_guard lock(mutex_);
      // A connection left broken or inside a transaction is not reused.
      if (pc->Healthy() && idle_.size() < kMaxIdle)
        idle_.emplace_back(pc);
      else
        delete pc;
    });
  }

  bool ConcurrentWriters() const override { return true; }

  /// A consistent copy into a new SQLite file, verified table by table (pg_dump is the other way).
  Result<void> Backup(const std::string& path) override {
    std::remove(path.c_str());
    PDZ_ASSIGN(auto target, sqlite::OpenSqlite(path, true));
    PDZ_TRY(CopyDatabase(*this, *target, {}));
    return Ok();
  }

  Result<std::unique_ptr<PostgresConnection>> OpenConnection() {
    PGconn* c = ConnectWith(info_, info_.dbname);
    if (PQstatus(c) != CONNECTION_OK) {
      std::string msg = Trim(PQerrorMessage(c));
      PQfinish(c);
      return MakeError(ErrorCode::kStorage,
                       "Impossibile connettersi al database PostgreSQL '" + RedactedUrl(url_) + "': " + msg);
    }
    PQsetNoticeProcessor(c, IgnoreNotice, nullptr);
    auto conn = std::make_unique<PostgresConnection>(c);
    PDZ_TRY(conn->ExecScript("SET client_encoding = 'UTF8'"));
    return conn;
  }

 private:
  static constexpr size_t kMaxIdle = 16;
  std::string url_;
  ConnInfo info_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<PostgresConnection>> idle_;
};

/// Creates the database from the server's maintenance database when it does not exist.
Result<void> EnsureDatabase(const std::string& url, const ConnInfo& info, bool create) {
  PGconn* c = ConnectWith(info, "postgres");
  if (PQstatus(c) != CONNECTION_OK) {
    std::string msg = Trim(PQerrorMessage(c));
    PQfinish(c);
    return MakeError(ErrorCode::kStorage, "Impossibile connettersi al server PostgreSQL di '" + RedactedUrl(url) +
                                              "' per creare il database: " + msg);
  }
  PQsetNoticeProcessor(c, IgnoreNotice, nullptr);
  const char* values[] = {info.dbname.c_str()};
  ResultPtr found(
      PQexecParams(c, "SELECT 1 FROM pg_database WHERE datname = $1", 1, nullptr, values, nullptr, nullptr, 0));
  bool exists = found && PQresultStatus(found.get()) == PGRES_TUPLES_OK && PQntuples(found.get()) > 0;
  Result<void> result = Ok();
  if (!exists && !create) {
    result =
        MakeError(ErrorCode::kNotFound, "Il database PostgreSQL '" + RedactedUrl(url) +
                                            "' non esiste: crearlo con 'pdz db init --db " + RedactedUrl(url) + "'.");
  } else if (!exists) {
    std::string sql = "CREATE DATABASE " + QuoteIdent(info.dbname) +
                      " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'";
    ResultPtr made(PQexec(c, sql.c_str()));
    const char* state = made ? PQresultErrorField(made.get(), PG_DIAG_SQLSTATE) : nullptr;
    bool raced = state && std::strcmp(state, "42P04") == 0;  // created meanwhile by another process
    if (!raced && (!made || PQresultStatus(made.get()) != PGRES_COMMAND_OK)) {
      result = ResultError(c, made.get(), "CREATE DATABASE");
    }
  }
  PQfinish(c);
  return result;
}

}  // namespace

Result<std::unique_ptr<Database>> OpenPostgres(const std::string& url, bool create) {
  PDZ_ASSIGN(auto info, Parse(url));
  auto db = std::make_unique<PostgresDatabase>(url, info);
  auto first = db->OpenConnection();
  if (!first) {
    // The server answers but the database is missing: create it, or say how.
    PGconn* probe = ConnectWith(info, "postgres");
    bool server_up = PQstatus(probe) == CONNECTION_OK;
    PQfinish(probe);
    if (!server_up) return first.take_error();
    PDZ_TRY(EnsureDatabase(url, info, create));
    auto again = db->OpenConnection();
    if (!again) return again.take_error();
  }
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace pdz::storage::postgres
