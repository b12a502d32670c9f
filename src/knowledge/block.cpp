// Layout: "PZB1", u32 rows, u16 columns; per column: u8 kind (0 ints, 1 text), for text u32 dict size and
// the strings (u32 length + bytes), then u32 raw size, u32 compressed size, the LZ4 bytes.
#include "knowledge/block.hpp"

#include <cstring>

#include "knowledge/detail/lz4.hpp"

namespace pdz::knowledge {

namespace {

template <typename V>
void Put(std::string& out, V v) {
  char buf[sizeof(V)];
  std::memcpy(buf, &v, sizeof(V));
  out.append(buf, sizeof(V));
}

struct Reader {
  std::string_view in;
  size_t at = 0;
  bool ok = true;
  template <typename V>
  V Get() {
    V v{};
    if (at + sizeof(V) > in.size()) {
      ok = false;
      return v;
    }
    std::memcpy(&v, in.data() + at, sizeof(V));
    at += sizeof(V);
    return v;
  }
  std::string_view Bytes(size_t n) {
    if (at + n > in.size()) {
      ok = false;
      return {};
    }
    auto s = in.substr(at, n);
    at += n;
    return s;
  }
};

Error Corrupt() {
  return MakeError(ErrorCode::kStorage, "Blocco di dati del flusso illeggibile (archivio danneggiato).");
}

}  // namespace

BlockBuilder::BlockBuilder(const FlowDef& flow) : flow_(&flow) {
  columns_.resize(flow.columns.size());
  dict_index_.resize(flow.columns.size());
  last_code_.assign(flow.columns.size(), 0);
  for (size_t c = 0; c < flow.columns.size(); ++c) {
    columns_[c].text = StoredAsText(flow.columns[c].type);
  }
}

void BlockBuilder::Add(const TypedRow& row) {
  for (size_t c = 0; c < columns_.size(); ++c) {
    auto& col = columns_[c];
    if (!col.text) {
      col.ints.push_back(row.ints[c]);
      continue;
    }
    std::string_view v = row.texts[c];
    std::uint32_t code = last_code_[c];
    if (code >= col.dict.size() || col.dict[code] != v) {
      auto& index = dict_index_[c];
      auto it = index.find(std::string(v));
      if (it == index.end()) {
        it = index.emplace(std::string(v), static_cast<std::uint32_t>(col.dict.size())).first;
        col.dict.emplace_back(v);
      }
      code = it->second;
      last_code_[c] = code;
    }
    col.codes.push_back(code);
  }
  ++rows_;
}

std::string BlockBuilder::Encode() {
  std::string out;
  out.reserve(rows_ * columns_.size() * 3 + 64);
  out.append("PZB1");
  Put<std::uint32_t>(out, static_cast<std::uint32_t>(rows_));
  Put<std::uint16_t>(out, static_cast<std::uint16_t>(columns_.size()));
  for (size_t c = 0; c < columns_.size(); ++c) {
    auto& col = columns_[c];
    Put<std::uint8_t>(out, col.text ? 1 : 0);
    std::string_view raw;
    if (col.text) {
      Put<std::uint32_t>(out, static_cast<std::uint32_t>(col.dict.size()));
      for (const auto& s : col.dict) {
        Put<std::uint32_t>(out, static_cast<std::uint32_t>(s.size()));
        out.append(s);
      }
      raw = {reinterpret_cast<const char*>(col.codes.data()), col.codes.size() * sizeof(std::uint32_t)};
    } else {
      raw = {reinterpret_cast<const char*>(col.ints.data()), col.ints.size() * sizeof(std::int64_t)};
    }
    Put<std::uint32_t>(out, static_cast<std::uint32_t>(raw.size()));
    size_t size_at = out.size();
    Put<std::uint32_t>(out, 0);
    auto n = static_cast<std::uint32_t>(detail::Lz4Append(raw, out));
    std::memcpy(out.data() + size_at, &n, sizeof n);
    col.ints.clear();
    col.codes.clear();
    col.dict.clear();
    dict_index_[c].clear();
    last_code_[c] = 0;
  }
  rows_ = 0;
  return out;
}

Result<Block> DecodeBlock(std::string_view bytes, const std::vector<bool>& wanted) {
  Reader r{bytes};
  if (r.Bytes(4) != "PZB1") return Corrupt();
  Block block;
  block.rows = r.Get<std::uint32_t>();
  auto ncols = r.Get<std::uint16_t>();
  if (!r.ok || block.rows > kBlockRows) return Corrupt();
  block.columns.resize(ncols);
  for (size_t c = 0; c < ncols; ++c) {
    auto& col = block.columns[c];
    bool want = wanted.empty() || (c < wanted.size() && wanted[c]);
    col.text = r.Get<std::uint8_t>() == 1;
    if (col.text) {
      auto n = r.Get<std::uint32_t>();
      if (!r.ok || n > block.rows + 1) return Corrupt();
      if (want) col.dict.reserve(n);
      for (std::uint32_t i = 0; i < n && r.ok; ++i) {
        auto len = r.Get<std::uint32_t>();
        auto s = r.Bytes(len);
        if (want) col.dict.emplace_back(s);
      }
    }
    auto raw_size = r.Get<std::uint32_t>();
    auto comp_size = r.Get<std::uint32_t>();
    auto comp = r.Bytes(comp_size);
    if (!r.ok) return Corrupt();
    size_t width = col.text ? sizeof(std::uint32_t) : sizeof(std::int64_t);
    if (raw_size != block.rows * width) return Corrupt();
    if (!want) continue;
    char* dest;
    if (col.text) {
      col.codes.resize(block.rows);
      dest = reinterpret_cast<char*>(col.codes.data());
    } else {
      col.ints.resize(block.rows);
      dest = reinterpret_cast<char*>(col.ints.data());
    }
    if (!detail::Lz4Decompress(comp, dest, raw_size)) return Corrupt();
    if (col.text) {
      for (auto code : col.codes) {
        if (code >= col.dict.size()) return Corrupt();
      }
    }
    col.loaded = true;
  }
  return block;
}

}  // namespace pdz::knowledge
