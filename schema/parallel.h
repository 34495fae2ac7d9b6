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

// Makes SplitPoint keep everything on one thread, so tests can compare both ways' results.
void SetSerialForTesting(bool serial);

}  // namespace svc::plan
