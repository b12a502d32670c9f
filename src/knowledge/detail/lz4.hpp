// LZ4 block compression for flow blocks (the one place that includes lz4.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace pdz::knowledge::detail {

/// Appends the compressed bytes of `raw` to `out`; returns their size.
size_t Lz4Append(std::string_view raw, std::string& out);
/// Decompresses `compressed` into exactly `raw_size` bytes at `dest`; false when corrupt.
bool Lz4Decompress(std::string_view compressed, char* dest, size_t raw_size);

}  // namespace pdz::knowledge::detail
