#pragma once

// Work spread over a few threads: the monthly run ranks needs and solves the assignment's
// connected parts side by side. Results go to slots the caller sized, so they are the same on
// any number of threads.
#include <cstddef>
#include <functional>

namespace fostermatch::matching {

// Calls `work(k)` once for every k in [0, count), on up to `threads` threads (the caller's
// among them), taking the next k as each finishes. An exception from any call stops the others
// at their next k and is rethrown once all have stopped.
void ForEachOnThreads(size_t count, int threads, const std::function<void(size_t)>& work);

// The threads "0: one per core" means.
int ThreadsOrCores(int threads);

}  // namespace fostermatch::matching
