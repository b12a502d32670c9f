// The access policy: a table of what each role may do, applied to the place's ancestry.
#include "core/access/access.hpp"

#include <array>

#include "core/base/assert.hpp"

namespace pdz::core {
namespace {

struct RoleInfo {
  Role role;
  std::string_view code;
  std::string_view label;
};

constexpr std::array kRoles = {
    RoleInfo{Role::kRegionAdmin, "region_admin", "Amministratore regionale"},
    RoleInfo{Role::kAtsOperator, "ats_operator", "Operatore ATS/ASL"},
    RoleInfo{Role::kUdpEditor, "udp_editor", "Ufficio di Piano"},
    RoleInfo{Role::kComuneReferent, "comune_referent", "Referente comunale"},
    RoleInfo{Role::kThirdSector, "third_sector", "Terzo settore"},
    RoleInfo{Role::kViewer, "viewer", "Consultazione"},
};

struct ScopeInfo {
  ScopeKind kind;
  std::string_view code;
};

constexpr std::array kScopes = {
    ScopeInfo{ScopeKind::kRegion, "region"},
    ScopeInfo{ScopeKind::kAgency, "agency"},
    ScopeInfo{ScopeKind::kAmbito, "ambito"},
    ScopeInfo{ScopeKind::kComune, "comune"},
};

bool Covers(const Grant& g, const Place& p) {
  switch (g.scope_kind) {
    case ScopeKind::kRegion:
      return !p.region.empty() && g.scope_code == p.region;
    case ScopeKind::kAgency:
      return !p.agency.empty() && g.scope_code == p.agency;
    case ScopeKind::kAmbito:
      return !p.ambito.empty() && g.scope_code == p.ambito;
    case ScopeKind::kComune:
      return p.comuni.count(g.scope_code) > 0;
  }
  return false;
}

bool RoleMay(Role r, Permission perm) {
  switch (perm) {
    case Permission::kReadPrivate:
      return true;  // every role reads private data in its scope
    case Permission::kEditAmbito:
      return r == Role::kRegionAdmin || r == Role::kUdpEditor;
    case Permission::kManageTerritory:
      return r == Role::kRegionAdmin;
    case Permission::kManageUsers:
      return r == Role::kRegionAdmin;
    case Permission::kSubmitData:
      return r == Role::kRegionAdmin || r == Role::kUdpEditor || r == Role::kComuneReferent;
    case Permission::kComment:
      return r == Role::kRegionAdmin || r == Role::kUdpEditor || r == Role::kThirdSector || r == Role::kAtsOperator;
  }
  return false;
}

}  // namespace

std::string_view RoleCode(Role r) {
  for (const auto& i : kRoles)
    if (i.role == r) return i.code;
  PDZ_ASSERT(false, "unknown Role");
  return {};
}

std::string_view RoleLabel(Role r) {
  for (const auto& i : kRoles)
    if (i.role == r) return i.label;
  PDZ_ASSERT(false, "unknown Role");
  return {};
}

std::optional<Role> ParseRole(std::string_view code) {
  for (const auto& i : kRoles)
    if (i.code == code) return i.role;
  return std::nullopt;
}

std::string_view ScopeKindCode(ScopeKind k) {
  for (const auto& i : kScopes)
    if (i.kind == k) return i.code;
  PDZ_ASSERT(false, "unknown ScopeKind");
  return {};
}

std::optional<ScopeKind> ParseScopeKind(std::string_view code) {
  for (const auto& i : kScopes)
    if (i.code == code) return i.kind;
  return std::nullopt;
}

std::vector<ScopeKind> AllowedScopes(Role r) {
  switch (r) {
    case Role::kRegionAdmin:
      return {ScopeKind::kRegion};
    case Role::kAtsOperator:
      return {ScopeKind::kAgency};
    case Role::kUdpEditor:
      return {ScopeKind::kAmbito};
    case Role::kComuneReferent:
      return {ScopeKind::kComune};
    case Role::kThirdSector:
      return {ScopeKind::kAmbito};
    case Role::kViewer:
      return {ScopeKind::kRegion, ScopeKind::kAgency, ScopeKind::kAmbito};
  }
  return {};
}

const std::vector<Role>& AllRoles() {
  static const std::vector<Role> kAll = {Role::kRegionAdmin,    Role::kAtsOperator, Role::kUdpEditor,
                                         Role::kComuneReferent, Role::kThirdSector, Role::kViewer};
  return kAll;
}

bool Allows(const std::vector<Grant>& grants, Permission permission, const Place& place) {
  for (const auto& g : grants) {
    if (RoleMay(g.role, permission) && Covers(g, place)) return true;
  }
  return false;
}

}  // namespace pdz::core
