#include "runtime/rpc/logtail.h"

#include <fcntl.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

namespace svc::runtime::rpc {
namespace {

constexpr int64_t kHead = 1024;  // tail_f_producer(request, logfile, 1024)
constexpr double kPollSeconds = 0.25;
constexpr char kTruncated[] = "==> File truncated <==\n";
// Writes, truncation, and a new file taking the name (rotation, clearLog).
constexpr uint32_t kMask =
    IN_MODIFY | IN_CREATE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_ATTRIB | IN_CLOSE_WRITE;

}  // namespace

LogTail::LogTail(LogFollower& follower, std::string path, os::UniqueFd fd, ino_t inode, int64_t pos)
    : follower_(follower), path_(std::move(path)), fd_(std::move(fd)), inode_(inode), pos_(pos) {
  std::size_t slash = path_.rfind('/');
  directory_ = slash == std::string::npos ? "." : (slash == 0 ? "/" : path_.substr(0, slash));
  name_ = slash == std::string::npos ? path_ : path_.substr(slash + 1);
  follower_.Add(this);
}

LogTail::~LogTail() { follower_.Remove(this); }

void LogTail::Changed() {
  if (!waiting_) return;
  waiting_ = false;
  if (wake_) wake_();
}

// A different file at the path is a rotation: read the new one from its start. A path that is
// gone leaves the open file in place (tail_f_producer._follow).
void LogTail::Follow() {
  struct stat st {};
  if (stat(path_.c_str(), &st) != 0 || st.st_ino == inode_) return;
  os::UniqueFd fresh(open(path_.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  if (!fresh.valid() || fstat(fresh.get(), &st) != 0) return;
  fd_ = std::move(fresh);
  inode_ = st.st_ino;
  pos_ = 0;
}

long LogTail::Read(char* out, std::size_t max) {
  if (notice_.empty()) {
    Follow();
    struct stat st {};
    if (fstat(fd_.get(), &st) != 0) return -1;
    int64_t size = st.st_size;
    if (size < pos_) {
      pos_ = 0;
      notice_ = kTruncated;
    } else if (size > pos_) {
      std::size_t want = static_cast<std::size_t>(std::min<int64_t>(size - pos_, max));
      ssize_t n = pread(fd_.get(), out, want, pos_);
      if (n > 0) {
        pos_ += n;
        return static_cast<long>(n);
      }
    }
  }
  if (!notice_.empty()) {
    std::size_t n = std::min(max, notice_.size());
    std::memcpy(out, notice_.data(), n);
    notice_.erase(0, n);
    return static_cast<long>(n);
  }
  waiting_ = true;
  return 0;
}

LogFollower::LogFollower(io::Loop& loop) : loop_(loop) {}

LogFollower::~LogFollower() = default;

std::unique_ptr<LogTail> LogFollower::Open(const std::string& path, int64_t* mtime) {
  os::UniqueFd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  struct stat st {};
  if (!fd.valid() || fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) return nullptr;
  if (mtime != nullptr) *mtime = st.st_mtime;
  int64_t pos = st.st_size >= kHead ? st.st_size - kHead : 0;
  return std::make_unique<LogTail>(*this, path, std::move(fd), st.st_ino, pos);
}

void LogFollower::Add(LogTail* tail) {
  ++tails_;
  if (!inotify_.valid()) {
    inotify_.Reset(inotify_init1(IN_NONBLOCK | IN_CLOEXEC));
    if (inotify_.valid()) watcher_ = loop_.WatchReadable(inotify_.get(), [this] { OnEvents(); });
  }
  int wd =
      inotify_.valid() ? inotify_add_watch(inotify_.get(), tail->directory().c_str(), kMask) : -1;
  if (wd >= 0) {
    Directory& dir = watched_[wd];
    dir.path = tail->directory();
    dir.tails.insert(tail);
    watch_of_[tail] = wd;
    return;
  }
  polled_.insert(tail);
  if (!timer_) timer_ = loop_.NewTimer([this] { OnTimer(); });
  if (!timer_->active()) {
    loop_.UpdateNow();
    timer_->ArmAt(loop_.Now() + kPollSeconds);
  }
}

void LogFollower::Remove(LogTail* tail) {
  --tails_;
  polled_.erase(tail);
  if (polled_.empty() && timer_) timer_->Stop();
  auto it = watch_of_.find(tail);
  if (it != watch_of_.end()) {
    auto dir = watched_.find(it->second);
    if (dir != watched_.end()) {
      dir->second.tails.erase(tail);
      if (dir->second.tails.empty()) {
        inotify_rm_watch(inotify_.get(), dir->first);
        watched_.erase(dir);
      }
    }
    watch_of_.erase(it);
  }
  if (tails_ == 0) {  // nothing to follow: no fd, no watcher left on the loop
    watcher_.reset();
    inotify_.Reset();
    watched_.clear();
    watch_of_.clear();
  }
}

void LogFollower::OnEvents() {
  alignas(inotify_event) char buffer[8192];
  std::vector<LogTail*> woken;
  while (true) {
    ssize_t n = read(inotify_.get(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    for (ssize_t at = 0; at < n;) {
      auto* event = reinterpret_cast<inotify_event*>(buffer + at);
      at += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
      if (event->mask & IN_Q_OVERFLOW) {
        for (auto& [wd, dir] : watched_)
          woken.insert(woken.end(), dir.tails.begin(), dir.tails.end());
        continue;
      }
      auto dir = watched_.find(event->wd);
      if (dir == watched_.end()) continue;
      if (event->mask & IN_IGNORED) {  // the directory went away: fall back to the timer
        for (LogTail* tail : dir->second.tails) {
          watch_of_.erase(tail);
          polled_.insert(tail);
          woken.push_back(tail);
        }
        watched_.erase(dir);
        if (!timer_) timer_ = loop_.NewTimer([this] { OnTimer(); });
        loop_.UpdateNow();
        timer_->ArmAt(loop_.Now() + kPollSeconds);
        continue;
      }
      if (event->len == 0) continue;
      std::string_view name(event->name);
      for (LogTail* tail : dir->second.tails) {
        if (tail->name() == name) woken.push_back(tail);
      }
    }
  }
  // Waking only flags connections for a later write; no tail is destroyed before this loop ends.
  for (LogTail* tail : woken) tail->Changed();
}

void LogFollower::OnTimer() {
  for (LogTail* tail : polled_) tail->Changed();
  if (!polled_.empty()) {
    loop_.UpdateNow();
    timer_->ArmAt(loop_.Now() + kPollSeconds);
  }
}

}  // namespace svc::runtime::rpc
