// One libmicrohttpd server per [unix_http_server] / [inet_http_server], driven by svcd's libev
// loop: no MHD thread; its epoll fd is watched and MHD_get_timeout arms a timer. Basic auth
// guards every request; only POST /RPC2… reaches the RPC handler, whose answer may come later
// (the connection is suspended meanwhile).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include <tl/expected.hpp>

#include "runtime/io/loop.h"
#include "runtime/rpc/auth.h"
#include "schema/plan.h"

struct MHD_Daemon;
struct MHD_Connection;

namespace svc::runtime::rpc {

struct HttpLimits {
  std::size_t max_body = 16 * 1024 * 1024;  // larger bodies get 413
  unsigned max_connections = 512;           // more are accepted and closed at once
  unsigned idle_timeout_seconds = 300;      // an idle keep-alive connection is closed
};

// Called once with the XML response (HTTP 200) or an HTTP error status and empty body.
using Respond = std::function<void(int status, std::string body)>;
// Receives a complete request body; may call `respond` before returning or later.
using RpcHandler = std::function<void(std::string body, Respond respond)>;

class HttpServer {
 public:
  // Takes the listening socket (OpenListenSocket). A unix socket file is removed on destruction.
  [[nodiscard]] static tl::expected<std::unique_ptr<HttpServer>, std::string> Start(
      const plan::Server& server, int listen_fd, io::Loop& loop, HttpLimits limits,
      RpcHandler handler);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Lets MHD do all pending work, then re-arms the timer. Never call from inside a handler.
  void Run();
  // Responses queued but not yet completely sent (shutdown waits for them).
  std::size_t in_flight() const { return in_flight_; }

  struct Request;

 private:
  HttpServer(const plan::Server& server, io::Loop& loop, HttpLimits limits, RpcHandler handler);
  friend struct MhdCallbacks;  // the C callbacks in http_server.cc
  int Access(MHD_Connection* connection, const char* url, const char* method,
             const char* upload_data, std::size_t* upload_data_size, void** con_cls);
  void Completed(void** con_cls);
  int Begin(MHD_Connection* connection, const char* url, const char* method, Request& request);
  int Finish(MHD_Connection* connection, Request& request);
  int Queue(MHD_Connection* connection, Request& request, int status, const std::string& body);
  void Deliver(uint64_t serial, int status, std::string body);

  std::string unix_file_;
  std::optional<Credentials> credentials_;
  io::Loop& loop_;
  HttpLimits limits_;
  RpcHandler handler_;
  MHD_Daemon* daemon_ = nullptr;
  std::unique_ptr<io::Watcher> watcher_;
  std::unique_ptr<io::Timer> timer_;
  std::map<uint64_t, std::unique_ptr<Request>> requests_;
  uint64_t next_serial_ = 1;
  std::size_t in_flight_ = 0;
  bool running_ = false;
};

// The HTML error page of supervisord's medusa (CRLF lines): "<p>Error code 400." etc.
std::string ErrorPage(int status);
const char* ReasonPhrase(int status);

}  // namespace svc::runtime::rpc
