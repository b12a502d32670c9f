// Test support: a fresh SQLite database in a temporary folder, and a store that fails the Nth write.
#pragma once

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>

#include "app/app.hpp"
#include "storage/database.hpp"

namespace pdz::testing {

/// A temporary folder removed at the end of the test.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  std::string Path(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

/// Wraps a database; after `Arm(n)` the n-th write (Exec) from now fails with a storage error.
class FaultyDatabase final : public storage::Database {
 public:
  explicit FaultyDatabase(storage::Database& inner) : inner_(inner) {}
  Result<std::shared_ptr<storage::Connection>> Connect() override;
  Result<void> Backup(const std::string& path) override { return inner_.Backup(path); }
  bool ConcurrentWriters() const override { return inner_.ConcurrentWriters(); }
  void Arm(int n) { countdown_ = n; }
  void Disarm() { countdown_ = -1; }
  bool Fired() const { return fired_; }
  /// Called by connections before each write: true when this one must fail.
  bool ShouldFail();

 private:
  storage::Database& inner_;
  std::atomic<int> countdown_{-1};
  std::atomic<bool> fired_{false};
};

/// A migrated database with the reference comuni and, when `demo`, the demo data; clock fixed.
struct TestApp {
  explicit TestApp(bool demo = true);
  TempDir dir;
  std::unique_ptr<storage::Database> db;
  std::unique_ptr<FaultyDatabase> faulty;
  app::FixedClock clock{1764000000};  // 2025-11-24
  std::unique_ptr<app::App> app;
  /// Logs in a demo user and returns their actor.
  app::Actor As(const std::string& username);
  /// Row counts of every table, to compare before and after a failed write.
  std::string Snapshot();
};

std::string ReadSourceFile(const std::string& relative);

}  // namespace pdz::testing
