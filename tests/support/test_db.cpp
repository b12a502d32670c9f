// Test support implementation.
#include "support/test_db.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

namespace pdz::testing {

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "pdz-unit-XXXXXX").string();
  PDZ_ASSERT(mkdtemp(tmpl.data()) != nullptr, "mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

namespace {

class FaultyConnection final : public storage::Connection {
 public:
  FaultyConnection(std::shared_ptr<storage::Connection> inner, FaultyDatabase& owner)
      : inner_(std::move(inner)), owner_(owner) {}
  Result<std::int64_t> Exec(const std::string& sql, const storage::Params& params) override {
    if (owner_.ShouldFail()) return MakeError(ErrorCode::kStorage, "injected fault on: " + sql.substr(0, 40));
    return inner_->Exec(sql, params);
  }
  Result<storage::Rows> Query(const std::string& sql, const storage::Params& params) override {
    if (sql.rfind("INSERT", 0) == 0 && owner_.ShouldFail()) return MakeError(ErrorCode::kStorage, "injected fault");
    return inner_->Query(sql, params);
  }
  Result<void> ExecScript(const std::string& sql) override { return inner_->ExecScript(sql); }
  Result<void> Begin() override { return inner_->Begin(); }
  Result<void> Commit() override { return inner_->Commit(); }
  Result<void> Rollback() override { return inner_->Rollback(); }
  std::string Backend() const override { return inner_->Backend(); }

 private:
  std::shared_ptr<storage::Connection> inner_;
  FaultyDatabase& owner_;
};

}  // namespace

bool FaultyDatabase::ShouldFail() {
  int n = countdown_.load();
  if (n < 0) return false;
  if (n <= 1) {
    countdown_ = -1;
    fired_ = true;
    return true;
  }
  countdown_ = n - 1;
  return false;
}

Result<std::shared_ptr<storage::Connection>> FaultyDatabase::Connect() {
  PDZ_ASSIGN(auto conn, inner_.Connect());
  return std::shared_ptr<storage::Connection>(std::make_shared<FaultyConnection>(std::move(conn), *this));
}

std::string ReadSourceFile(const std::string& relative) {
  std::ifstream f(std::string(PDZ_SOURCE_DIR) + "/" + relative, std::ios::binary);
  PDZ_ASSERT(f.good(), "missing source file");
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

TestApp::TestApp(bool demo) {
  auto opened = storage::OpenDatabase(dir.Path("pdz.db"), true);
  PDZ_ASSERT(opened.has_value(), "cannot open test database");
  db = std::move(opened).value();
  faulty = std::make_unique<FaultyDatabase>(*db);
  app = std::make_unique<app::App>(*faulty, clock);
  PDZ_ASSERT(app->Migrate().has_value(), "migration failed");
  auto reference = app->LoadReference(std::string(PDZ_SOURCE_DIR) + "/data");
  PDZ_ASSERT(reference.has_value(), "reference import failed");
  if (demo) {
    auto loaded = app->LoadDemo(std::string(PDZ_SOURCE_DIR) + "/data");
    PDZ_ASSERT(loaded.has_value(), "demo load failed");
  }
}

app::Actor TestApp::As(const std::string& username) {
  auto login = app->Login(username, "demo");
  PDZ_ASSERT(login.has_value(), "demo login failed");
  auto session = app->Authenticate(login->token);
  PDZ_ASSERT(session.has_value(), "demo session failed");
  return session->actor;
}

std::string TestApp::Snapshot() {
  auto conn = db->Connect();
  PDZ_ASSERT(conn.has_value(), "connect failed");
  std::string out;
  for (const char* table : {"regions", "provinces", "comuni", "populations", "agencies", "districts", "ambiti",
                            "memberships", "users", "role_grants", "audit_log", "plans", "plan_revisions"}) {
    auto rows = (*conn)->Query(std::string("SELECT count(*) FROM ") + table);
    out += std::string(table) + "=" + std::to_string((*rows)[0].Int(0)) + " ";
  }
  auto sums = (*conn)->Query(
      "SELECT group_concat(code || ':' || version || ':' || coalesce(valid_to, '-') || ':' || udp_email, ',') FROM ambiti");
  out += (*sums)[0].Text(0);
  auto ms = (*conn)->Query("SELECT group_concat(istat_code || ambito_code || coalesce(valid_to, '-'), ',') FROM memberships");
  out += (*ms)[0].Text(0);
  return out;
}

}  // namespace pdz::testing
