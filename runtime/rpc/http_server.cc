#include "runtime/rpc/http_server.h"

#include <microhttpd.h>
#include <unistd.h>

#include <cstring>

namespace svc::runtime::rpc {

struct HttpServer::Request {
  uint64_t serial = 0;
  MHD_Connection* connection = nullptr;
  std::string body;
  bool dispatched = false;
  bool suspended = false;
  bool queued = false;
  bool too_large = false;
  std::optional<std::pair<int, std::string>> answer;
};

namespace {

struct ReasonRow {
  int status;
  const char* reason;
};
constexpr ReasonRow kReasons[] = {
    {200, "OK"},
    {400, "Bad Request"},
    {401, "Unauthorized"},
    {404, "Not Found"},
    {411, "Length Required"},
    {413, "Request Entity Too Large"},
    {500, "Internal Server Error"},
};

bool StartsWith(const char* text, const char* prefix) {
  return std::strncmp(text, prefix, std::strlen(prefix)) == 0;
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

HttpServer::HttpServer(const plan::Server& server, io::Loop& loop, HttpLimits limits,
                       RpcHandler handler)
    : loop_(loop), limits_(limits), handler_(std::move(handler)) {
  if (server.family == "unix") unix_file_ = server.file;
  if (server.username) credentials_ = Credentials{*server.username, server.password.value_or("")};
}

tl::expected<std::unique_ptr<HttpServer>, std::string> HttpServer::Start(const plan::Server& server,
                                                                         int listen_fd,
                                                                         io::Loop& loop,
                                                                         HttpLimits limits,
                                                                         RpcHandler handler) {
  std::unique_ptr<HttpServer> self(new HttpServer(server, loop, limits, std::move(handler)));
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
  if (daemon_ != nullptr) MHD_stop_daemon(daemon_);  // closes the listening socket
  if (!unix_file_.empty()) unlink(unix_file_.c_str());
}

void HttpServer::Run() {
  if (running_) return;
  running_ = true;
  MHD_run(daemon_);
  running_ = false;
  MHD_UNSIGNED_LONG_LONG timeout = 0;
  if (MHD_get_timeout(daemon_, &timeout) == MHD_YES) {
    loop_.UpdateNow();
    timer_->ArmAt(loop_.Now() + static_cast<double>(timeout) / 1000.0);
  } else {
    timer_->Stop();
  }
}

int HttpServer::Access(MHD_Connection* connection, const char* url, const char* method,
                       const char* upload_data, std::size_t* upload_data_size, void** con_cls) {
  HttpServer* self = this;
  if (*con_cls == nullptr) {
    auto request = std::make_unique<Request>();
    request->serial = self->next_serial_++;
    request->connection = connection;
    Request* raw = request.get();
    self->requests_[raw->serial] = std::move(request);
    *con_cls = raw;
    return self->Begin(connection, url, method, *raw);
  }
  Request& request = *static_cast<Request*>(*con_cls);
  if (*upload_data_size > 0) {
    if (request.body.size() + *upload_data_size > self->limits_.max_body) {
      request.too_large = true;
    } else if (!request.too_large) {
      request.body.append(upload_data, *upload_data_size);
    }
    *upload_data_size = 0;
    return MHD_YES;
  }
  return self->Finish(connection, request);
}

// The header checks of supervisord's handlers, before any body is read: auth first (it wraps
// every handler), then the RPC handler's own (POST only, Content-Length required).
int HttpServer::Begin(MHD_Connection* connection, const char* url, const char* method,
                      Request& request) {
  const char* authorization =
      MHD_lookup_connection_value(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
  AuthResult auth = CheckAuthorization(
      credentials_, authorization ? std::optional<std::string_view>(authorization) : std::nullopt);
  if (auth == AuthResult::kUnauthorized) return Queue(connection, request, 401, ErrorPage(401));
  if (auth == AuthResult::kBadRequest) return Queue(connection, request, 400, ErrorPage(400));
  if (!StartsWith(url, "/RPC2")) return Queue(connection, request, 404, ErrorPage(404));
  if (std::strcmp(method, "POST") != 0) return Queue(connection, request, 400, ErrorPage(400));
  const char* length =
      MHD_lookup_connection_value(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
  if (length == nullptr) return Queue(connection, request, 411, ErrorPage(411));
  char* end = nullptr;
  unsigned long long declared = std::strtoull(length, &end, 10);
  if (end == length || declared > limits_.max_body) {
    return Queue(connection, request, 413, ErrorPage(413));
  }
  request.body.reserve(static_cast<std::size_t>(declared));
  return MHD_YES;
}

int HttpServer::Finish(MHD_Connection* connection, Request& request) {
  if (request.queued) return MHD_YES;
  if (request.too_large) return Queue(connection, request, 413, ErrorPage(413));
  if (request.answer) {
    auto [status, body] = std::move(*request.answer);
    request.answer.reset();
    return Queue(connection, request, status, status == 200 ? body : ErrorPage(status));
  }
  if (request.dispatched) return MHD_YES;
  request.dispatched = true;
  uint64_t serial = request.serial;
  handler_(std::move(request.body),
           [this, serial](int status, std::string body) { Deliver(serial, status, body); });
  auto it = requests_.find(serial);
  if (it == requests_.end()) return MHD_YES;
  if (it->second->answer) return Finish(connection, *it->second);
  it->second->suspended = true;
  MHD_suspend_connection(connection);
  return MHD_YES;
}

void HttpServer::Deliver(uint64_t serial, int status, std::string body) {
  auto it = requests_.find(serial);
  if (it == requests_.end()) return;  // the connection is gone
  Request& request = *it->second;
  request.answer.emplace(status, std::move(body));
  if (request.suspended) {
    request.suspended = false;
    MHD_resume_connection(request.connection);
    timer_->ArmAt(0);  // MHD must run to call Access again; never re-enter MHD_run here
  }
}

int HttpServer::Queue(MHD_Connection* connection, Request& request, int status,
                      const std::string& body) {
  MHD_Response* response = MHD_create_response_from_buffer(
      body.size(), const_cast<char*>(body.data()), MHD_RESPMEM_MUST_COPY);
  if (status == 200) {
    MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, "text/xml");
  } else {
    MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, "text/html");
  }
  if (status == 401) {
    MHD_add_response_header(response, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Basic realm=\"default\"");
    MHD_add_response_header(response, MHD_HTTP_HEADER_CONNECTION, "close");
  }
  int queued = MHD_queue_response(connection, static_cast<unsigned>(status), response);
  MHD_destroy_response(response);
  if (queued == MHD_YES) {
    request.queued = true;
    ++in_flight_;
  }
  return queued;
}

void HttpServer::Completed(void** con_cls) {
  auto* request = static_cast<Request*>(*con_cls);
  if (request == nullptr) return;
  if (request->queued) --in_flight_;
  requests_.erase(request->serial);
  *con_cls = nullptr;
}

}  // namespace svc::runtime::rpc
