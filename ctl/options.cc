// ClientOptions: getopt parsing with Python's messages, then the config file.
#include "ctl/options.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <optional>

#include "ctl/config.h"
#include "ctl/format.h"
#include "ctl/help_text.h"

namespace svc::ctl {
namespace {

struct Flag {
  char short_name;
  const char* long_name;  // nullptr: none
  bool takes_arg;
  const char* key;  // which setting it fills; nullptr for help
};

constexpr Flag kFlags[] = {
    {'h', "help", false, nullptr},
    {'?', nullptr, false, nullptr},
    {'c', "configuration", true, "configfile"},
    {'i', "interactive", false, "interactive"},
    {'s', "serverurl", true, "serverurl"},
    {'u', "username", true, "username"},
    {'p', "password", true, "password"},
    {'r', "history_file", true, "history_file"},
};

int Usage(const Options& options, const std::string& message) {
  std::fprintf(stderr, "Error: %s\nFor help, use %s -h\n", message.c_str(),
               options.progname.c_str());
  return 2;
}

// Settings given on the command line; a repeated one is a usage error, as in supervisorctl.
struct CommandLine {
  std::optional<std::string> configfile, serverurl, username, password, history_file;
  bool interactive = false;

  bool Set(const std::string& key, const std::string& value) {
    if (key == "interactive") {
      if (interactive) return false;
      interactive = true;
      return true;
    }
    std::optional<std::string>* slot = key == "configfile"  ? &configfile
                                       : key == "serverurl" ? &serverurl
                                       : key == "username"  ? &username
                                       : key == "password"  ? &password
                                                            : &history_file;
    if (slot->has_value()) return false;
    *slot = value;
    return true;
  }
};

// Command line over config file over defaults (ClientOptions priorities 2, 0, default).
int Merge(const CommandLine& cli, Options& options) {
  CtlConfig config;
  options.configfile = cli.configfile ? *cli.configfile : FindDefaultConfig(options.progname);
  if (!options.configfile.empty()) {
    auto read = ReadCtlConfig(options.configfile);
    if (!read) return Usage(options, read.error());
    config = *read;
  }
  auto pick = [](const std::optional<std::string>& a, const std::optional<std::string>& b) {
    return a ? a : b;
  };
  auto url = pick(cli.serverurl, config.serverurl);
  options.server.url = url ? *url : "http://localhost:9001";
  auto user = pick(cli.username, config.username);
  auto pass = pick(cli.password, config.password);
  options.server.has_username = user.has_value();
  options.server.username = user.value_or("");
  options.server.has_password = pass.has_value();
  options.server.password = pass.value_or("");
  if (config.prompt) options.prompt = *config.prompt;
  // supervisorctl ignores -r (quirk 34); svcctl honours it.
  auto history = pick(cli.history_file, config.history_file);
  options.history_file = history.value_or("");
  options.interactive = cli.interactive;
  return -1;
}

using Found = std::vector<std::pair<const Flag*, std::string>>;

// One `--name[=value]` word (unique prefixes allowed, as Python's getopt does).
std::optional<std::string> LongOption(const std::vector<std::string>& argv, size_t& i,
                                      Found& found) {
  std::string body = argv[i].substr(2);
  size_t eq = body.find('=');
  std::string name = body.substr(0, eq);
  if (name == "history-file") name = "history_file";  // the spelling its help text uses
  const Flag* match = nullptr;
  int matches = 0;
  for (const auto& flag : kFlags) {
    if (flag.long_name == nullptr) continue;
    std::string long_name = flag.long_name;
    if (long_name == name) {
      match = &flag;
      matches = 1;
      break;
    }
    if (long_name.rfind(name, 0) == 0) {
      match = &flag;
      ++matches;
    }
  }
  if (matches == 0) return "option --" + name + " not recognized";
  if (matches > 1) return "option --" + name + " not a unique prefix";
  std::string long_name = match->long_name;
  if (!match->takes_arg) {
    if (eq != std::string::npos) return "option --" + long_name + " must not have an argument";
    found.emplace_back(match, "");
  } else if (eq != std::string::npos) {
    found.emplace_back(match, body.substr(eq + 1));
  } else if (i + 1 < argv.size()) {
    found.emplace_back(match, argv[++i]);
  } else {
    return "option --" + long_name + " requires argument";
  }
  return std::nullopt;
}

// One `-abc` cluster; an option taking a value takes the rest of the word or the next word.
std::optional<std::string> ShortOptions(const std::vector<std::string>& argv, size_t& i,
                                        Found& found) {
  const std::string& word = argv[i];
  for (size_t j = 1; j < word.size(); ++j) {
    const Flag* match = nullptr;
    for (const auto& flag : kFlags) {
      if (flag.short_name == word[j]) match = &flag;
    }
    if (match == nullptr) return std::string("option -") + word[j] + " not recognized";
    if (!match->takes_arg) {
      found.emplace_back(match, "");
      continue;
    }
    if (j + 1 < word.size()) {
      found.emplace_back(match, word.substr(j + 1));
    } else if (i + 1 < argv.size()) {
      found.emplace_back(match, argv[++i]);
    } else {
      return std::string("option -") + word[j] + " requires argument";
    }
    break;
  }
  return std::nullopt;
}

// Python's getopt.getopt: options end at the first non-option word or after `--`.
std::optional<std::string> Getopt(const std::vector<std::string>& argv, Found& found,
                                  std::vector<std::string>& rest) {
  size_t i = 0;
  for (; i < argv.size(); ++i) {
    const std::string& word = argv[i];
    if (word == "--") {
      ++i;
      break;
    }
    if (word.size() < 2 || word[0] != '-') break;
    auto error = word[1] == '-' ? LongOption(argv, i, found) : ShortOptions(argv, i, found);
    if (error) return error;
  }
  rest.assign(argv.begin() + static_cast<long>(i), argv.end());
  return std::nullopt;
}

std::string OptionWord(const std::vector<std::string>& argv, const Flag& flag) {
  // Python reports the option as the user spelled it; the long form wins when it was used.
  for (const auto& word : argv) {
    if (flag.long_name != nullptr && word.rfind("--", 0) == 0 && word.size() > 2 &&
        std::string(flag.long_name).rfind(word.substr(2, word.find('=') - 2), 0) == 0) {
      return std::string("--") + flag.long_name;
    }
  }
  return std::string("-") + flag.short_name;
}

}  // namespace

bool IsUrl(const std::string& value) {
  size_t colon = value.find(':');
  if (colon == std::string::npos || colon == 0) return false;
  auto is_alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (!is_alpha(value[0])) return false;
  for (size_t i = 0; i < colon; ++i) {
    char c = value[i];
    if (!is_alpha(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') return false;
  }
  std::string rest = value.substr(colon + 1);
  std::string netloc;
  if (rest.rfind("//", 0) == 0) {
    size_t end = rest.find_first_of("/?#", 2);
    netloc = rest.substr(2, end == std::string::npos ? std::string::npos : end - 2);
    rest = end == std::string::npos ? "" : rest.substr(end);
  }
  std::string path = rest.substr(0, rest.find_first_of("?#"));
  return !netloc.empty() || !path.empty();
}

int LoadOptions(int argc, char** argv, Options& options) {
  options.progname = argc > 0 ? argv[0] : "svcctl";
  std::vector<std::string> words(argv + (argc > 0 ? 1 : 0), argv + argc);
  Found found;
  if (auto error = Getopt(words, found, options.args)) return Usage(options, *error);

  CommandLine cli;
  for (const auto& [flag, value] : found) {
    if (flag->key == nullptr) {
      std::string help = UsageText(options.progname);
      std::fwrite(help.data(), 1, help.size(), stdout);
      return 0;
    }
    std::string key = flag->key;
    std::string word = OptionWord(words, *flag);
    if (key == "serverurl" && !IsUrl(value)) {
      return Usage(options, "invalid value for " + word + " " + PyRepr(value) + ": value " +
                                PyRepr(value) + " is not a URL");
    }
    if (!cli.Set(key, value)) {
      return Usage(options, "conflicting command line option '" + word + "'");
    }
  }
  return Merge(cli, options);
}

}  // namespace svc::ctl
