// Ruleset files ("pdz-ruleset/1", JSON) and premialità facts files: parsing with errors that name
// file, line and field; unknown fields are refused.
#pragma once

#include <string>
#include <string_view>

#include "core/base/error.hpp"
#include "core/rules/premialita.hpp"
#include "core/rules/ruleset.hpp"

namespace pdz::io {

Result<core::Ruleset> ParseRulesetJson(std::string_view text, const std::string& file);

/// {"ambiti":[{"code","district"?,"ambito_distrettuale"?,"adp_signed_on"?,"objectives_reached"?:[…],
///   "flags"?:{…},"dates"?:{…}}],"policies"?:[{"code","title"?,"ambiti":[…]}]}
Result<core::PremialitaFacts> ParsePremialitaFacts(std::string_view text, const std::string& file);

}  // namespace pdz::io
