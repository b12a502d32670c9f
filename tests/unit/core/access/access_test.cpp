// The access policy: scopes cover places; roles allow permissions.
#include "core/access/access.hpp"

#include <gtest/gtest.h>

namespace pdz::core {
namespace {

Place Rhodense() { return Place{"03", "ats-milano", "rhodense", {"015182", "015009"}}; }
Place MedioOlona() { return Place{"03", "ats-insubria", "medio-olona", {"012042"}}; }

}  // namespace

TEST(Access, UdpEditorEditsOnlyItsOwnAmbito) {
  std::vector<Grant> g = {{Role::kUdpEditor, ScopeKind::kAmbito, "rhodense"}};
  EXPECT_TRUE(Allows(g, Permission::kEditAmbito, Rhodense()));
  EXPECT_FALSE(Allows(g, Permission::kEditAmbito, MedioOlona()));
  EXPECT_FALSE(Allows(g, Permission::kReadPrivate, MedioOlona()));
  EXPECT_FALSE(Allows(g, Permission::kManageTerritory, Rhodense()));
}

TEST(Access, AtsOperatorReadsItsAgencyButEditsNothing) {
  std::vector<Grant> g = {{Role::kAtsOperator, ScopeKind::kAgency, "ats-milano"}};
  EXPECT_TRUE(Allows(g, Permission::kReadPrivate, Rhodense()));
  EXPECT_FALSE(Allows(g, Permission::kReadPrivate, MedioOlona()));
  EXPECT_FALSE(Allows(g, Permission::kEditAmbito, Rhodense()));
}

TEST(Access, RegionAdminCoversTheWholeRegionOnly) {
  std::vector<Grant> g = {{Role::kRegionAdmin, ScopeKind::kRegion, "03"}};
  EXPECT_TRUE(Allows(g, Permission::kManageTerritory, MedioOlona()));
  EXPECT_TRUE(Allows(g, Permission::kEditAmbito, Rhodense()));
  EXPECT_FALSE(Allows(g, Permission::kManageTerritory, Place{"18", "asp-cosenza", "x", {}}));
}

TEST(Access, ComuneReferentReadsItsAmbitoAndWritesNothing) {
  std::vector<Grant> g = {{Role::kComuneReferent, ScopeKind::kComune, "015182"}};
  EXPECT_TRUE(Allows(g, Permission::kReadPrivate, Rhodense()));
  EXPECT_FALSE(Allows(g, Permission::kEditAmbito, Rhodense()));
  EXPECT_FALSE(Allows(g, Permission::kReadPrivate, MedioOlona()));
}

TEST(Access, ThirdSectorCommentsButDoesNotEdit) {
  std::vector<Grant> g = {{Role::kThirdSector, ScopeKind::kAmbito, "medio-olona"}};
  EXPECT_TRUE(Allows(g, Permission::kComment, MedioOlona()));
  EXPECT_FALSE(Allows(g, Permission::kEditAmbito, MedioOlona()));
}

TEST(Access, NoGrantsAllowNothing) { EXPECT_FALSE(Allows({}, Permission::kReadPrivate, Rhodense())); }

TEST(Access, RolesAndScopesParse) {
  EXPECT_EQ(ParseRole("udp_editor"), Role::kUdpEditor);
  EXPECT_FALSE(ParseRole("root"));
  EXPECT_EQ(ParseScopeKind("comune"), ScopeKind::kComune);
  EXPECT_EQ(AllowedScopes(Role::kUdpEditor), std::vector<ScopeKind>{ScopeKind::kAmbito});
}

}  // namespace pdz::core
