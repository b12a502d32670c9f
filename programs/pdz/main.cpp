// The pdz program: wires the system clock into the command line.
#include <chrono>

#include "app/clock.hpp"
#include "cli/cli.hpp"

namespace {

class SystemClock final : public pdz::app::Clock {
 public:
  std::int64_t NowSeconds() const override {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

}  // namespace

int main(int argc, char** argv) {
  SystemClock clock;
  return pdz::cli::Run(argc, argv, clock);
}
