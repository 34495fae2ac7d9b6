// A thin wrapper over the libev default loop: fd readiness, one-shot timers at absolute
// wall-clock deadlines, signals and child exits, each handed to a std::function. Plumbing only.
// Idle, the loop sleeps in the kernel; libev's only own wake-up is every 59.743 s (its
// compiled-in MAX_BLOCKTIME, used to notice wall-clock jumps).
#pragma once

#include <cstddef>
#include <functional>
#include <memory>

struct ev_loop;
struct ev_io;

namespace svc::runtime::io {

class Loop;

// A registration on the loop. Destroying it stops it. A callback may stop or destroy its own
// watcher (the loop calls a copy of the std::function). Callbacks must not throw: the C
// trampolines are noexcept, so an escaping exception terminates.
class Watcher {
 public:
  virtual ~Watcher() = default;
  virtual void Start() = 0;
  virtual void Stop() = 0;
  virtual bool active() const = 0;
};

// One-shot timer, unarmed until ArmAt. Start() re-arms the last deadline.
class Timer : public Watcher {
 public:
  // (Re)arms to fire once when the wall clock reaches `deadline` (epoch seconds, like
  // core::Time). The wait is measured on the monotonic clock from the loop's cached time, so
  // a wall-clock jump while waiting does not stretch or shrink it. Past deadlines fire on the
  // next iteration.
  virtual void ArmAt(double deadline) = 0;
};

// An fd watcher its owner embeds: no heap block and no std::function, for objects there are
// thousands of (a capture per child pipe). Level-triggered, like Loop::WatchReadable. It runs on
// the default loop (the one every Loop wraps), so Set needs a Loop to exist. It must not move
// while started; destroying it stops it, and its callback may destroy it (and its owner).
class IoWatch {
 public:
  using Callback = void (*)(void* owner);
  IoWatch() = default;
  ~IoWatch() { Stop(); }
  IoWatch(const IoWatch&) = delete;
  IoWatch& operator=(const IoWatch&) = delete;

  // What to watch, and `cb(owner)` when ready. Stops it first; does not start it.
  void Set(const Loop& loop, int fd, bool writable, Callback cb, void* owner);
  void Start();
  void Stop();
  bool active() const;

  // The size of libev's ev_io (loop.cc checks it).
  static constexpr std::size_t kEvIoBytes = 48;

 private:
  static void Trampoline(struct ev_loop* loop, struct ev_io* io, int revents) noexcept;
  struct ev_io* io();
  const struct ev_io* io() const;

  alignas(void*) unsigned char storage_[kEvIoBytes] = {};  // an ev_io
  Callback cb_ = nullptr;                                  // null until Set
};

class Loop {
 public:
  // Uses libev's default loop (the only one that can watch children). Constructing more than
  // one Loop yields handles on that same loop.
  Loop();
  Loop(const Loop&) = delete;
  Loop& operator=(const Loop&) = delete;

  // Level-triggered: called while `fd` stays readable (or writable).
  [[nodiscard]] std::unique_ptr<Watcher> WatchReadable(int fd, std::function<void()> on_ready);
  [[nodiscard]] std::unique_ptr<Watcher> WatchWritable(int fd, std::function<void()> on_ready);

  [[nodiscard]] std::unique_ptr<Timer> NewTimer(std::function<void()> on_due);

  // SIGTERM, SIGINT, SIGQUIT, SIGHUP, SIGUSR2, …: delivered on the loop, never in a signal
  // handler. Several deliveries between two iterations are reported once.
  [[nodiscard]] std::unique_ptr<Watcher> WatchSignal(int signo, std::function<void()> on_signal);

  // Every child that exits, with its waitpid() status. libev's default loop reaps all
  // children itself (waitpid(-1) on SIGCHLD), so nobody else may call waitpid(-1).
  [[nodiscard]] std::unique_ptr<Watcher> WatchChildren(
      std::function<void(int pid, int status)> on_exit);

  // Registers `fn` to run before every child-exit callback (once, however often it is
  // registered): work deferred by io (output that waits for a chatty pipe to fill) is done
  // before an exit is reported, so a child's last output is logged before its exit.
  static void BeforeChildExit(void (*fn)());

  // Runs until Break() or until nothing is watched any more.
  void Run();
  // One iteration: waits for at least one event (or only polls when `block` is false) and
  // handles what is pending.
  void RunOnce(bool block = true);
  void Break();
  // After fork() in the process that keeps the loop (daemonize): libev re-creates its kernel
  // state (epoll fd, signal pipe).
  void Fork();

  // The loop's cached wall-clock time (ev_now), updated once per iteration.
  double Now() const;
  // Refreshes the cached time after long work inside a callback.
  void UpdateNow();
  // How many times the loop has polled so far (ev_iteration): lets tests prove it idles.
  unsigned Iterations() const;

 private:
  struct ev_loop* loop_;
};

}  // namespace svc::runtime::io
