// The SQLite adapter: WAL, foreign keys on, busy timeout, a small pool and a statement cache.
#pragma once

#include <memory>
#include <string>

#include "storage/database.hpp"

namespace pdz::storage::sqlite {

/// Opens (or, when `create`, creates) the SQLite database at `path`.
Result<std::unique_ptr<Database>> OpenSqlite(const std::string& path, bool create);

}  // namespace pdz::storage::sqlite
