// Two-way fork/join for the compiler's big, independent loops (fingerprints, JSON of process
// ranges): `svc build` is timed on two cores, and each half writes only its own outputs, so the
// result does not depend on which half finishes first.
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

namespace svc::plan {

// Below this many items a second thread costs more than it saves.
inline constexpr size_t kParallelMinItems = 256;

// Runs `second` on a new thread and `first` on this one, and returns when both are done. When no
// thread can be started, runs both here, `first` then `second`.
void RunBoth(const std::function<void()>& first, const std::function<void()>& second);

// The split point of [0, n) between RunBoth's two halves: n when n is too small to share.
size_t SplitPoint(size_t n);

// The same for items of different sizes: the index that halves the total weight (at least one
// item on each side), or weights.size() when the total is too small to share.
size_t SplitPoint(const std::vector<size_t>& weights);

// Off by default: SplitPoint then keeps everything on one thread. Measured on the 2-vCPU VM this
// project is benchmarked on, two threads that allocate and fault in fresh pages at the same
// time cost two to three times the CPU of one (page-fault and allocator contention in the
// guest), and were slower in wall time too; `svc` turns it on when SVC_THREADS=2.
void SetParallel(bool on);

}  // namespace svc::plan
