// A whole database copied to another, of either backend, and verified table by table.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace pdz::storage {

/// One table: its rows and an order-independent checksum of its contents (hex), which is the same
/// on both backends for the same rows.
struct TableSummary {
  std::string table;
  std::int64_t rows = 0;
  std::string checksum;
};

/// Every table of the schema but `schema_version`, sorted by name, with counts and checksums.
Result<std::vector<TableSummary>> Summarize(Connection& conn);

struct CopyOptions {
  bool force = false;  // empty a non-empty target first
  std::function<void(const std::string& table, std::int64_t rows)> progress;
};

/// Copies every row of `from` into `to` in one transaction of the target, reading `from` in one
/// transaction (writers wait, so the copy is consistent). The source must be at this binary's
/// schema version; the target is migrated to it and must be empty unless `force`. After the copy,
/// counts and checksums of every table are compared: any difference fails and rolls back.
Result<std::vector<TableSummary>> CopyDatabase(Database& from, Database& to, const CopyOptions& options);

}  // namespace pdz::storage
