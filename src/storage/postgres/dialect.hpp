// The PostgreSQL dialect of the project's SQL: the app and the migrations write one SQL (what both
// SQLite and PostgreSQL run, with `?` parameters and SQLite's type names); this file rewrites it.
#pragma once

#include <string>

#include "core/base/error.hpp"

namespace pdz::storage::postgres {

/// A statement with `?` parameters -> the same with `$1`, `$2`... (outside literals and comments).
std::string TranslateStatement(const std::string& sql);

/// A migration script -> PostgreSQL DDL: INTEGER -> BIGINT (SQLite integers are 64-bit), `INTEGER
/// PRIMARY KEY` -> an identity column, REAL -> DOUBLE PRECISION, BLOB -> BYTEA, foreign keys
/// DEFERRABLE (checked at the statement as in SQLite, deferrable for a whole-database copy), and
/// the one trigger form the migrations use (`BEFORE UPDATE|DELETE ... SELECT RAISE(ABORT, 'why')`,
/// a row that may not change) -> a trigger on a shared refusing function. Any other trigger is an
/// error naming it, so a migration cannot silently differ between backends.
Result<std::string> TranslateScript(const std::string& sql);

}  // namespace pdz::storage::postgres
