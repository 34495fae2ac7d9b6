// Following log files for /logtail and /mainlogtail, as supervisord's tail_f_producer does: the
// last 1024 bytes, then whatever is appended; a new file at the path (rotation, clearLog) is
// streamed from its start; a file that shrank gives "==> File truncated <==\n" and is read again
// from its start. Changes arrive through inotify on the file's directory, watched only while a
// tail is open (an idle svcd has nothing to wake up for); where inotify cannot watch, a 0.25 s
// timer stands in, again only while such a tail is open.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "runtime/io/loop.h"
#include "runtime/os/unique_fd.h"
#include "runtime/rpc/http_server.h"

namespace svc::runtime::rpc {

class LogFollower;

class LogTail : public Stream {
 public:
  LogTail(LogFollower& follower, std::string path, os::UniqueFd fd, ino_t inode, int64_t pos);
  ~LogTail() override;
  LogTail(const LogTail&) = delete;
  LogTail& operator=(const LogTail&) = delete;

  long Read(char* out, std::size_t max) override;
  void SetWake(std::function<void()> wake) override { wake_ = std::move(wake); }

  // The file (may) have changed: wakes the reader if it is waiting.
  void Changed();
  const std::string& directory() const { return directory_; }
  const std::string& name() const { return name_; }

 private:
  void Follow();

  LogFollower& follower_;
  std::string path_;
  std::string directory_;
  std::string name_;
  os::UniqueFd fd_;
  ino_t inode_;
  int64_t pos_;
  std::string notice_;  // the rest of a truncation notice still to send
  bool waiting_ = false;
  std::function<void()> wake_;
};

class LogFollower {
 public:
  explicit LogFollower(io::Loop& loop);
  ~LogFollower();
  LogFollower(const LogFollower&) = delete;
  LogFollower& operator=(const LogFollower&) = delete;

  // A tail of `path` starting 1024 bytes before its end; null when it cannot be opened.
  // `mtime` receives the file's modification time.
  [[nodiscard]] std::unique_ptr<LogTail> Open(const std::string& path, int64_t* mtime);

  std::size_t tails() const { return tails_; }

 private:
  friend class LogTail;
  void Add(LogTail* tail);
  void Remove(LogTail* tail);
  void OnEvents();
  void OnTimer();

  struct Directory {
    std::string path;
    std::set<LogTail*> tails;
  };

  io::Loop& loop_;
  os::UniqueFd inotify_;
  std::unique_ptr<io::Watcher> watcher_;
  std::map<int, Directory> watched_;  // by inotify watch descriptor
  std::map<LogTail*, int> watch_of_;
  std::set<LogTail*> polled_;  // no inotify watch: the timer looks at them
  std::unique_ptr<io::Timer> timer_;
  std::size_t tails_ = 0;
};

}  // namespace svc::runtime::rpc
