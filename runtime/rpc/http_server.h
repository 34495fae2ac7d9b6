// One HTTP/1.1 server per [unix_http_server] / [inet_http_server], on svcd's libev loop (no
// thread, no TLS: supervisord has none). Basic auth guards every request; POST /RPC2… reaches the
// RPC handler, everything else the web handler (UI pages, static files, log tails). Either may
// answer later. A streamed answer (log tail) is pulled only as fast as the client drains it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <tl/expected.hpp>

#include "runtime/io/loop.h"
#include "runtime/rpc/auth.h"
#include "schema/plan.h"

namespace svc::runtime::rpc {

struct HttpLimits {
  std::size_t max_body = 16 * 1024 * 1024;  // larger bodies get 413, before they are read
  std::size_t max_head = 64 * 1024;         // request line and headers; larger ones get 431
  // Beyond this the server stops accepting: new clients wait in the backlog until one closes.
  // High enough that a client holding 1,000 idle connections does not lock others out.
  unsigned max_connections = 4096;
  unsigned idle_timeout_seconds = 300;  // an idle keep-alive connection is closed
  // A request's head must be complete this long after its first byte (slowloris).
  unsigned head_timeout_seconds = 30;
};

// A body without end (log tails). The server asks for bytes only when the client has taken the
// previous ones, so a client that stops reading stops the reading of the source too.
class Stream {
 public:
  virtual ~Stream() = default;
  // Copies up to `max` bytes into `out`: the count, 0 when nothing is ready now (the stream
  // then calls the wake callback once more may be ready), or -1 to abort the response.
  virtual long Read(char* out, std::size_t max) = 0;
  // Called once, before the first Read.
  virtual void SetWake(std::function<void()> wake) = 0;
};

using Headers = std::vector<std::pair<std::string, std::string>>;

struct WebRequest {
  std::string method;
  std::string path;  // %-decoded, without the query
  Headers args;      // query arguments, then the urlencoded POST form (decoded)
  std::string host;  // the Host header, or the server's own host[:port]
};

struct WebResponse {
  int status = 200;
  Headers headers;
  std::string body;
  std::unique_ptr<Stream> stream;  // set: a chunked body that never ends (body unused)
};

using WebRespond = std::function<void(WebResponse)>;
using WebHandler = std::function<void(WebRequest, WebRespond)>;

// Called once with the XML response (HTTP 200) or an HTTP error status and empty body.
using Respond = std::function<void(int status, std::string body)>;
// Receives a complete request body; may call `respond` before returning or later.
using RpcHandler = std::function<void(std::string body, Respond respond)>;

class HttpConnection;
struct HttpRequestHead;

class HttpServer {
 public:
  // Takes the listening socket (OpenListenSocket). A unix socket file is removed on destruction.
  [[nodiscard]] static tl::expected<std::unique_ptr<HttpServer>, std::string> Start(
      const plan::Server& server, int listen_fd, io::Loop& loop, HttpLimits limits,
      RpcHandler handler, WebHandler web);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Writes whatever the sockets take now (shutdown flushes answers outside the loop). Never
  // call from inside a handler.
  void Run();
  // Responses queued but not yet completely sent, log tails excepted (shutdown waits for them).
  std::size_t in_flight() const { return in_flight_; }
  // Log tails being streamed now.
  std::size_t streams() const { return streams_; }

 private:
  class Owner;
  HttpServer(const plan::Server& server, io::Loop& loop, HttpLimits limits, RpcHandler handler,
             WebHandler web);
  void Accept();
  std::optional<WebResponse> Judge(const HttpRequestHead& head);
  void Handle(uint64_t id, const HttpRequestHead& head, std::string body);
  void Deliver(uint64_t id, WebResponse response);
  void Closed(uint64_t id);
  void Reap();

  std::string unix_file_;
  std::string host_;  // for redirects when the client sent no Host header
  std::optional<Credentials> credentials_;
  io::Loop& loop_;
  HttpLimits limits_;
  RpcHandler handler_;
  WebHandler web_;
  int listen_fd_ = -1;
  std::unique_ptr<Owner> owner_;
  std::unique_ptr<io::Watcher> acceptor_;
  std::unique_ptr<io::Timer> accept_retry_;  // out of fds: accepting pauses briefly
  std::unique_ptr<io::Timer> reaper_;
  std::unordered_map<uint64_t, std::unique_ptr<HttpConnection>> connections_;
  std::vector<std::unique_ptr<HttpConnection>> closed_;  // destroyed by reaper_, outside them
  uint64_t next_id_ = 1;
  std::size_t in_flight_ = 0;
  std::size_t streams_ = 0;
};

// The HTML error page of supervisord's medusa (CRLF lines): "<p>Error code 400." etc.
std::string ErrorPage(int status);
const char* ReasonPhrase(int status);
// An error response: the page, text/html, and for 401 the Basic challenge.
WebResponse ErrorResponse(int status);

}  // namespace svc::runtime::rpc
