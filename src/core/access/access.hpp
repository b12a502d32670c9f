// Who may do what: roles scoped to a place in the territory, and the one policy that decides.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace pdz::core {

enum class Role { kRegionAdmin, kAtsOperator, kUdpEditor, kComuneReferent, kThirdSector, kViewer };
enum class ScopeKind { kRegion, kAgency, kAmbito, kComune };

std::string_view RoleCode(Role r);
std::string_view RoleLabel(Role r);  // Italian
std::optional<Role> ParseRole(std::string_view code);
std::string_view ScopeKindCode(ScopeKind k);
std::optional<ScopeKind> ParseScopeKind(std::string_view code);
/// The scope kinds a role may be granted on (a udp_editor only on an ambito, …).
std::vector<ScopeKind> AllowedScopes(Role r);
const std::vector<Role>& AllRoles();

/// A role held on one node of the territory.
struct Grant {
  Role role;
  ScopeKind scope_kind;
  std::string scope_code;
};

/// The node an action touches, with its ancestors: region > agency > ambito > its comuni.
struct Place {
  std::string region;
  std::string agency;
  std::string ambito;
  std::set<std::string> comuni;  // comuni of the ambito (any date), for comune referents
};

enum class Permission {
  kReadPrivate,      // an ambito's non-public data (audit, drafts)
  kEditAmbito,       // an ambito's capofila, Ufficio di Piano
  kManageTerritory,  // create, merge ambiti; move comuni
  kManageUsers,      // users and roles
  kComment,          // third-sector comments
  kSubmitData,       // data flows for a comune, an ambito or a Region
};

/// True when any grant allows `permission` on `place`. The only place this is decided.
bool Allows(const std::vector<Grant>& grants, Permission permission, const Place& place);

}  // namespace pdz::core
