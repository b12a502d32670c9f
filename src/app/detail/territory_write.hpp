// Writing ambiti and memberships, shared by the edit use cases and the importers.
#pragma once

#include "app/app.hpp"
#include "io/territory_file.hpp"

namespace pdz::app::detail {

/// Checks the references of an ambito record (region, agency in region, district of agency, comuni
/// exist) and appends problems named by the record's path.
Result<void> CheckAmbitoReferences(storage::Connection& conn, const io::AmbitoRecord& rec, io::JsonProblems& problems);

/// Inserts the ambito row (no memberships).
Result<void> InsertAmbito(storage::Connection& conn, const io::AmbitoRecord& rec);

/// Adds a membership unless it would overlap another; an overlap becomes a problem at `field`.
Result<bool> AddMembershipChecked(storage::Connection& conn, const core::Membership& m, const std::string& field,
                                  io::JsonProblems& problems);

}  // namespace pdz::app::detail
