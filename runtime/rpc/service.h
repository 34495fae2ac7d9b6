// svcd's RPC side: the HTTP servers of the plan, the dispatcher, the web UI and log tails, and
// the answers still waiting (start/stop with wait, group calls, multicall, UI actions). The
// daemon calls AfterEffects() after every batch of effects so a waiting answer goes out as soon
// as its condition holds.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "runtime/io/loop.h"
#include "runtime/rpc/backend.h"
#include "runtime/rpc/dispatcher.h"
#include "runtime/rpc/http_server.h"
#include "runtime/rpc/logtail.h"
#include "runtime/rpc/web_site.h"

namespace svc::runtime::rpc {

class Service {
 public:
  Service(Backend& backend, io::Loop& loop, HttpLimits limits = {});
  ~Service();

  // Opens every server of the plan. The error is supervisord's usage-error text.
  [[nodiscard]] tl::expected<void, std::string> Listen(const std::vector<plan::Server>& servers);
  // Re-checks the waiting answers; re-entrant calls are folded into the running one.
  void AfterEffects();
  // Before svcd exits or restarts: lets queued responses go out, for at most `seconds`.
  void Flush(double seconds);
  // Log tails being streamed now, over all servers.
  std::size_t streams() const;

 private:
  void Handle(std::string body, Respond respond);
  void Await(Reply reply, std::function<void(const Result&)> done);

  struct Waiting {
    Poll poll;
    std::function<void(const Result&)> done;
  };

  Backend& backend_;
  io::Loop& loop_;
  HttpLimits limits_;
  Dispatcher dispatcher_;
  LogFollower follower_;  // outlives the servers: their streams unregister from it
  WebSite web_;
  std::vector<std::unique_ptr<HttpServer>> servers_;
  std::vector<Waiting> waiting_;
  bool polling_ = false;
  bool again_ = false;
};

}  // namespace svc::runtime::rpc
