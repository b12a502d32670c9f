// The storage contract: every backend runs these. SQLite always; PostgreSQL when PDZ_TEST_PG_FILE
// names a file holding a server's base URL (postgresql://user@host:port), as the `pg` ctest fixture
// writes it: then each test gets a fresh database on that server.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <random>
#include <thread>

#include "storage/database.hpp"
#include "storage/migrations/migrations.hpp"
#include "support/test_db.hpp"

namespace pdz::storage {
namespace {

/// The PostgreSQL server of this run ("" when none).
std::string PgBase() {
  const char* file = std::getenv("PDZ_TEST_PG_FILE");
  if (!file || !*file) return "";
  std::ifstream in(file);
  std::string url;
  std::getline(in, url);
  return url;
}

/// A new, unused database name or file for the backend.
std::string FreshUrl(const std::string& backend, const pdz::testing::TempDir& dir, const std::string& name) {
  if (backend == "sqlite") return dir.Path(name + ".db");
  static std::mt19937_64 rng{std::random_device{}()};
  return PgBase() + "/pdz_contract_" + name + "_" + std::to_string(rng() % 1000000000);
}

class StorageContract : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    url_ = FreshUrl(GetParam(), dir_, "contract");
    auto db = OpenDatabase(url_, true);
    ASSERT_TRUE(db) << db.error().message;
    db_ = std::move(db).value();
    auto conn = db_->Connect();
    ASSERT_TRUE(conn);
    conn_ = *conn;
    ASSERT_TRUE(conn_->ExecScript("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, n INTEGER)"));
  }
  pdz::testing::TempDir dir_;
  std::string url_;
  std::unique_ptr<Database> db_;
  std::shared_ptr<Connection> conn_;
};

TEST_P(StorageContract, BindsAndReadsEveryValueKind) {
  ASSERT_TRUE(conn_->Exec("INSERT INTO t (name, n) VALUES (?, ?)", {std::string("àèì"), std::int64_t{-5}}));
  ASSERT_TRUE(conn_->Exec("INSERT INTO t (name, n) VALUES (?, ?)", {std::string("nullo"), Value{}}));
  auto rows = conn_->Query("SELECT name, n FROM t ORDER BY id");
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].Text(0), "àèì");
  EXPECT_EQ((*rows)[0].Int(1), -5);
  EXPECT_TRUE((*rows)[1].IsNull(1));
}

TEST_P(StorageContract, RollbackLeavesNothing) {
  auto r = InTransaction(*conn_, [&]() -> Result<int> {
    PDZ_TRY(conn_->Exec("INSERT INTO t (name) VALUES ('a')"));
    return MakeError(ErrorCode::kValidationFailed, "stop");
  });
  EXPECT_FALSE(r);
  EXPECT_EQ((*conn_->Query("SELECT count(*) FROM t"))[0].Int(0), 0);
}

TEST_P(StorageContract, ConstraintViolationIsAConflict) {
  ASSERT_TRUE(conn_->Exec("INSERT INTO t (name) VALUES ('a')"));
  auto dup = conn_->Exec("INSERT INTO t (name) VALUES ('a')");
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
}

TEST_P(StorageContract, ReturningGivesTheNewId) {
  auto rows = conn_->Query("INSERT INTO t (name) VALUES ('x') RETURNING id");
  ASSERT_TRUE(rows);
  EXPECT_GT((*rows)[0].Int(0), 0);
}

TEST_P(StorageContract, MigrationsAreIdempotentAndRefuseNewerSchemas) {
  auto v = Migrate(*conn_);
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_EQ(*v, LatestSchemaVersion());
  EXPECT_EQ(*Migrate(*conn_), LatestSchemaVersion());
  ASSERT_TRUE(conn_->Exec("INSERT INTO schema_version (version) VALUES (?)", {std::int64_t{LatestSchemaVersion() + 1}}));
  auto newer = Migrate(*conn_);
  ASSERT_FALSE(newer);
  EXPECT_NE(newer.error().message.find("più recente"), std::string::npos);
}

TEST_P(StorageContract, AuditLogIsAppendOnly) {
  ASSERT_TRUE(Migrate(*conn_));
  ASSERT_TRUE(conn_->Exec("INSERT INTO audit_log (at, actor, action, entity, entity_id) VALUES ('t', 'a', 'b', 'c', 'd')"));
  EXPECT_FALSE(conn_->Exec("UPDATE audit_log SET actor = 'x'"));
  EXPECT_FALSE(conn_->Exec("DELETE FROM audit_log"));
}

TEST_P(StorageContract, BackupIsAConsistentCopy) {
  // SQLite: the online backup; PostgreSQL: a verified copy into a new SQLite file.
  ASSERT_TRUE(conn_->ExecScript("DROP TABLE t"));  // only the schema's tables: a copy refuses others
  ASSERT_TRUE(Migrate(*conn_));
  ASSERT_TRUE(conn_->Exec("INSERT INTO regions (code, name) VALUES ('03', 'Lombardia')"));
  auto backed = db_->Backup(dir_.Path("copy.db"));
  ASSERT_TRUE(backed) << backed.error().message;
  auto copy = OpenDatabase(dir_.Path("copy.db"), false);
  ASSERT_TRUE(copy);
  auto rows = (*(*copy)->Connect())->Query("SELECT name FROM regions");
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].Text(0), "Lombardia");
}

TEST_P(StorageContract, OpeningAMissingDatabaseWithoutCreateFails) {
  auto db = OpenDatabase(FreshUrl(GetParam(), dir_, "missing"), false);
  ASSERT_FALSE(db);
  EXPECT_NE(db.error().message.find("pdz db init"), std::string::npos);
}

TEST_P(StorageContract, BytesRealsAndUnicodeRoundTrip) {
  ASSERT_TRUE(conn_->ExecScript("CREATE TABLE b (id INTEGER PRIMARY KEY, data BLOB NOT NULL, x REAL, s TEXT)"));
  std::string bytes;
  for (int i = 0; i < 70000; ++i) bytes.push_back(static_cast<char>(i * 7 % 256));  // NULs included
  ASSERT_TRUE(conn_->Exec("INSERT INTO b (data, x, s) VALUES (?, ?, ?)",
                          {Blob{bytes}, 0.1 + 0.2, std::string("perché € – 日本")}));
  auto rows = conn_->Query("SELECT data, x, s FROM b");
  ASSERT_TRUE(rows) << rows.error().message;
  EXPECT_EQ((*rows)[0].Bytes(0), bytes);
  EXPECT_EQ((*rows)[0].Real(1), 0.1 + 0.2);  // exactly: 17 significant digits each way
  EXPECT_EQ((*rows)[0].Text(2), "perché € – 日本");
}

TEST_P(StorageContract, AggregatesOfIntegersAreIntegers) {
  for (int i = 1; i <= 4; ++i)
    ASSERT_TRUE(conn_->Exec("INSERT INTO t (name, n) VALUES (?, ?)", {"r" + std::to_string(i), std::int64_t{i * 1000000000LL}}));
  auto rows = conn_->Query("SELECT sum(n), count(*), max(n), n > 0 FROM t GROUP BY n > 0");
  ASSERT_TRUE(rows) << rows.error().message;
  EXPECT_TRUE(std::holds_alternative<std::int64_t>((*rows)[0].At(0)));
  EXPECT_EQ((*rows)[0].Int(0), 10000000000LL);
  EXPECT_EQ((*rows)[0].Int(1), 4);
  EXPECT_EQ((*rows)[0].Int(2), 4000000000LL);
  EXPECT_EQ((*rows)[0].Int(3), 1);  // a comparison reads as 1/0 on both backends
}

TEST_P(StorageContract, TheSameStatementRunsAgainWithOtherParameters) {
  for (int i = 0; i < 50; ++i)
    ASSERT_TRUE(conn_->Exec("INSERT INTO t (name, n) VALUES (?, ?)", {"s" + std::to_string(i), std::int64_t{i}}));
  auto rows = conn_->Query("SELECT count(*) FROM t WHERE n >= ? AND name <> ?", {std::int64_t{25}, std::string("s30")});
  ASSERT_TRUE(rows);
  EXPECT_EQ((*rows)[0].Int(0), 24);
  auto literal = conn_->Query("SELECT count(*) FROM t WHERE name = 'what?' OR n = ?", {std::int64_t{3}});
  ASSERT_TRUE(literal) << literal.error().message;  // a '?' inside a literal is not a parameter
  EXPECT_EQ((*literal)[0].Int(0), 1);
}

TEST_P(StorageContract, ForeignKeysAreEnforced) {
  ASSERT_TRUE(conn_->ExecScript("CREATE TABLE child (id INTEGER PRIMARY KEY, t_id INTEGER NOT NULL REFERENCES t(id))"));
  auto bad = conn_->Exec("INSERT INTO child (t_id) VALUES (?)", {std::int64_t{999}});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kConflict);
}

TEST_P(StorageContract, AFailedStatementLeavesTheConnectionUsable) {
  ASSERT_FALSE(conn_->Exec("INSERT INTO nowhere VALUES (1)"));
  auto r = InTransaction(*conn_, [&]() -> Result<int> {
    PDZ_TRY(conn_->Exec("INSERT INTO t (name) VALUES ('a')"));
    PDZ_TRY(conn_->Exec("INSERT INTO t (name) VALUES ('a')"));  // fails: the whole transaction goes
    return 1;
  });
  EXPECT_FALSE(r);
  ASSERT_TRUE(conn_->Exec("INSERT INTO t (name) VALUES ('b')"));
  EXPECT_EQ((*conn_->Query("SELECT count(*) FROM t"))[0].Int(0), 1);
}

TEST_P(StorageContract, WriteTransactionsAreSerialized) {
  // Read-then-write increments from several connections at once lose nothing.
  ASSERT_TRUE(conn_->Exec("INSERT INTO t (name, n) VALUES ('counter', 0)"));
  constexpr int kThreads = 4, kEach = 25;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int k = 0; k < kThreads; ++k) {
    threads.emplace_back([&]() {
      auto c = db_->Connect();
      if (!c) {
        ++failures;
        return;
      }
      auto conn = *c;
      for (int i = 0; i < kEach; ++i) {
        auto r = InTransaction(*conn, [&]() -> Result<int> {
          PDZ_ASSIGN(auto rows, conn->Query("SELECT n FROM t WHERE name = 'counter'"));
          PDZ_TRY(conn->Exec("UPDATE t SET n = ? WHERE name = 'counter'", {rows[0].Int(0) + 1}));
          return 1;
        });
        if (!r) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ((*conn_->Query("SELECT n FROM t WHERE name = 'counter'"))[0].Int(0), kThreads * kEach);
}

std::vector<std::string> Backends() {
  if (!PgBase().empty()) return {"postgresql"};
  return {"sqlite"};
}

INSTANTIATE_TEST_SUITE_P(Backends, StorageContract, ::testing::ValuesIn(Backends()));

}  // namespace
}  // namespace pdz::storage
