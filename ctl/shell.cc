// The shell loop. libedit is only used when stdin is a terminal; piped input is read line by
// line with the prompt still printed, as Python's input() does.
#include "ctl/shell.h"

#include <signal.h>
#include <unistd.h>

#include <editline/readline.h>

#include <cstdlib>
#include <cstring>
#include <iostream>
#include <optional>

#include "ctl/completion.h"
#include "ctl/controller.h"

namespace svc::ctl {
namespace {

Controller* g_ctl = nullptr;
std::vector<std::string> g_matches;
std::optional<std::vector<ProcessName>> g_processes;  // cached for one input line

const std::vector<ProcessName>& Processes() {
  if (!g_processes) {
    g_processes.emplace();
    auto infos = g_ctl->rpc().Call("supervisor.getAllProcessInfo");
    if (infos) {
      for (const auto& info : infos->Arr()) {
        g_processes->push_back({info.Get("group").Str(), info.Get("name").Str()});
      }
    }
  }
  return *g_processes;
}

char* NextMatch(const char* /*text*/, int state) {
  auto index = static_cast<size_t>(state);
  if (index >= g_matches.size()) return nullptr;
  return strdup(g_matches[index].c_str());
}

char** Complete(const char* text, int /*start*/, int /*end*/) {
  rl_attempted_completion_over = 1;
  std::string line = rl_line_buffer != nullptr ? rl_line_buffer : "";
  static const std::vector<ProcessName> kNone;
  const auto& processes = CompletionNeedsProcesses(line) ? Processes() : kNone;
  g_matches = CompletionCandidates(line, text, processes);
  return rl_completion_matches(text, NextMatch);
}

// Ctrl-C at the prompt: supervisorctl prints an empty line and exits 0.
void OnInterrupt(int) {
  const char nl = '\n';
  ssize_t ignored = write(STDOUT_FILENO, &nl, 1);
  (void)ignored;
  _exit(0);
}

std::optional<std::string> ReadLine(const std::string& prompt, bool tty) {
  if (tty) {
    char* raw = readline(prompt.c_str());
    if (raw == nullptr) return std::nullopt;
    std::string line = raw;
    std::free(raw);
    return line;
  }
  std::fwrite(prompt.data(), 1, prompt.size(), stdout);
  std::fflush(stdout);
  std::string line;
  if (!std::getline(std::cin, line)) return std::nullopt;
  return line;
}

}  // namespace

void RunShell(Controller& ctl) {
  g_ctl = &ctl;
  const bool tty = isatty(STDIN_FILENO) != 0;
  const std::string& history = ctl.options().history_file;
  if (tty) {
    // "group:process", "group:*" and names with '-' are single words.
    static char breaks[] = " \t\n\"\\'`@$><=;|&{(";
    rl_completer_word_break_characters = breaks;
    rl_attempted_completion_function = Complete;
    if (!history.empty()) read_history(history.c_str());
  }
  signal(SIGINT, OnInterrupt);
  ctl.OneCmd("status");
  while (true) {
    g_processes.reset();
    auto line = ReadLine(ctl.options().prompt + "> ", tty);
    if (!line) line = "EOF";  // cmd.Cmd turns end of input into the EOF command
    if (tty && !PyStrip(*line).empty()) {
      add_history(line->c_str());
      // Saved after every line, so Ctrl-C (which exits at once) keeps it too.
      if (!history.empty()) write_history(history.c_str());
    }
    if (ctl.OneCmd(*line)) break;
  }
}

}  // namespace svc::ctl
