// Small helpers for Italian text in messages.
#pragma once

#include <string>

namespace pdz {

/// "1 errore", "3 errori".
inline std::string ErrorsCount(size_t n) { return std::to_string(n) + (n == 1 ? " errore" : " errori"); }

}  // namespace pdz
