// HTTP basic authentication of supervisord's servers (http.supervisor_auth_handler): plain or
// "{SHA}<hex sha1>" passwords; every handler sits behind it. Comparisons take constant time.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace svc::runtime::rpc {

struct Credentials {
  std::string username;
  std::string password;  // as configured: plain, or "{SHA}" + hex
};

enum class AuthResult {
  kAllowed,
  kUnauthorized,  // 401 with WWW-Authenticate: Basic realm="default"
  kBadRequest,    // 400: the base64 could not be decoded
};

// `header` is the Authorization header value, or nullopt when absent. With no credentials
// configured, everything is allowed.
AuthResult CheckAuthorization(const std::optional<Credentials>& expected,
                              std::optional<std::string_view> header);

// Strict base64 (Python's binascii.a2b_base64 accepts a bit more; that difference never
// authenticates anyone). nullopt when not decodable.
std::optional<std::string> DecodeBase64(std::string_view text);

// Compares without an early exit, so the time does not tell how many bytes matched.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace svc::runtime::rpc
