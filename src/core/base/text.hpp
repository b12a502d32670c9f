// Small helpers for Italian text in messages.
#pragma once

#include <string>
#include <string_view>

namespace pdz {

/// `s` without leading and trailing spaces, tabs and line ends.
inline std::string_view Trim(std::string_view s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

/// True when `s` holds only spaces, tabs and line ends (or nothing).
inline bool IsBlank(std::string_view s) { return Trim(s).empty(); }

/// "1 errore", "3 errori".
inline std::string ErrorsCount(size_t n) { return std::to_string(n) + (n == 1 ? " errore" : " errori"); }

}  // namespace pdz
