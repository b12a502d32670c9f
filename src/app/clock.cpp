// Clock formatting.
#include "app/clock.hpp"

#include <cstdio>

namespace pdz::app {

std::string Clock::NowIso() const {
  std::int64_t s = NowSeconds();
  Date d = Date::FromDays(static_cast<long>(s / 86400));
  std::int64_t rem = s % 86400;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02dZ", d.ToString().c_str(), static_cast<int>(rem / 3600),
                static_cast<int>(rem / 60 % 60), static_cast<int>(rem % 60));
  return buf;
}

}  // namespace pdz::app
