// Versioned, forward-only schema migrations, embedded in the binary.
#pragma once

#include <string>
#include <vector>

#include "storage/database.hpp"

namespace pdz::storage {

/// The schema version this binary writes.
int LatestSchemaVersion();

/// Applies every migration newer than the database's version, each in its own transaction.
/// Refuses a database whose schema is newer than this binary. Returns the version reached.
Result<int> Migrate(Connection& conn);

/// Tables the migrations themselves fill (a fresh database has rows there and is still empty).
const std::vector<std::string>& SeededTables();

/// The database's schema version (0 for an empty database).
Result<int> SchemaVersion(Connection& conn);

}  // namespace pdz::storage
