// shutdown, reload, version and open: actions on supervisord itself.
#include <cerrno>

#include "ctl/commands.h"
#include "ctl/controller.h"

namespace svc::ctl {
namespace {

bool NoArguments(Controller& ctl, const std::string& verb, const std::string& arg) {
  if (arg.empty()) return true;
  ctl.Output("Error: " + verb + " accepts no arguments");
  ctl.SetExit(exits::kGeneric);
  PrintHelp(ctl, verb);
  return false;
}

// The shell asks first; a yes is any answer starting with y or Y.
bool Confirmed(Controller& ctl, const std::string& question) {
  if (!ctl.interactive()) return true;
  auto answer = ctl.Ask(question);
  return answer && !answer->empty() && (answer->front() == 'y' || answer->front() == 'Y');
}

}  // namespace

bool CmdShutdown(Controller& ctl, const std::string& arg) {
  if (!NoArguments(ctl, "shutdown", arg)) return false;
  if (!Confirmed(ctl, "Really shut the remote supervisord process down y/N? ")) return false;
  auto done = ctl.rpc().Call("supervisor.shutdown");
  if (done) {
    ctl.Output("Shut down");
    return false;
  }
  const RpcError& e = done.error();
  if (e.IsFault(faults::kShutdownState)) {
    ctl.Output("ERROR: already shutting down");  // exit status unchanged, as supervisorctl
    return false;
  }
  ctl.SetExit(exits::kGeneric);
  const std::string& url = ctl.options().server.url;
  if (e.IsSocket(ECONNREFUSED)) {
    ctl.Output("ERROR: " + url + " refused connection (already shut down?)");
  } else if (e.IsSocket(ENOENT)) {
    ctl.Output("ERROR: " + url + " no such file (already shut down?)");
  } else {
    return ctl.Unhandled(e);
  }
  return false;
}

bool CmdReload(Controller& ctl, const std::string& arg) {
  if (!NoArguments(ctl, "reload", arg)) return false;
  if (!Confirmed(ctl, "Really restart the remote supervisord process y/N? ")) return false;
  auto done = ctl.rpc().Call("supervisor.restart");
  if (done) {
    ctl.Output("Restarted supervisord");
    return false;
  }
  ctl.SetExit(exits::kGeneric);
  if (!done.error().IsFault(faults::kShutdownState)) return ctl.Unhandled(done.error());
  ctl.Output("ERROR: already shutting down");
  return false;
}

bool CmdVersion(Controller& ctl, const std::string& arg) {
  if (!NoArguments(ctl, "version", arg)) return false;
  if (!ctl.Upcheck()) return false;
  auto version = ctl.rpc().Call("supervisor.getSupervisorVersion");
  if (!version) return ctl.Unhandled(version.error());
  ctl.Output(version->Str());
  return false;
}

bool CmdOpen(Controller& ctl, const std::string& arg) {
  std::string url(PyStrip(arg));
  size_t colon = url.find(':');
  std::string scheme = colon == std::string::npos ? "" : url.substr(0, colon);
  if (scheme != "unix" && scheme != "http") {
    ctl.Output("ERROR: url must be http:// or unix://");
    ctl.SetExit(exits::kGeneric);
    return false;
  }
  ctl.options().server.url = url;
  int saved = ctl.exit_status();
  CmdStatus(ctl, "");
  ctl.SetExit(saved);
  return false;
}

}  // namespace svc::ctl
