// The state of one svcctl session and what every command shares: output, the sticky exit
// status, the upcheck, the generic `error:` line, and supervisorctl's onecmd() dispatch.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "ctl/format.h"
#include "ctl/options.h"
#include "ctl/rpc_client.h"

namespace svc::ctl {

class Controller {
 public:
  explicit Controller(Options options);
  Controller(const Controller&) = delete;
  Controller& operator=(const Controller&) = delete;

  // supervisorctl's onecmd(): parse, dispatch to the command table, report what the command
  // did not handle. Returns true when the shell should end (EOF, quit, exit).
  bool OneCmd(const std::string& line);

  int exit_status() const { return exit_status_; }
  Options& options() { return options_; }
  RpcClient& rpc() { return rpc_; }
  // supervisorctl's options.interactive: no action given, or -i.
  bool interactive() const { return options_.interactive || options_.args.empty(); }

  void Output(std::string_view text);  // text + '\n' on stdout
  void SetExit(int status) { exit_status_ = status; }
  void SetExitFromFault(int code, int ignored = -1) {
    exit_status_ = ExitAfterFault(exit_status_, code, ignored);
  }

  // supervisorctl's upcheck(): getVersion, with its messages and exit statuses.
  bool Upcheck();
  // An error the command does not handle: the generic `error:` line (or, for HTTP 401, the
  // authentication prompt in the shell). Always returns false, for `return ctl.Unhandled(e)`.
  bool Unhandled(const RpcError& error);

  // A line from the terminal (prompt on stdout); nullopt at end of input.
  std::optional<std::string> Ask(const std::string& prompt);
  std::optional<std::string> AskSecret(const std::string& prompt);

 private:
  bool RunWithAuthRetry(const std::string& line, int depth);

  Options options_;
  RpcClient rpc_;
  int exit_status_ = exits::kSuccess;
  bool auth_failed_ = false;
};

}  // namespace svc::ctl
