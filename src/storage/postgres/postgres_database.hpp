// The PostgreSQL adapter (libpq): a pool of connections, prepared statements per connection, the
// project's SQL rewritten by dialect.hpp, and write transactions serialized like SQLite's.
#pragma once

#include <memory>
#include <string>

#include "storage/database.hpp"

namespace pdz::storage::postgres {

/// Connects to the database named by `url` (a libpq URI). When `create` and the database does not
/// exist, creates it (UTF-8, C collation) from the server's `postgres` database.
Result<std::unique_ptr<Database>> OpenPostgres(const std::string& url, bool create);

}  // namespace pdz::storage::postgres
