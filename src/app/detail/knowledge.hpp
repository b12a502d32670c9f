// The knowledge system's state inside App: the computed snapshot (swapped whole, read without
// locks by requests), what it was computed from, and the import jobs.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "app/app.hpp"
#include "knowledge/catalogue.hpp"

namespace pdz::app {

struct Job {
  std::int64_t id = 0;
  std::int64_t owner = 0;  // user id (0: system)
  std::string flow, file, started_at, finished_at;
  json scope;
  App::ImportControl control;
  std::string state = "running";  // running | succeeded | failed | cancelled
  json result;
  json error;
  std::thread thread;
};

struct App::Knowledge {
  std::mutex snapshot_mutex;  // guards `snapshot` (the pointer, not what it points to)
  std::shared_ptr<const knowledge::Snapshot> snapshot;
  std::mutex refresh_mutex;                     // one refresh at a time
  std::map<int, std::int64_t> year_generation;  // generation each computed year reflects
  std::string geo_marker;                       // what the territory was when computed
  std::string reference_marker;                 // catalogue and code lists
  std::string territory_marker;                 // the newest audited write that is not an import

  std::mutex jobs_mutex;
  std::map<std::int64_t, std::shared_ptr<Job>> jobs;
  std::int64_t next_job = 1;

  std::shared_ptr<const knowledge::Snapshot> Current() {
    std::lock_guard lock(snapshot_mutex);
    return snapshot;
  }
  ~Knowledge();
};

namespace detail {
/// The code lists stored in the database.
Result<knowledge::CodeLists> LoadCodeLists(storage::Connection& conn);
}  // namespace detail

}  // namespace pdz::app
