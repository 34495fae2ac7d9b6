// Controller: onecmd(), upcheck(), output and errors.
#include "ctl/controller.h"

#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <iostream>

#include "ctl/commands.h"

namespace svc::ctl {

Controller::Controller(Options options) : options_(std::move(options)), rpc_(&options_.server) {}

void Controller::Output(std::string_view text) {
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fputc('\n', stdout);
  std::fflush(stdout);
}

bool Controller::OneCmd(const std::string& line) { return RunWithAuthRetry(line, 0); }

bool Controller::RunWithAuthRetry(const std::string& line, int depth) {
  ParsedLine parsed = ParseLine(line);
  if (parsed.empty) return false;  // emptyline(): no repeat of the last command
  const Command* command = parsed.has_cmd ? FindCommand(parsed.cmd) : nullptr;
  if (command == nullptr) {
    Output("*** Unknown syntax: " + parsed.line);
    exit_status_ = exits::kGeneric;
    return false;
  }
  auth_failed_ = false;
  bool stop = command->run(*this, parsed.arg);
  if (!auth_failed_) return stop;
  // supervisorctl: 401 -> "Server requires authentication"; the shell asks for credentials
  // and retries. (It also re-runs the command once outside the shell, printing a second
  // error line: quirk 33, not reproduced.)
  Output("Server requires authentication");
  exit_status_ = exits::kGeneric;
  if (!interactive() || depth > 2) return false;
  auto username = Ask("Username:");
  auto password = AskSecret("Password:");
  Output("");
  if (!username || !password) return false;
  options_.server.username = *username;
  options_.server.has_username = true;
  options_.server.password = *password;
  options_.server.has_password = true;
  return RunWithAuthRetry(line, depth + 1);
}

bool Controller::Upcheck() {
  auto api = rpc_.Call("supervisor.getVersion");
  if (api) {
    if (api->Str() == "3.0") return true;
    Output(
        "Sorry, this version of supervisorctl expects to talk to a server with API version 3.0, "
        "but the remote version is " +
        api->Str() + ".");
    exit_status_ = exits::kNotInstalled;
    return false;
  }
  const RpcError& e = api.error();
  if (e.IsFault(faults::kUnknownMethod)) {
    Output(
        "Sorry, supervisord responded but did not recognize the supervisor namespace commands "
        "that supervisorctl uses to control it.  Please check that the [rpcinterface:supervisor] "
        "section is enabled in the configuration file (see sample.conf).");
    exit_status_ = exits::kUnimplementedFeature;
    return false;
  }
  if (e.IsSocket(ECONNREFUSED)) {
    Output(options_.server.url + " refused connection");
    exit_status_ = exits::kInsufficientPrivileges;
    return false;
  }
  if (e.IsSocket(ENOENT)) {
    Output(options_.server.url + " no such file");
    exit_status_ = exits::kNotRunning;
    return false;
  }
  return Unhandled(e);
}

bool Controller::Unhandled(const RpcError& error) {
  exit_status_ = exits::kGeneric;
  if (error.IsUnauthorized()) {
    auth_failed_ = true;
    return false;
  }
  Output("error: " + DescribeError(error));
  return false;
}

std::optional<std::string> Controller::Ask(const std::string& prompt) {
  std::fwrite(prompt.data(), 1, prompt.size(), stdout);
  std::fflush(stdout);
  std::string line;
  if (!std::getline(std::cin, line)) return std::nullopt;
  return line;
}

std::optional<std::string> Controller::AskSecret(const std::string& prompt) {
  termios saved{};
  bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved) == 0;
  if (tty) {
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  auto line = Ask(prompt);
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    std::fputc('\n', stdout);
  }
  return line;
}

}  // namespace svc::ctl
