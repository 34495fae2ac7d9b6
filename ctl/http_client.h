// HTTP transport of svcctl over libcurl: POST /RPC2 and the streaming GETs of `tail -f`,
// to unix:// and http:// server URLs, with Basic auth as supervisorctl sends it.
#pragma once

#include <functional>
#include <string>

#include <tl/expected.hpp>

namespace svc::ctl {

struct ServerAddress {
  std::string url;  // as configured: unix:///path/sock or http://host:port
  std::string username;
  std::string password;
  bool has_username = false;  // supervisorctl's None vs ''
  bool has_password = false;
};

// Why a request did not produce an HTTP response.
struct TransportError {
  int os_errno = 0;     // ECONNREFUSED, ENOENT, ... (0 when not an OS error)
  std::string message;  // curl's text
};

struct HttpResponse {
  long status = 0;
  std::string reason;
  std::string body;
};

tl::expected<HttpResponse, TransportError> PostXml(const ServerAddress& server,
                                                   const std::string& body);

// Streams GET <path> to `sink` until the server closes or `stop()` turns true. Returns the
// HTTP status (the body is only delivered on 200).
tl::expected<long, TransportError> StreamGet(const ServerAddress& server, const std::string& path,
                                             const std::function<void(std::string_view)>& sink,
                                             const std::function<bool()>& stop);

}  // namespace svc::ctl
