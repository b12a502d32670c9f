// Account helpers shared by auth.cpp, users.cpp and demo.cpp.
#pragma once

#include "app/app.hpp"

namespace pdz::app::detail {

/// argon2id (libsodium's crypto_pwhash_str, interactive limits).
Result<std::string> HashPassword(const std::string& password);
bool VerifyPassword(const std::string& hash, const std::string& password);

Result<std::vector<core::Grant>> GrantsOf(storage::Connection& conn, std::int64_t user_id);
/// The "user" read model: username, display name, active, roles with scope names.
Result<json> UserDocument(storage::Connection& conn, std::int64_t user_id);
/// Inserts a user; conflict when the username exists.
Result<std::int64_t> InsertUser(storage::Connection& conn, const Clock& clock, const std::string& username,
                                const std::string& display_name, const std::string& password);
/// Checks the role, scope kind and that the scope node exists; returns the grant.
Result<core::Grant> ValidateGrant(storage::Connection& conn, const std::string& role, const std::string& kind,
                                  const std::string& code);
/// The place a grant's scope names, to check the granter covers it.
Result<core::Place> PlaceOfScope(storage::Connection& conn, const core::Grant& grant);

}  // namespace pdz::app::detail
