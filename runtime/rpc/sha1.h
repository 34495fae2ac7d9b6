// SHA-1, only for supervisord's "{SHA}<hex>" passwords (http.encrypted_dictionary_authorizer).
#pragma once

#include <string>
#include <string_view>

namespace svc::runtime::rpc {

// Lower-case hex digest, as Python's hashlib.sha1(...).hexdigest().
std::string Sha1Hex(std::string_view data);

}  // namespace svc::runtime::rpc
