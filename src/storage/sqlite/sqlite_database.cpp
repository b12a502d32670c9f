// SQLite adapter of the storage interface.
#include "storage/sqlite/sqlite_database.hpp"

#include <sqlite3.h>
#include <sys/stat.h>

#include <mutex>
#include <unordered_map>

namespace pdz::storage::sqlite {
namespace {

Error SqlError(sqlite3* db, const std::string& what) {
  return MakeError(ErrorCode::kStorage, "Errore del database (" + what + "): " + sqlite3_errmsg(db));
}

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }

  Result<std::int64_t> Exec(const std::string& sql, const Params& params) override {
    PDZ_ASSIGN(sqlite3_stmt * stmt, Prepare(sql, params));
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    }
    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE) return StepError(rc, sql);
    return static_cast<std::int64_t>(sqlite3_changes(db_));
  }

  Result<Rows> Query(const std::string& sql, const Params& params) override {
    PDZ_ASSIGN(sqlite3_stmt * stmt, Prepare(sql, params));
    Rows rows;
    int rc;
    int n = sqlite3_column_count(stmt);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      std::vector<Value> values;
      values.reserve(n);
      for (int i = 0; i < n; ++i) {
        switch (sqlite3_column_type(stmt, i)) {
          case SQLITE_INTEGER:
            values.emplace_back(static_cast<std::int64_t>(sqlite3_column_int64(stmt, i)));
            break;
          case SQLITE_FLOAT:
            values.emplace_back(sqlite3_column_double(stmt, i));
            break;
          case SQLITE_NULL:
            values.emplace_back(std::monostate{});
            break;
          case SQLITE_BLOB: {
            const auto* bytes = static_cast<const char*>(sqlite3_column_blob(stmt, i));
            values.emplace_back(Blob{std::string(bytes, sqlite3_column_bytes(stmt, i))});
            break;
          }
          default: {
            const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
            values.emplace_back(std::string(text, sqlite3_column_bytes(stmt, i)));
          }
        }
      }
      rows.emplace_back(std::move(values));
    }
    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE) return StepError(rc, sql);
    return rows;
  }

  Result<void> ExecScript(const std::string& sql) override {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : "?";
      sqlite3_free(err);
      return MakeError(ErrorCode::kStorage, "Errore del database: " + msg);
    }
    return Ok();
  }

  Result<void> Begin() override { return Simple("BEGIN IMMEDIATE"); }
  Result<void> Commit() override { return Simple("COMMIT"); }
  Result<void> Rollback() override { return Simple("ROLLBACK"); }
  std::string Backend() const override { return "sqlite"; }

 private:
  Result<void> Simple(const char* sql) {
    if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) return SqlError(db_, sql);
    return Ok();
  }

  Error StepError(int rc, const std::string& sql) {
    ErrorCode code = ErrorCode::kStorage;
    if ((rc & 0xff) == SQLITE_CONSTRAINT) code = ErrorCode::kConflict;
    Error e = SqlError(db_, sql.substr(0, 60));
    e.code = code;
    return e;
  }

  Result<sqlite3_stmt*> Prepare(const std::string& sql, const Params& params) {
    sqlite3_stmt* stmt = nullptr;
    auto it = cache_.find(sql);
    if (it != cache_.end()) {
      stmt = it->second;
      sqlite3_clear_bindings(stmt);
    } else {
      if (sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &stmt, nullptr) != SQLITE_OK) {
        return SqlError(db_, "prepare: " + sql.substr(0, 80));
      }
      cache_.emplace(sql, stmt);
    }
    for (size_t i = 0; i < params.size(); ++i) {
      int idx = static_cast<int>(i + 1);
      const auto& v = params[i];
      int rc = SQLITE_OK;
      if (std::holds_alternative<std::monostate>(v))
        rc = sqlite3_bind_null(stmt, idx);
      else if (auto p = std::get_if<std::int64_t>(&v))
        rc = sqlite3_bind_int64(stmt, idx, *p);
      else if (auto p = std::get_if<double>(&v))
        rc = sqlite3_bind_double(stmt, idx, *p);
      else if (auto p = std::get_if<Blob>(&v))
        rc = sqlite3_bind_blob64(stmt, idx, p->bytes.data(), p->bytes.size(), SQLITE_STATIC);
      else {
        const auto& s = std::get<std::string>(v);
        rc = sqlite3_bind_text(stmt, idx, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
      }
      if (rc != SQLITE_OK) return SqlError(db_, "bind");
    }
    return stmt;
  }

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

class SqliteDatabase final : public Database {
 public:
  explicit SqliteDatabase(std::string path) : path_(std::move(path)) {}

  Result<std::shared_ptr<Connection>> Connect() override {
    std::unique_ptr<Connection> conn;
    {
      std::lock_guard lock(mutex_);
      if (!idle_.empty()) {
        conn = std::move(idle_.back());
        idle_.pop_back();
      }
    }
    if (!conn) {
      PDZ_ASSIGN(conn, OpenConnection(false));
    }
    Connection* raw = conn.release();
    return std::shared_ptr<Connection>(raw, [this](Connection* c) {
      std::lock_guard lock(mutex_);
      if (idle_.size() < kMaxIdle)
        idle_.emplace_back(c);
      else
        delete c;
    });
  }

  Result<void> Backup(const std::string& path) override {
    sqlite3* dest = nullptr;
    if (sqlite3_open(path.c_str(), &dest) != SQLITE_OK) {
      Error e = SqlError(dest, "apertura di " + path);
      sqlite3_close(dest);
      return e;
    }
    sqlite3* source = nullptr;
    sqlite3_open_v2(path_.c_str(), &source, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_backup* b = sqlite3_backup_init(dest, "main", source, "main");
    if (!b) {
      Error e = SqlError(dest, "backup");
      sqlite3_close(source);
      sqlite3_close(dest);
      return e;
    }
    int rc = sqlite3_backup_step(b, -1);
    sqlite3_backup_finish(b);
    Result<void> result = Ok();
    if (rc != SQLITE_DONE) result = SqlError(dest, "backup");
    sqlite3_close(source);
    sqlite3_close(dest);
    return result;
  }

  Result<std::unique_ptr<Connection>> OpenConnection(bool create) {
    sqlite3* db = nullptr;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
    if (sqlite3_open_v2(path_.c_str(), &db, flags, nullptr) != SQLITE_OK) {
      std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
      sqlite3_close_v2(db);
      return MakeError(ErrorCode::kStorage, "Impossibile aprire il database '" + path_ + "': " + msg);
    }
    auto conn = std::make_unique<SqliteConnection>(db);
    sqlite3_busy_timeout(db, 10000);
    PDZ_TRY(conn->ExecScript("PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;"));
    return std::unique_ptr<Connection>(std::move(conn));
  }

 private:
  static constexpr size_t kMaxIdle = 8;
  std::string path_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace

Result<std::unique_ptr<Database>> OpenSqlite(const std::string& path, bool create) {
  struct stat st {};
  if (!create && stat(path.c_str(), &st) != 0) {
    return MakeError(ErrorCode::kNotFound,
                     "Il database '" + path + "' non esiste: crearlo con 'pdz db init --db " + path + "'.");
  }
  auto db = std::make_unique<SqliteDatabase>(path);
  PDZ_ASSIGN(auto first, db->OpenConnection(create));
  (void)first;
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace pdz::storage::sqlite
