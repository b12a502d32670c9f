// Helpers shared by the governance use cases (governance.cpp, lifecycle.cpp). No other layer includes this.
#pragma once

#include <set>
#include <string>

#include "app/app.hpp"
#include "core/access/access.hpp"
#include "core/governance/lifecycle.hpp"
#include "io/json_fields.hpp"

namespace pdz::app::detail {

/// Lower-case hex SHA-256 of `bytes` (libsodium).
std::string Sha256Hex(const std::string& bytes);

/// The largest attached file (meeting files, evidence), decoded; its base64 stays under the API's body limit.
constexpr std::size_t kMaxFileBytes = 5 * 1024 * 1024;

/// The bytes of `body.content_base64` (required, not empty, at most kMaxFileBytes), read without the length
/// limit of ordinary texts; problems are added to `in` under "content_base64".
std::string ReadBase64File(const nlohmann::json& body, io::JsonFields& in);

/// In what capacities the actor takes part in the life of a plan of `place` (the system: all).
std::set<core::Capacity> CapacitiesOf(const Actor& actor, const core::Place& place);

}  // namespace pdz::app::detail
