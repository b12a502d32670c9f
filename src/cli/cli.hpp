// The pdz command line: serve, db, import, user, demo, routes.
#pragma once

#include "app/clock.hpp"

namespace pdz::cli {

/// Runs the pdz command; returns the process exit code (0 ok, 1 failure, 2 usage).
int Run(int argc, char** argv, const app::Clock& clock);

}  // namespace pdz::cli
