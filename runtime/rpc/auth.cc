#include "runtime/rpc/auth.h"

#include <cctype>

#include "runtime/rpc/sha1.h"

namespace svc::runtime::rpc {
namespace {

int Base64Digit(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

bool PasswordMatches(const std::string& configured, const std::string& given) {
  constexpr std::string_view kSha = "{SHA}";
  if (configured.compare(0, kSha.size(), kSha) == 0) {
    return ConstantTimeEquals(std::string_view(configured).substr(kSha.size()), Sha1Hex(given));
  }
  return ConstantTimeEquals(configured, given);
}

}  // namespace

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  std::size_t n = a.size() > b.size() ? a.size() : b.size();
  for (std::size_t i = 0; i < n; ++i) {
    unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
    unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
    diff |= static_cast<unsigned char>(x ^ y);
  }
  return diff == 0;
}

std::optional<std::string> DecodeBase64(std::string_view text) {
  while (!text.empty() && (text.back() == '=' || text.back() == '\n' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  std::string out;
  unsigned bits = 0;
  int count = 0;
  for (char c : text) {
    int digit = Base64Digit(c);
    if (digit < 0) return std::nullopt;
    bits = (bits << 6) | static_cast<unsigned>(digit);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out += static_cast<char>((bits >> count) & 0xFF);
    }
  }
  if (count >= 6) return std::nullopt;  // a lone trailing digit
  return out;
}

AuthResult CheckAuthorization(const std::optional<Credentials>& expected,
                              std::optional<std::string_view> header) {
  if (!expected) return AuthResult::kAllowed;
  if (!header) return AuthResult::kUnauthorized;
  // supervisord's regex "Authorization: ([^ ]+) (.*)": scheme, one space, the rest.
  std::size_t space = header->find(' ');
  if (space == std::string_view::npos || space == 0) return AuthResult::kUnauthorized;
  if (!EqualsIgnoreCase(header->substr(0, space), "basic")) return AuthResult::kUnauthorized;
  auto decoded = DecodeBase64(header->substr(space + 1));
  if (!decoded) return AuthResult::kBadRequest;
  std::size_t colon = decoded->find(':');
  std::string user = decoded->substr(0, colon);
  std::string password = colon == std::string::npos ? "" : decoded->substr(colon + 1);
  bool user_ok = ConstantTimeEquals(user, expected->username);
  bool password_ok = PasswordMatches(expected->password, password);
  return user_ok && password_ok ? AuthResult::kAllowed : AuthResult::kUnauthorized;
}

}  // namespace svc::runtime::rpc
