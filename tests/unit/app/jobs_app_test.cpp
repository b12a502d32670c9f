// Jobs are rows of the database: any process answers for any job, and a job whose process stopped
// is reported interrupted rather than running forever.
#include <gtest/gtest.h>

#include "support/test_db.hpp"

namespace pdz::app {
namespace {

using testing::TestApp;

/// A job row as another server process would have written it.
std::int64_t ForeignJob(TestApp& t, std::int64_t owner, std::int64_t heartbeat) {
  auto conn = *t.db->Connect();
  auto rows = conn->Query(
      "INSERT INTO jobs (kind, owner, state, flow, file, scope, total_bytes, started_at, heartbeat, process) "
      "VALUES ('flow_import', ?, 'running', 'spesa', 'spesa.csv', '{\"kind\":\"ambito\",\"code\":\"rhodense\"}', "
      "10, '2025-11-24T10:00:00Z', ?, 'altro-server:1:ab') RETURNING id",
      {owner, heartbeat});
  return (*rows)[0].Int(0);
}

TEST(JobsApp, AJobOfAnotherProcessIsReadFromItsRow) {
  TestApp t;
  auto actor = t.As("udp.rhodense");
  auto id = ForeignJob(t, actor.user_id, t.clock.NowSeconds());
  auto job = t.app->GetJob(actor, id);
  ASSERT_TRUE(job) << job.error().message;
  EXPECT_EQ((*job)["state"], "running");
  EXPECT_EQ((*job)["scope"]["code"], "rhodense");
  EXPECT_EQ((*job)["progress"]["total_bytes"], 10);
  // Another user does not see it.
  auto other = t.app->GetJob(t.As("udp.medioolona"), id);
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, ErrorCode::kNotFound);
}

TEST(JobsApp, AtStartRunningJobsOfSilentProcessesBecomeInterrupted) {
  TestApp t;
  auto actor = t.As("udp.rhodense");
  auto stale = ForeignJob(t, actor.user_id, t.clock.NowSeconds() - 600);
  auto alive = ForeignJob(t, actor.user_id, t.clock.NowSeconds() - 5);
  ASSERT_TRUE(t.app->MarkInterruptedJobs());
  EXPECT_EQ((*t.app->GetJob(actor, stale))["state"], "interrupted");
  EXPECT_TRUE((*t.app->GetJob(actor, stale)).contains("finished_at"));
  EXPECT_EQ((*t.app->GetJob(actor, alive))["state"], "running");
}

}  // namespace
}  // namespace pdz::app
