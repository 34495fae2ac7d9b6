#include "runtime/child_logs.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <cctype>

namespace svc::runtime {
namespace {

std::string AutoPath(const plan::Supervisord& settings, const plan::Process& p, const char* channel,
                     std::string& errors) {
  // supervisord: mkstemp(prefix='<name>-<channel>---<identifier>-', suffix='.log').
  std::string tmpl = settings.childlogdir + "/" + p.name + "-" + channel + "---" +
                     settings.identifier + "-XXXXXX.log";
  int fd = mkostemps(tmpl.data(), 4, O_CLOEXEC);
  if (fd < 0) {
    errors += "could not create AUTO log " + tmpl + "\n";
    return "";
  }
  close(fd);
  return tmpl;
}

void Open(const plan::Supervisord& settings, const plan::Process& p, const plan::LogSpec& spec,
          const char* channel, std::optional<io::RotatingFile>& file, std::string& errors) {
  std::string path;
  if (spec.logfile == "path") path = spec.path;
  if (spec.logfile == "auto") path = AutoPath(settings, p, channel, errors);
  if (path.empty()) return;
  file.emplace(io::RotatingFileOptions{path, spec.logfile_maxbytes, spec.logfile_backups});
  if (auto opened = file->Open(); !opened) errors += opened.error().message + "\n";
}

}  // namespace

void ChildLogs::Prepare(const plan::Supervisord& settings,
                        const std::vector<plan::Process>& processes, std::string& errors) {
  std::map<std::string, Pair> next;
  for (const plan::Process& p : processes) {
    std::string namespec = p.group + ":" + p.name;
    if (auto kept = files_.extract(namespec)) {
      next.insert(std::move(kept));
      continue;
    }
    Pair& pair = next[namespec];
    Open(settings, p, p.stdout_log, "stdout", pair.out, errors);
    if (!p.redirect_stderr) Open(settings, p, p.stderr_log, "stderr", pair.err, errors);
  }
  files_ = std::move(next);
}

io::RotatingFile* ChildLogs::Find(const std::string& namespec, bool stderr_channel) {
  auto it = files_.find(namespec);
  if (it == files_.end()) return nullptr;
  std::optional<io::RotatingFile>& file = stderr_channel ? it->second.err : it->second.out;
  return file ? &*file : nullptr;
}

void ChildLogs::ReopenAll() {
  for (auto& [name, pair] : files_) {
    if (pair.out) (void)pair.out->Reopen();
    if (pair.err) (void)pair.err->Reopen();
  }
}

// supervisord's pattern, matched from the start of the name:
// `.+?---<identifier>-\S+\.log\.{0,1}\d{0,4}`.
static bool IsAutoLogName(const std::string& name, const std::string& identifier) {
  std::string marker = "---" + identifier + "-";
  for (size_t at = name.find(marker, 1); at != std::string::npos; at = name.find(marker, at + 1)) {
    size_t rest = at + marker.size();
    for (size_t dot = name.find(".log", rest + 1); dot != std::string::npos;
         dot = name.find(".log", dot + 1)) {
      bool spaceless = true;
      for (size_t i = rest; i < dot; ++i)
        spaceless &= !std::isspace(static_cast<unsigned char>(name[i]));
      if (spaceless) return true;
    }
  }
  return false;
}

int CleanupAutoLogs(const std::string& childlogdir, const std::string& identifier) {
  DIR* dir = opendir(childlogdir.c_str());
  if (!dir) return 0;
  int removed = 0;
  while (dirent* e = readdir(dir)) {
    std::string name = e->d_name;
    if (!IsAutoLogName(name, identifier)) continue;
    if (unlink((childlogdir + "/" + name).c_str()) == 0) ++removed;
  }
  closedir(dir);
  return removed;
}

}  // namespace svc::runtime
