// pthread directly rather than std::thread: a failure to start a thread is an error code to fall
// back on, not an exception (design.md: no exceptions in our code).
#include "schema/parallel.h"

#include <pthread.h>

#include <algorithm>
#include <atomic>

namespace svc::plan {
namespace {

std::atomic<bool> parallel{false};

void* RunTask(void* task) {
  (*static_cast<const std::function<void()>*>(task))();
  return nullptr;
}

}  // namespace

void RunBoth(const std::function<void()>& first, const std::function<void()>& second) {
  pthread_t thread;
  void* task = const_cast<std::function<void()>*>(&second);
  if (pthread_create(&thread, nullptr, RunTask, task) != 0) {
    first();
    second();
    return;
  }
  first();
  pthread_join(thread, nullptr);
}

size_t SplitPoint(size_t n) { return n < kParallelMinItems || !parallel.load() ? n : n / 2; }

size_t SplitPoint(const std::vector<size_t>& weights) {
  size_t total = 0;
  for (size_t w : weights) total += w;
  if (total < kParallelMinItems || weights.size() < 2 || !parallel.load()) {
    return weights.size();
  }
  size_t i = 0, sum = 0;
  while (i + 1 < weights.size() && (sum + weights[i]) * 2 <= total) sum += weights[i++];
  return std::max<size_t>(i, 1);
}

void SetParallel(bool on) { parallel.store(on); }

}  // namespace svc::plan
