// Text clean-up shared by the document renderers: valid UTF-8 without control characters.
#pragma once

#include <string>
#include <string_view>

namespace pdz::io::doc::detail {

/// `text` as valid UTF-8: invalid bytes become U+FFFD, control characters other than '\n' and '\t'
/// are dropped, "\r\n" and '\r' become '\n'.
std::string CleanText(std::string_view text);

/// `CleanText(text)` with '&', '<', '>' and '"' escaped for XML text and attribute values.
std::string XmlEscape(std::string_view text);

}  // namespace pdz::io::doc::detail
