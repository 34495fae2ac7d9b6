// Small text helpers of the web side: urlencoded forms, Python's urllib.parse.quote, HTML
// escaping, HTTP dates and time.ctime().
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace svc::runtime::rpc {

// "a=1&b=x+y%21" → {{"a","1"},{"b","x y!"}}; a field without '=' has an empty value.
std::vector<std::pair<std::string, std::string>> ParseForm(std::string_view body);
// %XX decoding; with `plus`, '+' is a space. Malformed escapes are kept as they are.
std::string UrlDecode(std::string_view text, bool plus);
// urllib.parse.quote(text): letters, digits, "_.-~" and '/' stay, every other byte is %XX.
std::string UrlQuote(std::string_view text);
// &, <, >, " escaped.
std::string HtmlEscape(std::string_view text);
// RFC 1123: "Wed, 25 Nov 2026 01:24:27 GMT".
std::string HttpDate(int64_t epoch_seconds);
// Python's time.ctime(): "Wed Nov 25 01:24:18 2026" (local time, day padded with a space).
std::string CTime(int64_t epoch_seconds);

}  // namespace svc::runtime::rpc
