#include "runtime/rpc/http_server.h"

#include <microhttpd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "runtime/rpc/web_form.h"

namespace svc::runtime::rpc {

struct HttpServer::Request {
  uint64_t serial = 0;
  MHD_Connection* connection = nullptr;
  HttpServer* server = nullptr;
  bool rpc = false;
  std::string body;
  WebRequest web;
  bool dispatched = false;
  bool suspended = false;
  bool queued = false;
  bool too_large = false;
  std::optional<WebResponse> answer;
  std::unique_ptr<Stream> stream;
  std::unique_ptr<io::Watcher> hangup;  // the client's socket while its stream is parked
  bool closing = false;                 // the client hung up while parked
};

namespace {

struct ReasonRow {
  int status;
  const char* reason;
};
constexpr ReasonRow kReasons[] = {
    {200, "OK"},
    {301, "Moved Permanently"},
    {400, "Bad Request"},
    {401, "Unauthorized"},
    {404, "Not Found"},
    {411, "Length Required"},
    {413, "Request Entity Too Large"},
    {500, "Internal Server Error"},
};

// Small enough for MHD's per-connection memory pool; the kernel's socket buffer holds the rest.
constexpr std::size_t kStreamBlock = 8192;

bool StartsWith(const char* text, const char* prefix) {
  return std::strncmp(text, prefix, std::strlen(prefix)) == 0;
}

MHD_Result CollectArg(void* cls, MHD_ValueKind, const char* key, const char* value) {
  static_cast<Headers*>(cls)->emplace_back(key, value ? value : "");
  return MHD_YES;
}

}  // namespace

struct MhdCallbacks {
  static MHD_Result Access(void* cls, MHD_Connection* connection, const char* url,
                           const char* method, const char*, const char* upload_data,
                           std::size_t* upload_data_size, void** con_cls) {
    int r = static_cast<HttpServer*>(cls)->Access(connection, url, method, upload_data,
                                                  upload_data_size, con_cls);
    return r == MHD_YES ? MHD_YES : MHD_NO;
  }
  static void Completed(void* cls, MHD_Connection*, void** con_cls, MHD_RequestTerminationCode) {
    static_cast<HttpServer*>(cls)->Completed(con_cls);
  }
  static ssize_t Read(void* cls, uint64_t, char* out, std::size_t max) {
    auto* request = static_cast<HttpServer::Request*>(cls);
    return request->server->ReadStream(*request, out, max);
  }
};

const char* ReasonPhrase(int status) {
  for (const ReasonRow& row : kReasons) {
    if (row.status == status) return row.reason;
  }
  return "Error";
}

std::string ErrorPage(int status) {
  std::string code = std::to_string(status);
  return std::string("<head>\r\n<title>Error response</title>\r\n</head>\r\n<body>\r\n") +
         "<h1>Error response</h1>\r\n<p>Error code " + code +
         ".\r\n<p>Message: " + ReasonPhrase(status) + ".\r\n</body>\r\n";
}

WebResponse ErrorResponse(int status) {
  WebResponse response;
  response.status = status;
  response.body = ErrorPage(status);
  response.headers.emplace_back(MHD_HTTP_HEADER_CONTENT_TYPE, "text/html");
  if (status == 401) {
    response.headers.emplace_back(MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Basic realm=\"default\"");
    response.headers.emplace_back(MHD_HTTP_HEADER_CONNECTION, "close");
  }
  return response;
}

HttpServer::HttpServer(const plan::Server& server, io::Loop& loop, HttpLimits limits,
                       RpcHandler handler, WebHandler web)
    : loop_(loop), limits_(limits), handler_(std::move(handler)), web_(std::move(web)) {
  if (server.family == "unix") {
    unix_file_ = server.file;
    host_ = "localhost";
  } else {
    host_ = (server.host.empty() ? std::string("localhost") : server.host) + ":" +
            std::to_string(server.port);
  }
  if (server.username) credentials_ = Credentials{*server.username, server.password.value_or("")};
}

tl::expected<std::unique_ptr<HttpServer>, std::string> HttpServer::Start(
    const plan::Server& server, int listen_fd, io::Loop& loop, HttpLimits limits,
    RpcHandler handler, WebHandler web) {
  std::unique_ptr<HttpServer> self(
      new HttpServer(server, loop, limits, std::move(handler), std::move(web)));
  MHD_AccessHandlerCallback access = &MhdCallbacks::Access;
  MHD_RequestCompletedCallback completed = &MhdCallbacks::Completed;
  self->daemon_ = MHD_start_daemon(
      MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME, 0, nullptr, nullptr, access, self.get(),
      MHD_OPTION_LISTEN_SOCKET, listen_fd, MHD_OPTION_CONNECTION_LIMIT, limits.max_connections,
      MHD_OPTION_CONNECTION_TIMEOUT, limits.idle_timeout_seconds, MHD_OPTION_NOTIFY_COMPLETED,
      completed, self.get(), MHD_OPTION_END);
  if (self->daemon_ == nullptr) {
    close(listen_fd);
    return tl::unexpected(std::string("Cannot start the HTTP server of [") + server.section + "]");
  }
  const MHD_DaemonInfo* info = MHD_get_daemon_info(self->daemon_, MHD_DAEMON_INFO_EPOLL_FD);
  HttpServer* raw = self.get();
  self->watcher_ = loop.WatchReadable(info->epoll_fd, [raw] { raw->Run(); });
  self->timer_ = loop.NewTimer([raw] { raw->Run(); });
  self->Run();
  return self;
}

HttpServer::~HttpServer() {
  watcher_.reset();
  timer_.reset();
  // MHD_stop_daemon panics on a suspended connection: hand every parked one back first.
  for (auto& [serial, request] : requests_) {
    request->hangup.reset();
    request->closing = true;
    if (request->suspended) {
      request->suspended = false;
      MHD_resume_connection(request->connection);
    }
  }
  if (daemon_ != nullptr) MHD_stop_daemon(daemon_);  // closes the listening socket
  if (!unix_file_.empty()) unlink(unix_file_.c_str());
}

void HttpServer::Run() {
  if (running_) return;
  running_ = true;
  completed_ = false;
  MHD_run(daemon_);
  running_ = false;
  MHD_UNSIGNED_LONG_LONG timeout = 0;
  if (completed_) {
    // A connection closed during this run is only released (socket closed) by the next one.
    timer_->ArmAt(0);
  } else if (MHD_get_timeout(daemon_, &timeout) == MHD_YES) {
    loop_.UpdateNow();
    timer_->ArmAt(loop_.Now() + static_cast<double>(timeout) / 1000.0);
  } else {
    timer_->Stop();
  }
}

int HttpServer::Access(MHD_Connection* connection, const char* url, const char* method,
                       const char* upload_data, std::size_t* upload_data_size, void** con_cls) {
  if (*con_cls == nullptr) {
    auto request = std::make_unique<Request>();
    request->serial = next_serial_++;
    request->connection = connection;
    request->server = this;
    Request* raw = request.get();
    requests_[raw->serial] = std::move(request);
    *con_cls = raw;
    return Begin(connection, url, method, *raw);
  }
  Request& request = *static_cast<Request*>(*con_cls);
  if (*upload_data_size > 0) {
    if (request.body.size() + *upload_data_size > limits_.max_body) {
      request.too_large = true;
    } else if (!request.too_large) {
      request.body.append(upload_data, *upload_data_size);
    }
    *upload_data_size = 0;
    return MHD_YES;
  }
  return Finish(connection, request);
}

// The header checks of supervisord's handlers, before any body is read: auth first (it wraps
// every handler), then the RPC handler's own (POST only, Content-Length required).
int HttpServer::Begin(MHD_Connection* connection, const char* url, const char* method,
                      Request& request) {
  const char* authorization =
      MHD_lookup_connection_value(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
  AuthResult auth = CheckAuthorization(
      credentials_, authorization ? std::optional<std::string_view>(authorization) : std::nullopt);
  if (auth == AuthResult::kUnauthorized) return Queue(connection, request, ErrorResponse(401));
  if (auth == AuthResult::kBadRequest) return Queue(connection, request, ErrorResponse(400));
  if (!StartsWith(url, "/RPC2")) {
    request.web.method = method;
    request.web.path = url;
    const char* host =
        MHD_lookup_connection_value(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
    request.web.host = host != nullptr && *host != '\0' ? host : host_;
    return MHD_YES;
  }
  request.rpc = true;
  if (std::strcmp(method, "POST") != 0) return Queue(connection, request, ErrorResponse(400));
  const char* length =
      MHD_lookup_connection_value(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
  if (length == nullptr) return Queue(connection, request, ErrorResponse(411));
  char* end = nullptr;
  unsigned long long declared = std::strtoull(length, &end, 10);
  if (end == length || declared > limits_.max_body) {
    return Queue(connection, request, ErrorResponse(413));
  }
  request.body.reserve(static_cast<std::size_t>(declared));
  return MHD_YES;
}

int HttpServer::Finish(MHD_Connection* connection, Request& request) {
  if (request.queued) return MHD_YES;
  if (request.too_large) return Queue(connection, request, ErrorResponse(413));
  if (request.answer) {
    WebResponse answer = std::move(*request.answer);
    request.answer.reset();
    return Queue(connection, request, std::move(answer));
  }
  if (request.dispatched) return MHD_YES;
  request.dispatched = true;
  uint64_t serial = request.serial;
  Dispatch(connection, request);
  auto it = requests_.find(serial);
  if (it == requests_.end()) return MHD_YES;
  if (it->second->answer) return Finish(connection, *it->second);
  it->second->suspended = true;
  MHD_suspend_connection(connection);
  return MHD_YES;
}

void HttpServer::Dispatch(MHD_Connection* connection, Request& request) {
  uint64_t serial = request.serial;
  if (request.rpc) {
    handler_(std::move(request.body), [this, serial](int status, std::string body) {
      if (status != 200) return Deliver(serial, ErrorResponse(status));
      WebResponse response;
      response.headers.emplace_back(MHD_HTTP_HEADER_CONTENT_TYPE, "text/xml");
      response.body = std::move(body);
      Deliver(serial, std::move(response));
    });
    return;
  }
  MHD_get_connection_values(connection, MHD_GET_ARGUMENT_KIND, &CollectArg, &request.web.args);
  // supervisord merges a urlencoded POST form over the query (cgi.FieldStorage).
  for (auto& field : ParseForm(request.body)) request.web.args.push_back(std::move(field));
  web_(std::move(request.web),
       [this, serial](WebResponse response) { Deliver(serial, std::move(response)); });
}

void HttpServer::Deliver(uint64_t serial, WebResponse response) {
  auto it = requests_.find(serial);
  if (it == requests_.end()) return;  // the connection is gone
  Request& request = *it->second;
  request.answer.emplace(std::move(response));
  if (request.suspended) {
    request.suspended = false;
    MHD_resume_connection(request.connection);
    timer_->ArmAt(0);  // MHD must run to call Access again; never re-enter MHD_run here
  }
}

int HttpServer::Queue(MHD_Connection* connection, Request& request, WebResponse response) {
  MHD_Response* reply = nullptr;
  bool streamed = response.stream != nullptr;
  if (streamed) {
    request.stream = std::move(response.stream);
    uint64_t serial = request.serial;
    request.stream->SetWake([this, serial] { Wake(serial, false); });
    reply = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, kStreamBlock, &MhdCallbacks::Read,
                                              &request, nullptr);
  } else {
    // MHD takes the body as it is (no copy): a getAllProcessInfo answer can be megabytes.
    auto* body = new std::string(std::move(response.body));
    reply = MHD_create_response_from_buffer_with_free_callback_cls(
        body->size(), body->data(), [](void* cls) { delete static_cast<std::string*>(cls); }, body);
    if (reply == nullptr) delete body;
  }
  if (reply == nullptr) return MHD_NO;
  for (const auto& [name, value] : response.headers) {
    MHD_add_response_header(reply, name.c_str(), value.c_str());
  }
  int queued = MHD_queue_response(connection, static_cast<unsigned>(response.status), reply);
  MHD_destroy_response(reply);
  if (queued == MHD_YES) {
    request.queued = true;
    ++(streamed ? streams_ : in_flight_);
  }
  return queued;
}

// Pulled by MHD when the client has room for more. Nothing new: park the connection until the
// stream wakes it, and watch the socket so a client that hangs up meanwhile is noticed (MHD
// does not watch a suspended connection).
long HttpServer::ReadStream(Request& request, char* out, std::size_t max) {
  // Ending the stream (rather than failing it) takes MHD's ordinary way out: the last chunk,
  // whose write to a gone client fails, closes and releases the connection. (An error return
  // right after a resume left the socket unreleased in libmicrohttpd 0.9.75.)
  if (request.closing) return MHD_CONTENT_READER_END_OF_STREAM;
  long n = request.stream->Read(out, max);
  if (n > 0) return n;
  if (n < 0) return MHD_CONTENT_READER_END_OF_STREAM;
  Park(request);
  return 0;
}

void HttpServer::Park(Request& request) {
  request.suspended = true;
  MHD_suspend_connection(request.connection);
  const MHD_ConnectionInfo* info =
      MHD_get_connection_info(request.connection, MHD_CONNECTION_INFO_CONNECTION_FD);
  if (info == nullptr) return;
  int fd = info->connect_fd;
  uint64_t serial = request.serial;
  request.hangup = loop_.WatchReadable(fd, [this, serial, fd] {
    char scratch[4096];
    ssize_t n = recv(fd, scratch, sizeof scratch, MSG_DONTWAIT);
    // Bytes after the request (supervisorctl sends an extra CRLF) are dropped: a tail never
    // ends, so no further request can follow on this connection.
    if (n > 0 || (n < 0 && (errno == EAGAIN || errno == EINTR))) return;
    Wake(serial, true);
  });
}

void HttpServer::Wake(uint64_t serial, bool hangup) {
  auto it = requests_.find(serial);
  if (it == requests_.end()) return;
  Request& request = *it->second;
  if (hangup) request.closing = true;
  if (!request.suspended || request.stream == nullptr) return;
  request.suspended = false;
  request.hangup.reset();
  MHD_resume_connection(request.connection);
  timer_->ArmAt(0);
}

void HttpServer::Completed(void** con_cls) {
  auto* request = static_cast<Request*>(*con_cls);
  if (request == nullptr) return;
  completed_ = true;
  if (request->queued) --(request->stream ? streams_ : in_flight_);
  requests_.erase(request->serial);
  *con_cls = nullptr;
}

}  // namespace svc::runtime::rpc
