#include "runtime/child_logs.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <string_view>
#include <utility>

namespace svc::runtime {
namespace {

constexpr std::size_t kTagSize = 6;  // mkstemp's XXXXXX

// supervisord: mkstemp(prefix='<name>-<channel>---<identifier>-', suffix='.log'). With an empty
// tag, the template (XXXXXX) itself.
std::string AutoPath(std::string_view dir, std::string_view name, std::string_view channel,
                     std::string_view identifier, std::string_view tag) {
  std::string path;
  path.reserve(dir.size() + name.size() + identifier.size() + 32);
  path.append(dir).append("/").append(name).append("-").append(channel).append("---");
  path.append(identifier).append("-").append(tag.empty() ? "XXXXXX" : tag).append(".log");
  return path;
}

}  // namespace

bool ChildLogs::Before(const std::unique_ptr<Entry>& entry, const std::string& namespec) {
  return entry->namespec < namespec;
}

std::string ChildLogs::AutoOutPath(const void* entry) {
  const auto& e = *static_cast<const Entry*>(entry);
  return AutoPath(e.dir->childlogdir, std::string_view(e.namespec).substr(e.name_at), "stdout",
                  e.dir->identifier, std::string_view(e.out_tag, kTagSize));
}

std::string ChildLogs::AutoErrPath(const void* entry) {
  const auto& e = *static_cast<const Entry*>(entry);
  return AutoPath(e.dir->childlogdir, std::string_view(e.namespec).substr(e.name_at), "stderr",
                  e.dir->identifier, std::string_view(e.err_tag, kTagSize));
}

void ChildLogs::Open(const plan::Process& p, bool stderr_channel, Entry& entry,
                     std::string& errors) {
  const plan::LogSpec& spec = stderr_channel ? p.stderr_log : p.stdout_log;
  io::RotatingFileOptions options{{}, spec.logfile_maxbytes, spec.logfile_backups};
  if (spec.logfile == "path") {
    if (spec.path.empty()) return;
    options.path = spec.path;
  } else if (spec.logfile == "auto") {
    const char* channel = stderr_channel ? "stderr" : "stdout";
    std::string tmpl = AutoPath(entry.dir->childlogdir, p.name, channel, entry.dir->identifier, "");
    int fd = mkostemps(tmpl.data(), 4, O_CLOEXEC);
    if (fd < 0) {
      errors += "could not create AUTO log " + tmpl + "\n";
      return;
    }
    close(fd);
    char* tag = stderr_channel ? entry.err_tag : entry.out_tag;
    tmpl.copy(tag, kTagSize, tmpl.size() - 4 - kTagSize);
    options.path_source = {stderr_channel ? &AutoErrPath : &AutoOutPath, &entry};
  } else {
    return;
  }
  std::optional<io::RotatingFile>& file = stderr_channel ? entry.err : entry.out;
  file.emplace(std::move(options));
  if (auto opened = file->Open(); !opened) errors += opened.error().message + "\n";
}

void ChildLogs::Prepare(const plan::Supervisord& settings,
                        const std::vector<plan::Process>& processes, std::string& errors,
                        const std::function<void(const io::RotatingFile&)>& closing) {
  if (dirs_.empty() || dirs_.back()->childlogdir != settings.childlogdir ||
      dirs_.back()->identifier != settings.identifier) {
    dirs_.push_back(std::make_unique<AutoDir>(AutoDir{settings.childlogdir, settings.identifier}));
  }
  std::vector<std::unique_ptr<Entry>> next;
  next.reserve(processes.size());
  std::vector<std::size_t> kept;  // indices into entries_, moved once the search is over
  for (const plan::Process& p : processes) {
    std::string namespec = p.group + ":" + p.name;
    auto it = std::lower_bound(entries_.begin(), entries_.end(), namespec, Before);
    if (it != entries_.end() && (*it)->namespec == namespec) {
      kept.push_back(static_cast<std::size_t>(it - entries_.begin()));
      continue;
    }
    auto entry = std::make_unique<Entry>();
    entry->namespec = std::move(namespec);
    entry->dir = dirs_.back().get();
    entry->name_at = static_cast<uint32_t>(p.group.size() + 1);
    Open(p, false, *entry, errors);
    if (!p.redirect_stderr) Open(p, true, *entry, errors);
    next.push_back(std::move(entry));
  }
  std::sort(kept.begin(), kept.end());
  kept.erase(std::unique(kept.begin(), kept.end()), kept.end());
  for (std::size_t i : kept) next.push_back(std::move(entries_[i]));
  for (const std::unique_ptr<Entry>& gone : entries_) {  // moved-from: kept
    if (gone == nullptr || !closing) continue;
    if (gone->out) closing(*gone->out);
    if (gone->err) closing(*gone->err);
  }
  std::sort(next.begin(), next.end(),
            [](const auto& a, const auto& b) { return a->namespec < b->namespec; });
  entries_ = std::move(next);
}

ChildLogs::Entry* ChildLogs::FindEntry(const std::string& namespec) {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), namespec, Before);
  return it != entries_.end() && (*it)->namespec == namespec ? it->get() : nullptr;
}

io::RotatingFile* ChildLogs::Find(const std::string& namespec, bool stderr_channel) {
  Entry* entry = FindEntry(namespec);
  if (entry == nullptr) return nullptr;
  std::optional<io::RotatingFile>& file = stderr_channel ? entry->err : entry->out;
  return file ? &*file : nullptr;
}

void ChildLogs::ReopenAll() {
  for (const std::unique_ptr<Entry>& entry : entries_) {
    if (entry->out) (void)entry->out->Reopen();
    if (entry->err) (void)entry->err->Reopen();
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
