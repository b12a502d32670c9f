// The knowledge system's state inside App: the computed snapshot (swapped whole, read without
// locks by requests), what it was computed from, and the import jobs.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "app/app.hpp"
#include "knowledge/catalogue.hpp"

namespace pdz::app {

/// A job this process runs. What anyone reads about it is the `jobs` row (every process answers
/// for every job); the process running it adds the live progress.
struct Job {
  std::int64_t id = 0;
  App::ImportControl control;
  std::atomic<bool> done{false};
  std::thread thread;    // the import
  std::thread reporter;  // progress and cancel requests through the database
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
  std::map<std::int64_t, std::shared_ptr<Job>> jobs;  // run here: running, or done and not yet joined
  std::string process;                                // this process, as named in jobs.process

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
