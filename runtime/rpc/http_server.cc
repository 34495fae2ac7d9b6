#include "runtime/rpc/http_server.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "runtime/rpc/http_connection.h"
#include "runtime/rpc/web_form.h"

namespace svc::runtime::rpc {
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
    {417, "Expectation Failed"},
    {431, "Request Header Fields Too Large"},
    {500, "Internal Server Error"},
    {501, "Not Implemented"},
    {505, "HTTP Version Not Supported"},
};

constexpr int kAcceptBatch = 64;  // per wake-up, so one flood cannot starve the loop

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

}  // namespace

class HttpServer::Owner : public HttpConnection::Owner {
 public:
  explicit Owner(HttpServer& server) : server_(server) {}
  std::optional<WebResponse> Judge(const HttpRequestHead& head) override {
    return server_.Judge(head);
  }
  void Handle(uint64_t id, const HttpRequestHead& head, std::string body) override {
    server_.Handle(id, head, std::move(body));
  }
  void Closed(uint64_t id) override { server_.Closed(id); }
  void Count(bool stream, int delta) override {
    std::size_t& counter = stream ? server_.streams_ : server_.in_flight_;
    counter = static_cast<std::size_t>(static_cast<long>(counter) + delta);
  }

 private:
  HttpServer& server_;
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
  response.headers.emplace_back("Content-Type", "text/html");
  if (status == 401) {
    response.headers.emplace_back("WWW-Authenticate", "Basic realm=\"default\"");
    response.headers.emplace_back("Connection", "close");
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
  HttpServer* raw = self.get();
  self->listen_fd_ = listen_fd;
  self->owner_ = std::make_unique<Owner>(*raw);
  self->acceptor_ = loop.WatchReadable(listen_fd, [raw] { raw->Accept(); });
  self->accept_retry_ = loop.NewTimer([raw] { raw->acceptor_->Start(); });
  self->reaper_ = loop.NewTimer([raw] { raw->Reap(); });
  return self;
}

HttpServer::~HttpServer() {
  acceptor_.reset();
  // Closing a connection reports back through Closed(): take them out of the map first.
  std::vector<std::unique_ptr<HttpConnection>> open;
  for (auto& [id, connection] : connections_) open.push_back(std::move(connection));
  connections_.clear();
  for (auto& connection : open) connection->Close();
  open.clear();
  closed_.clear();
  if (listen_fd_ >= 0) close(listen_fd_);
  if (!unix_file_.empty()) unlink(unix_file_.c_str());
}

void HttpServer::Accept() {
  for (int i = 0; i < kAcceptBatch; ++i) {
    if (connections_.size() >= limits_.max_connections) {
      acceptor_->Stop();  // Closed() starts it again
      return;
    }
    int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
        // The pending client stays in the backlog; retrying at once would spin.
        acceptor_->Stop();
        loop_.UpdateNow();
        accept_retry_->ArmAt(loop_.Now() + 0.1);
      }
      return;
    }
    if (unix_file_.empty()) {
      int one = 1;  // an answer is one writev: no reason to wait for more
      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    }
    uint64_t id = next_id_++;
    connections_.emplace(id, std::make_unique<HttpConnection>(*owner_, loop_, limits_, id, fd));
  }
}

void HttpServer::Closed(uint64_t id) {
  auto it = connections_.find(id);
  if (it == connections_.end()) return;
  closed_.push_back(std::move(it->second));
  connections_.erase(it);
  reaper_->ArmAt(0);
  if (acceptor_ && !acceptor_->active() && !accept_retry_->active()) acceptor_->Start();
}

void HttpServer::Reap() { closed_.clear(); }

void HttpServer::Run() {
  std::vector<uint64_t> ids;
  ids.reserve(connections_.size());
  for (const auto& [id, connection] : connections_) ids.push_back(id);
  for (uint64_t id : ids) {
    auto it = connections_.find(id);
    if (it != connections_.end()) it->second->Flush();
  }
}

// The header checks of supervisord's handlers, before any body is read: auth first (it wraps
// every handler), then the RPC handler's own (POST only, a length required).
std::optional<WebResponse> HttpServer::Judge(const HttpRequestHead& head) {
  const std::string* authorization = head.Find("Authorization");
  AuthResult auth = CheckAuthorization(
      credentials_, authorization ? std::optional<std::string_view>(*authorization) : std::nullopt);
  if (auth == AuthResult::kUnauthorized) return ErrorResponse(401);
  if (auth == AuthResult::kBadRequest) return ErrorResponse(400);
  if (!StartsWith(head.target, "/RPC2")) return std::nullopt;
  if (head.method != "POST") return ErrorResponse(400);
  if (!head.has_length && !head.chunked) return ErrorResponse(411);
  return std::nullopt;
}

void HttpServer::Handle(uint64_t id, const HttpRequestHead& head, std::string body) {
  if (StartsWith(head.target, "/RPC2")) {
    handler_(std::move(body), [this, id](int status, std::string xml) {
      if (status != 200) return Deliver(id, ErrorResponse(status));
      WebResponse response;
      response.headers.emplace_back("Content-Type", "text/xml");
      response.body = std::move(xml);
      Deliver(id, std::move(response));
    });
    return;
  }
  std::string_view target = head.target;
  std::size_t question = target.find('?');
  WebRequest request;
  request.method = head.method;
  request.path = UrlDecode(target.substr(0, question), false);
  if (question != std::string_view::npos) request.args = ParseForm(target.substr(question + 1));
  // supervisord merges a urlencoded POST form over the query (cgi.FieldStorage).
  for (auto& field : ParseForm(body)) request.args.push_back(std::move(field));
  const std::string* host = head.Find("Host");
  request.host = host != nullptr && !host->empty() ? *host : host_;
  web_(std::move(request), [this, id](WebResponse response) { Deliver(id, std::move(response)); });
}

void HttpServer::Deliver(uint64_t id, WebResponse response) {
  auto it = connections_.find(id);
  if (it == connections_.end()) return;  // the client is gone
  it->second->Answer(std::move(response));
}

}  // namespace svc::runtime::rpc
