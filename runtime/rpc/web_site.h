// Everything svcd's HTTP servers answer besides /RPC2, in supervisord's handler order:
// /logtail… and /mainlogtail… (streamed log tails), the UI views (/, /index.html, /tail.html,
// /ok.html), the static files, else 404. UI actions call the same RPC methods supervisord's
// web.py calls; a deferred one (start or stop waiting for the state) is awaited without
// blocking the loop, then answered with the 301 redirect carrying the message.
#pragma once

#include <functional>

#include "runtime/rpc/backend.h"
#include "runtime/rpc/dispatcher.h"
#include "runtime/rpc/http_server.h"
#include "runtime/rpc/logtail.h"
#include "runtime/rpc/reply.h"

namespace svc::runtime::rpc {

class WebSite {
 public:
  // Calls `done` with the reply's result, now or once a deferred reply is ready.
  using Await = std::function<void(Reply reply, std::function<void(const Result&)> done)>;

  WebSite(Backend& backend, Dispatcher& dispatcher, LogFollower& follower, Await await);
  void Handle(WebRequest request, WebRespond respond);

 private:
  void LogTailView(const WebRequest& request, const WebRespond& respond);
  void MainLogTailView(const WebRequest& request, const WebRespond& respond);
  void StatusView(const WebRequest& request, const WebRespond& respond);
  void TailView(const WebRequest& request, const WebRespond& respond);
  // Runs `action`; false for an action supervisord's StatusView does not know.
  bool RunAction(const std::string& action, const std::string& namespec,
                 std::function<void(std::string message)> done);
  void Call(std::string_view method, Array params, std::function<void(const Result&)> done);
  void Stream(const std::string& path, bool accel_header, const WebRespond& respond);

  Backend& backend_;
  Dispatcher& dispatcher_;
  LogFollower& follower_;
  Await await_;
};

}  // namespace svc::runtime::rpc
