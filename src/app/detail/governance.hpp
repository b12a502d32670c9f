// Helpers shared by the governance use cases (governance.cpp, lifecycle.cpp). No other layer includes this.
#pragma once

#include <set>
#include <string>

#include "app/app.hpp"
#include "core/access/access.hpp"
#include "core/governance/lifecycle.hpp"

namespace pdz::app::detail {

/// Lower-case hex SHA-256 of `bytes` (libsodium).
std::string Sha256Hex(const std::string& bytes);

/// In what capacities the actor takes part in the life of a plan of `place` (the system: all).
std::set<core::Capacity> CapacitiesOf(const Actor& actor, const core::Place& place);

}  // namespace pdz::app::detail
