// Controller.complete, without readline.
#include "ctl/completion.h"

#include <algorithm>

#include "ctl/commands.h"
#include "ctl/format.h"

namespace svc::ctl {
namespace {

Completion KindFor(std::string_view line) {
  std::vector<std::string> words = PySplit(line);
  if (words.empty()) return Completion::kActions;
  bool ends_in_space = !line.empty() && line.back() == ' ';
  if (words.size() == 1 && !ends_in_space) return Completion::kActions;
  const Command* command = FindCommand(words[0]);
  return command == nullptr ? Completion::kNone : command->completion;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

}  // namespace

bool CompletionNeedsProcesses(std::string_view line) {
  Completion kind = KindFor(line);
  return kind == Completion::kGroups || kind == Completion::kProcesses;
}

std::vector<std::string> CompletionCandidates(std::string_view line, std::string_view text,
                                              const std::vector<ProcessName>& processes) {
  std::vector<std::string> names;
  switch (KindFor(line)) {
    case Completion::kActions:
      // supervisorctl's vocab: help, then the plugin's actions (EOF is not one of them).
      names.emplace_back("help");
      for (const auto& c : Commands()) {
        if (c.listed) names.emplace_back(c.name);
      }
      break;
    case Completion::kGroups:
      for (const auto& p : processes) {
        if (std::find(names.begin(), names.end(), p.group) == names.end()) {
          names.push_back(p.group);
        }
      }
      break;
    case Completion::kProcesses:
      for (const auto& p : processes) {
        if (text.find(':') != std::string_view::npos || p.name != p.group) {
          names.push_back(p.group + ":" + p.name);
          std::string all = p.group + ":*";
          if (std::find(names.begin(), names.end(), all) == names.end()) names.push_back(all);
        } else {
          names.push_back(p.name);
        }
      }
      break;
    case Completion::kNone:
      break;
  }
  std::vector<std::string> matches;
  for (const auto& n : names) {
    if (StartsWith(n, text)) matches.push_back(n);
  }
  return matches;
}

}  // namespace svc::ctl
