// The storage contract: every backend runs these (SQLite always; PostgreSQL when PDZ_TEST_PG is set,
// once its adapter exists).
#include <gtest/gtest.h>

#include "storage/database.hpp"
#include "storage/migrations/migrations.hpp"
#include "support/test_db.hpp"

namespace pdz::storage {
namespace {

class StorageContract : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto db = OpenDatabase(dir_.Path("contract.db"), true);
    ASSERT_TRUE(db) << db.error().message;
    db_ = std::move(db).value();
    auto conn = db_->Connect();
    ASSERT_TRUE(conn);
    conn_ = *conn;
    ASSERT_TRUE(conn_->ExecScript("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, n INTEGER)"));
  }
  pdz::testing::TempDir dir_;
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
  ASSERT_TRUE(conn_->Exec("INSERT INTO t (name) VALUES ('kept')"));
  ASSERT_TRUE(db_->Backup(dir_.Path("copy.db")));
  auto copy = OpenDatabase(dir_.Path("copy.db"), false);
  ASSERT_TRUE(copy);
  auto rows = (*(*copy)->Connect())->Query("SELECT name FROM t");
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].Text(0), "kept");
}

TEST_P(StorageContract, OpeningAMissingFileWithoutCreateFails) {
  auto db = OpenDatabase(dir_.Path("missing.db"), false);
  ASSERT_FALSE(db);
  EXPECT_NE(db.error().message.find("pdz db init"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Backends, StorageContract, ::testing::Values("sqlite"));

}  // namespace
}  // namespace pdz::storage
