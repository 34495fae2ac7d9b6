// The two shlex dialects supervisord uses: POSIX shlex.split for `command=`, and the
// non-POSIX shlex behind `environment=` (supervisor.datatypes.dict_of_key_value_pairs).
#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/values.h"

namespace svc::compiler {
namespace {

bool IsShlexSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// shlex's wordchars in non-POSIX mode plus supervisord's additions, as a table: every byte of
// every environment= value is classified.
constexpr std::array<bool, 256> kEnvWordChars = [] {
  std::array<bool, 256> t{};
  for (int c = 'a'; c <= 'z'; ++c) t[static_cast<size_t>(c)] = true;
  for (int c = 'A'; c <= 'Z'; ++c) t[static_cast<size_t>(c)] = true;
  for (int c = '0'; c <= '9'; ++c) t[static_cast<size_t>(c)] = true;
  for (char c : std::string_view("_/.+-():")) t[static_cast<unsigned char>(c)] = true;
  return t;
}();

bool IsEnvWordChar(char c) { return kEnvWordChars[static_cast<unsigned char>(c)]; }

// The end of the run of bytes from `i` that POSIX shlex copies into a token as they are.
size_t PlainShlexRun(std::string_view s, size_t i) {
  while (i < s.size()) {
    char c = s[i];
    if (IsShlexSpace(c) || c == '\\' || c == '\'' || c == '"') break;
    ++i;
  }
  return i;
}

// Length of the UTF-8 sequence starting at s[i]: shlex works on characters, not bytes.
size_t CharLen(std::string_view s, size_t i) {
  auto c = static_cast<unsigned char>(s[i]);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
  return i + n <= s.size() ? n : 1;
}

// Non-POSIX shlex tokens (quotes kept, '#' starts a comment to the end of the line).
Parsed<std::vector<std::string>> EnvTokens(std::string_view s) {
  std::vector<std::string> tokens;
  tokens.reserve(4 * static_cast<size_t>(std::count(s.begin(), s.end(), '=')) + 3);  // K = V ,
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (IsShlexSpace(c)) {
      ++i;
    } else if (c == '#') {
      size_t nl = s.find('\n', i);
      i = nl == s.npos ? s.size() : nl + 1;
    } else if (c == '\'' || c == '"') {
      size_t close = s.find(c, i + 1);
      if (close == s.npos) return tl::unexpected(std::string("No closing quotation"));
      tokens.emplace_back(s.substr(i, close - i + 1));
      i = close + 1;
    } else if (IsEnvWordChar(c)) {
      std::string word;
      while (i < s.size()) {
        char w = s[i];
        if (IsShlexSpace(w)) break;
        if (w == '#') {  // non-POSIX: skip the rest of the line, the word goes on
          size_t nl = s.find('\n', i);
          i = nl == s.npos ? s.size() : nl + 1;
          continue;
        }
        if (!IsEnvWordChar(w) && w != '\'' && w != '"') break;
        size_t end = i + 1;
        while (end < s.size() && IsEnvWordChar(s[end])) ++end;
        word.append(s.substr(i, end - i));
        i = end;
      }
      tokens.push_back(std::move(word));
    } else {
      size_t n = CharLen(s, i);
      tokens.emplace_back(s.substr(i, n));
      i += n;
    }
  }
  return tokens;
}

std::string StripQuotes(std::string_view v) {
  size_t b = v.find_first_not_of("'\"");
  if (b == v.npos) return "";
  size_t e = v.find_last_not_of("'\"");
  return std::string(v.substr(b, e - b + 1));
}

}  // namespace

Parsed<KeyValues> ParseKeyValues(std::string_view v) {
  auto tokens = EnvTokens(v);
  if (!tokens) return tl::unexpected(tokens.error());
  KeyValues kv;
  const auto& t = *tokens;
  for (size_t i = 0; i < t.size(); i += 4) {
    if (i + 3 > t.size() || t[i + 1] != "=") {
      return tl::unexpected("Unexpected end of key/value pairs in value '" + std::string(v) + "'");
    }
    auto [it, fresh] = kv.values.try_emplace(t[i]);
    if (fresh) kv.order.push_back(t[i]);
    it->second = StripQuotes(t[i + 2]);
    if (i + 3 < t.size() && t[i + 3] != ",") kv.dropped.push_back(t[i + 3]);
  }
  return kv;
}

Parsed<std::vector<std::string>> ShlexSplit(std::string_view s) {
  std::vector<std::string> out;
  std::string token;
  bool in_token = false;
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (IsShlexSpace(c)) {
      if (in_token) out.push_back(std::move(token));
      token.clear();
      in_token = false;
      ++i;
    } else if (c == '\\') {
      if (i + 1 >= s.size()) return tl::unexpected(std::string("No escaped character"));
      token += s[i + 1];
      in_token = true;
      i += 2;
    } else if (c == '\'') {
      size_t close = s.find('\'', i + 1);
      if (close == s.npos) return tl::unexpected(std::string("No closing quotation"));
      token.append(s.substr(i + 1, close - i - 1));
      in_token = true;
      i = close + 1;
    } else if (c == '"') {
      in_token = true;
      ++i;
      while (true) {
        if (i >= s.size()) return tl::unexpected(std::string("No closing quotation"));
        if (s[i] == '"') break;
        if (s[i] == '\\' && i + 1 < s.size() && (s[i + 1] == '"' || s[i + 1] == '\\')) ++i;
        token += s[i++];
      }
      ++i;
    } else {
      size_t end = PlainShlexRun(s, i + 1);
      token.append(s.substr(i, end - i));
      in_token = true;
      i = end;
    }
  }
  if (in_token) out.push_back(std::move(token));
  return out;
}

}  // namespace svc::compiler
