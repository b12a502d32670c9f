// Accounts: login, sessions and their expiry, throttling, users and roles.
#include <gtest/gtest.h>

#include "support/test_db.hpp"

namespace pdz::app {
namespace {

using testing::TestApp;

TEST(AuthApp, LoginGivesASessionWithCsrfToken) {
  TestApp t;
  auto login = t.app->Login("udp.rhodense", "demo");
  ASSERT_TRUE(login);
  EXPECT_EQ(login->token.size(), 64u);
  EXPECT_NE(login->token, login->csrf_token);
  auto session = t.app->Authenticate(login->token);
  ASSERT_TRUE(session);
  EXPECT_EQ(session->csrf_token, login->csrf_token);
  ASSERT_EQ(session->actor.grants.size(), 1u);
  EXPECT_EQ(session->actor.grants[0].scope_code, "rhodense");
}

TEST(AuthApp, WrongPasswordAndUnknownUserLookTheSame) {
  TestApp t;
  auto wrong = t.app->Login("udp.rhodense", "nope");
  auto unknown = t.app->Login("nobody", "demo");
  EXPECT_EQ(wrong.error().code, ErrorCode::kInvalidCredentials);
  EXPECT_EQ(unknown.error().code, ErrorCode::kInvalidCredentials);
  EXPECT_EQ(wrong.error().message, unknown.error().message);
}

TEST(AuthApp, ThrottlesAfterFiveFailuresForFifteenMinutes) {
  TestApp t;
  for (int i = 0; i < 5; ++i) EXPECT_EQ(t.app->Login("regione", "x").error().code, ErrorCode::kInvalidCredentials);
  EXPECT_EQ(t.app->Login("regione", "demo").error().code, ErrorCode::kTooManyAttempts);
  EXPECT_TRUE(t.app->Login("udp.rhodense", "demo"));  // another user is not locked
  t.clock.Advance(15 * 60 + 1);
  EXPECT_TRUE(t.app->Login("regione", "demo"));
}

TEST(AuthApp, SessionsExpireWhenIdleAndEndOnLogout) {
  TestApp t;
  auto login = t.app->Login("regione", "demo");
  t.clock.Advance(7 * 3600);
  EXPECT_TRUE(t.app->Authenticate(login->token));  // touches the session
  t.clock.Advance(7 * 3600);
  EXPECT_TRUE(t.app->Authenticate(login->token));
  t.clock.Advance(8 * 3600 + 1);
  EXPECT_EQ(t.app->Authenticate(login->token).error().code, ErrorCode::kUnauthenticated);
  auto again = t.app->Login("regione", "demo");
  ASSERT_TRUE(t.app->Logout(again->token));
  EXPECT_FALSE(t.app->Authenticate(again->token));
}

TEST(AuthApp, AdminCreatesUserAndGrantsRoleInItsRegionOnly) {
  TestApp t;
  Actor admin = t.As("regione");
  auto created = t.app->CreateUser(
      admin, json{{"username", "mario.rossi"}, {"display_name", "Mario Rossi"}, {"password", "segreta1"}});
  ASSERT_TRUE(created) << created.error().message;
  auto granted = t.app->GrantRole(admin, "mario.rossi",
                                  json{{"role", "viewer"}, {"scope", {{"kind", "ambito"}, {"code", "medio-olona"}}}});
  ASSERT_TRUE(granted) << granted.error().message;
  EXPECT_EQ((*granted)["roles"][0]["scope"]["name"], "Medio Olona");
  auto bad_scope = t.app->GrantRole(admin, "mario.rossi",
                                    json{{"role", "udp_editor"}, {"scope", {{"kind", "region"}, {"code", "03"}}}});
  EXPECT_EQ(bad_scope.error().code, ErrorCode::kValidationFailed);
  auto other_region =
      t.app->GrantRole(admin, "mario.rossi", json{{"role", "viewer"}, {"scope", {{"kind", "region"}, {"code", "18"}}}});
  EXPECT_EQ(other_region.error().code, ErrorCode::kForbidden);
  auto dup =
      t.app->CreateUser(admin, json{{"username", "mario.rossi"}, {"display_name", "Altro"}, {"password", "x1234"}});
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
  EXPECT_EQ(t.app->ListUsers(t.As("udp.rhodense"), {}).error().code, ErrorCode::kForbidden);
}

TEST(AuthApp, DeactivatedUserCannotLogIn) {
  TestApp t;
  auto login = t.app->Login("comune.rho", "demo");
  ASSERT_TRUE(t.app->PatchUser(t.As("regione"), "comune.rho", json{{"active", false}}));
  EXPECT_FALSE(t.app->Authenticate(login->token));
  EXPECT_EQ(t.app->Login("comune.rho", "demo").error().code, ErrorCode::kInvalidCredentials);
}

TEST(AuthApp, UserChangesOwnPasswordButNotActiveFlag) {
  TestApp t;
  Actor me = t.As("udp.medioolona");
  EXPECT_TRUE(t.app->PatchUser(me, "udp.medioolona", json{{"password", "nuova-password"}}));
  EXPECT_TRUE(t.app->Login("udp.medioolona", "nuova-password"));
  EXPECT_EQ(t.app->PatchUser(me, "udp.medioolona", json{{"active", true}}).error().code, ErrorCode::kForbidden);
  EXPECT_EQ(t.app->PatchUser(me, "udp.medioolona", json{{"display_name", "Io"}}).error().code, ErrorCode::kForbidden);
  EXPECT_EQ(t.app->PatchUser(me, "udp.rhodense", json{{"password", "x1234"}}).error().code, ErrorCode::kForbidden);
}

TEST(AuthApp, EveryWriteIsAudited) {
  TestApp t;
  Actor admin = t.As("regione");
  ASSERT_TRUE(t.app->PatchAmbito(admin, "medio-olona", json{{"version", 1}, {"name", "Medio Olona (ASC)"}}));
  auto audit = t.app->ListAudit(admin, "ambito", "medio-olona", {});
  ASSERT_TRUE(audit);
  ASSERT_EQ((*audit)["items"].size(), 1u);
  const auto& e = (*audit)["items"][0];
  EXPECT_EQ(e["actor"], "regione");
  EXPECT_EQ(e["action"], "update");
  EXPECT_EQ(e["before"]["name"], "Medio Olona");
  EXPECT_EQ(e["after"]["name"], "Medio Olona (ASC)");
}

}  // namespace
}  // namespace pdz::app
