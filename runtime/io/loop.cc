// Loop: one small class per libev watcher type; each C trampoline calls a copy of the
// std::function stored next to the libev watcher.
#include "runtime/io/loop.h"

#include <ev.h>

#include <cstdio>
#include <cstdlib>
#include <utility>
#include <vector>

namespace svc::runtime::io {
namespace {

std::vector<void (*)()>& BeforeChildExitHooks() {
  static std::vector<void (*)()> hooks;
  return hooks;
}

template <typename Fn, typename... Args>
void Invoke(const Fn& fn, Args... args) noexcept {
  // A copy, so the callback may destroy the watcher that owns `fn`.
  Fn copy = fn;
  if (copy) copy(args...);
}

class IoWatcher final : public Watcher {
 public:
  IoWatcher(struct ev_loop* loop, int fd, int events, std::function<void()> cb)
      : loop_(loop), cb_(std::move(cb)) {
    ev_io_init(&io_, &IoWatcher::Trampoline, fd, events);
    io_.data = this;
  }
  ~IoWatcher() override { Stop(); }
  void Start() override { ev_io_start(loop_, &io_); }
  void Stop() override { ev_io_stop(loop_, &io_); }
  bool active() const override { return ev_is_active(&io_); }

 private:
  static void Trampoline(struct ev_loop*, ev_io* w, int) noexcept {
    Invoke(static_cast<IoWatcher*>(w->data)->cb_);
  }
  struct ev_loop* loop_;
  ev_io io_{};
  std::function<void()> cb_;
};

class TimerWatcher final : public Timer {
 public:
  TimerWatcher(struct ev_loop* loop, std::function<void()> cb) : loop_(loop), cb_(std::move(cb)) {
    ev_timer_init(&timer_, &TimerWatcher::Trampoline, 0.0, 0.0);
    timer_.data = this;
  }
  ~TimerWatcher() override { Stop(); }
  void Start() override {
    if (armed_) ArmAt(deadline_);
  }
  void Stop() override { ev_timer_stop(loop_, &timer_); }
  bool active() const override { return ev_is_active(&timer_); }
  void ArmAt(double deadline) override {
    ev_timer_stop(loop_, &timer_);
    deadline_ = deadline;
    armed_ = true;
    const double delay = deadline - ev_now(loop_);
    ev_timer_set(&timer_, delay > 0.0 ? delay : 0.0, 0.0);
    ev_timer_start(loop_, &timer_);
  }

 private:
  static void Trampoline(struct ev_loop*, ev_timer* w, int) noexcept {
    Invoke(static_cast<TimerWatcher*>(w->data)->cb_);
  }
  struct ev_loop* loop_;
  ev_timer timer_{};
  std::function<void()> cb_;
  double deadline_ = 0.0;
  bool armed_ = false;
};

class SignalWatcher final : public Watcher {
 public:
  SignalWatcher(struct ev_loop* loop, int signo, std::function<void()> cb)
      : loop_(loop), cb_(std::move(cb)) {
    ev_signal_init(&signal_, &SignalWatcher::Trampoline, signo);
    signal_.data = this;
  }
  ~SignalWatcher() override { Stop(); }
  void Start() override { ev_signal_start(loop_, &signal_); }
  void Stop() override { ev_signal_stop(loop_, &signal_); }
  bool active() const override { return ev_is_active(&signal_); }

 private:
  static void Trampoline(struct ev_loop*, ev_signal* w, int) noexcept {
    Invoke(static_cast<SignalWatcher*>(w->data)->cb_);
  }
  struct ev_loop* loop_;
  ev_signal signal_{};
  std::function<void()> cb_;
};

class ChildWatcher final : public Watcher {
 public:
  ChildWatcher(struct ev_loop* loop, std::function<void(int, int)> cb)
      : loop_(loop), cb_(std::move(cb)) {
    ev_child_init(&child_, &ChildWatcher::Trampoline, 0, 0);  // any pid, exits only
    child_.data = this;
  }
  ~ChildWatcher() override { Stop(); }
  void Start() override { ev_child_start(loop_, &child_); }
  void Stop() override { ev_child_stop(loop_, &child_); }
  bool active() const override { return ev_is_active(&child_); }

 private:
  static void Trampoline(struct ev_loop*, ev_child* w, int) noexcept {
    for (void (*hook)() : BeforeChildExitHooks()) hook();
    Invoke(static_cast<ChildWatcher*>(w->data)->cb_, w->rpid, w->rstatus);
  }
  struct ev_loop* loop_;
  ev_child child_{};
  std::function<void(int, int)> cb_;
};

template <typename W>
std::unique_ptr<W> Started(std::unique_ptr<W> watcher) {
  watcher->Start();
  return watcher;
}

}  // namespace

static_assert(sizeof(ev_io) == IoWatch::kEvIoBytes && alignof(ev_io) <= alignof(void*),
              "IoWatch's storage must hold exactly an ev_io");

ev_io* IoWatch::io() { return reinterpret_cast<ev_io*>(storage_); }
const ev_io* IoWatch::io() const { return reinterpret_cast<const ev_io*>(storage_); }

void IoWatch::Set(const Loop&, int fd, bool writable, Callback cb, void* owner) {
  Stop();
  ev_io* w = io();
  ev_io_init(w, &IoWatch::Trampoline, fd, writable ? EV_WRITE : EV_READ);
  w->data = owner;
  cb_ = cb;
}

// The Loop given to Set made sure the default loop exists.
void IoWatch::Start() { ev_io_start(EV_DEFAULT_UC_ io()); }

void IoWatch::Stop() {
  if (cb_ != nullptr) ev_io_stop(EV_DEFAULT_UC_ io());
}

bool IoWatch::active() const { return ev_is_active(io()); }

void IoWatch::Trampoline(struct ev_loop*, ev_io* w, int) noexcept {
  // ev_io is IoWatch's first member: w is the IoWatch.
  const IoWatch* watch = reinterpret_cast<const IoWatch*>(w);
  watch->cb_(w->data);  // may destroy *watch
}

Loop::Loop() : loop_(ev_default_loop(EVFLAG_AUTO)) {
  if (loop_ == nullptr) {
    // Impossible short of a broken kernel: libev found no usable backend at all.
    fprintf(stderr, "%s:%d: libev: no usable event backend\n", __FILE__, __LINE__);
    abort();
  }
}

void Loop::BeforeChildExit(void (*fn)()) {
  std::vector<void (*)()>& hooks = BeforeChildExitHooks();
  for (void (*hook)() : hooks) {
    if (hook == fn) return;
  }
  hooks.push_back(fn);
}

std::unique_ptr<Watcher> Loop::WatchReadable(int fd, std::function<void()> on_ready) {
  return Started(std::make_unique<IoWatcher>(loop_, fd, EV_READ, std::move(on_ready)));
}

std::unique_ptr<Watcher> Loop::WatchWritable(int fd, std::function<void()> on_ready) {
  return Started(std::make_unique<IoWatcher>(loop_, fd, EV_WRITE, std::move(on_ready)));
}

std::unique_ptr<Timer> Loop::NewTimer(std::function<void()> on_due) {
  return std::make_unique<TimerWatcher>(loop_, std::move(on_due));
}

std::unique_ptr<Watcher> Loop::WatchSignal(int signo, std::function<void()> on_signal) {
  return Started(std::make_unique<SignalWatcher>(loop_, signo, std::move(on_signal)));
}

std::unique_ptr<Watcher> Loop::WatchChildren(std::function<void(int pid, int status)> on_exit) {
  return Started(std::make_unique<ChildWatcher>(loop_, std::move(on_exit)));
}

void Loop::Run() { ev_run(loop_, 0); }

void Loop::RunOnce(bool block) { ev_run(loop_, block ? EVRUN_ONCE : EVRUN_NOWAIT); }

void Loop::Fork() { ev_loop_fork(loop_); }

void Loop::Break() { ev_break(loop_, EVBREAK_ALL); }

double Loop::Now() const { return ev_now(loop_); }

void Loop::UpdateNow() { ev_now_update(loop_); }

unsigned Loop::Iterations() const { return ev_iteration(loop_); }

}  // namespace svc::runtime::io
