#include "knowledge/detail/lz4.hpp"

#include <lz4.h>

namespace pdz::knowledge::detail {

size_t Lz4Append(std::string_view raw, std::string& out) {
  size_t at = out.size();
  int bound = LZ4_compressBound(static_cast<int>(raw.size()));
  out.resize(at + static_cast<size_t>(bound));
  int n = LZ4_compress_default(raw.data(), out.data() + at, static_cast<int>(raw.size()), bound);
  out.resize(at + static_cast<size_t>(n > 0 ? n : 0));
  return static_cast<size_t>(n > 0 ? n : 0);
}

bool Lz4Decompress(std::string_view compressed, char* dest, size_t raw_size) {
  int n = LZ4_decompress_safe(compressed.data(), dest, static_cast<int>(compressed.size()), static_cast<int>(raw_size));
  return n == static_cast<int>(raw_size);
}

}  // namespace pdz::knowledge::detail
