// Where each value of a JSON text is: a map from JSON path ("ambiti[2].comuni[0]") to its line,
// so that errors found after parsing can still name the file's line.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/error.hpp"

namespace pdz::io {

class JsonLines {
 public:
  /// Indexes `text`; a text that is not JSON gives an empty index.
  explicit JsonLines(std::string_view text);
  /// The 1-based line of the value at `path`, or of its nearest indexed ancestor; 0 when unknown.
  std::int64_t LineOf(const std::string& path) const;
  /// Sets the row of every detail from its field path (when the row is not set yet).
  void Annotate(std::vector<ErrorDetail>& details) const;

 private:
  std::map<std::string, std::int64_t> lines_;
};

}  // namespace pdz::io
