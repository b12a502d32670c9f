// A small JSON scanner that records the line of every value by its path.
#include "io/json_lines.hpp"

#include <cctype>

namespace pdz::io {
namespace {

class Scanner {
 public:
  Scanner(std::string_view text, std::map<std::string, std::int64_t>& out) : s_(text), out_(out) {}

  bool Value(const std::string& path) {
    Skip();
    if (i_ >= s_.size()) return false;
    out_.emplace(path, line_);
    char c = s_[i_];
    if (c == '{') return Object(path);
    if (c == '[') return Array(path);
    if (c == '"') return String(nullptr);
    while (i_ < s_.size() &&
           (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '-' || s_[i_] == '+' || s_[i_] == '.')) {
      ++i_;
    }
    return true;
  }

 private:
  void Skip() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) {
      if (s_[i_] == '\n') ++line_;
      ++i_;
    }
  }
  bool String(std::string* out) {
    ++i_;  // opening quote
    while (i_ < s_.size() && s_[i_] != '"') {
      if (s_[i_] == '\\' && i_ + 1 < s_.size()) {
        if (out) out->push_back(s_[i_ + 1]);
        i_ += 2;
        continue;
      }
      if (s_[i_] == '\n') ++line_;
      if (out) out->push_back(s_[i_]);
      ++i_;
    }
    if (i_ >= s_.size()) return false;
    ++i_;
    return true;
  }
  bool Object(const std::string& path) {
    ++i_;
    Skip();
    if (i_ < s_.size() && s_[i_] == '}') return ++i_, true;
    while (i_ < s_.size()) {
      Skip();
      if (i_ >= s_.size() || s_[i_] != '"') return false;
      std::string key;
      if (!String(&key)) return false;
      Skip();
      if (i_ >= s_.size() || s_[i_] != ':') return false;
      ++i_;
      if (!Value(path.empty() ? key : path + "." + key)) return false;
      Skip();
      if (i_ < s_.size() && s_[i_] == ',') {
        ++i_;
        continue;
      }
      if (i_ < s_.size() && s_[i_] == '}') return ++i_, true;
      return false;
    }
    return false;
  }
  bool Array(const std::string& path) {
    ++i_;
    Skip();
    if (i_ < s_.size() && s_[i_] == ']') return ++i_, true;
    for (size_t k = 0; i_ < s_.size(); ++k) {
      if (!Value(path + "[" + std::to_string(k) + "]")) return false;
      Skip();
      if (i_ < s_.size() && s_[i_] == ',') {
        ++i_;
        continue;
      }
      if (i_ < s_.size() && s_[i_] == ']') return ++i_, true;
      return false;
    }
    return false;
  }

  std::string_view s_;
  std::map<std::string, std::int64_t>& out_;
  size_t i_ = 0;
  std::int64_t line_ = 1;
};

}  // namespace

JsonLines::JsonLines(std::string_view text) {
  Scanner scanner(text, lines_);
  if (!scanner.Value("")) lines_.clear();
}

std::int64_t JsonLines::LineOf(const std::string& path) const {
  std::string p = path;
  for (;;) {
    auto it = lines_.find(p);
    if (it != lines_.end()) return it->second;
    if (p.empty()) return 0;
    size_t cut = p.find_last_of(".[");
    p = cut == std::string::npos ? std::string() : p.substr(0, cut);
  }
}

void JsonLines::Annotate(std::vector<ErrorDetail>& details) const {
  for (auto& d : details) {
    if (d.row == 0) d.row = LineOf(d.field);
  }
}

}  // namespace pdz::io
