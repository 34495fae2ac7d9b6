#include "runtime/rpc/service.h"

#include <poll.h>

#include "runtime/rpc/listen_socket.h"
#include "runtime/rpc/xmlrpc_codec.h"

namespace svc::runtime::rpc {
namespace {

std::string Render(const Result& result) {
  return result ? RenderResponse(*result) : RenderFault(result.error());
}

}  // namespace

Service::Service(Backend& backend, io::Loop& loop, HttpLimits limits)
    : backend_(backend),
      loop_(loop),
      limits_(limits),
      dispatcher_(backend),
      follower_(loop),
      web_(backend, dispatcher_, follower_,
           [this](Reply reply, std::function<void(const Result&)> done) {
             Await(std::move(reply), std::move(done));
           }) {
  SetXmlSizeLimit(limits.max_body);
}

Service::~Service() {
  waiting_.clear();  // their Respond callbacks point into the servers
  servers_.clear();
}

tl::expected<void, std::string> Service::Listen(const std::vector<plan::Server>& servers) {
  for (const plan::Server& server : servers) {
    auto fd = OpenListenSocket(server);
    if (!fd) return tl::unexpected(fd.error());
    auto started = HttpServer::Start(
        server, fd->Release(), loop_, limits_,
        [this](std::string body, Respond respond) { Handle(std::move(body), std::move(respond)); },
        [this](WebRequest request, WebRespond respond) {
          web_.Handle(std::move(request), std::move(respond));
        });
    if (!started) return tl::unexpected(started.error());
    servers_.push_back(std::move(*started));
    if (!server.username) {
      backend_.Log(core::LogLevel::kCritical, "Server '" + server.section +
                                                  "' running without any HTTP authentication "
                                                  "checking");
    }
  }
  return {};
}

void Service::Handle(std::string body, Respond respond) {
  auto call = ParseCall(body);
  if (!call) {
    backend_.Log(core::LogLevel::kError,
                 "XML-RPC request data " + body.substr(0, 200) + " is invalid: unmarshallable");
    respond(400, "");
    return;
  }
  Await(dispatcher_.Invoke(call->method, call->params),
        [respond](const Result& result) { respond(200, Render(result)); });
}

void Service::Await(Reply reply, std::function<void(const Result&)> done) {
  if (reply.now) {
    done(*reply.now);
    return;
  }
  waiting_.push_back({std::move(reply.later), std::move(done)});
  AfterEffects();  // it may already be done
}

std::size_t Service::streams() const {
  std::size_t n = 0;
  for (const auto& server : servers_) n += server->streams();
  return n;
}

void Service::AfterEffects() {
  if (polling_) {
    again_ = true;
    return;
  }
  polling_ = true;
  do {
    again_ = false;
    // A poll may invoke more methods (multicall), which apply effects and may add entries.
    for (std::size_t i = 0; i < waiting_.size();) {
      Poll poll = waiting_[i].poll;
      std::optional<Result> result = poll();
      if (!result) {
        ++i;
        continue;
      }
      auto done = std::move(waiting_[i].done);
      waiting_.erase(waiting_.begin() + static_cast<std::ptrdiff_t>(i));
      done(*result);
    }
  } while (again_);
  polling_ = false;
}

void Service::Flush(double seconds) {
  loop_.UpdateNow();
  double deadline = loop_.Now() + seconds;
  while (true) {
    std::size_t in_flight = 0;
    for (auto& server : servers_) {
      server->Run();
      in_flight += server->in_flight();
    }
    loop_.UpdateNow();
    if (in_flight == 0 || loop_.Now() >= deadline) return;
    poll(nullptr, 0, 10);
  }
}

}  // namespace svc::runtime::rpc
