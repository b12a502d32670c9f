// Flow rows stored as columnar blocks: each column of up to kBlockRows rows as 64-bit integers or
// as dictionary codes, LZ4-compressed, so a computation reads only the columns it needs.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/base/error.hpp"
#include "knowledge/flows.hpp"

namespace pdz::knowledge {

inline constexpr size_t kBlockRows = 65536;

struct BlockColumn {
  bool text = false;
  std::vector<std::int64_t> ints;    // !text: one per row (kNull when empty)
  std::vector<std::uint32_t> codes;  // text: one per row, index into dict
  std::vector<std::string> dict;     // text: the distinct values of the block ("" = empty)
  bool loaded = false;
  std::string_view Text(size_t row) const { return dict[codes[row]]; }
};

struct Block {
  std::uint32_t rows = 0;
  std::vector<BlockColumn> columns;
};

/// Collects validated rows of one flow and encodes them as one block.
class BlockBuilder {
 public:
  explicit BlockBuilder(const FlowDef& flow);
  void Add(const TypedRow& row);
  size_t size() const { return rows_; }
  bool full() const { return rows_ >= kBlockRows; }
  /// The encoded block; the builder is empty afterwards.
  std::string Encode();

 private:
  const FlowDef* flow_;
  size_t rows_ = 0;
  std::vector<BlockColumn> columns_;
  std::vector<std::unordered_map<std::string, std::uint32_t>> dict_index_;
  std::vector<std::uint32_t> last_code_;  // per text column, the code of the previous row (runs are common)
};

/// Decodes a block; only the columns whose `wanted[i]` is true are decompressed (all when empty).
Result<Block> DecodeBlock(std::string_view bytes, const std::vector<bool>& wanted = {});

}  // namespace pdz::knowledge
