#include "matching/parallel.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace fostermatch::matching {

void ForEachOnThreads(size_t count, int threads, const std::function<void(size_t)>& work) {
  std::atomic<size_t> next{0};
  std::mutex failed_mu;
  std::exception_ptr failed;
  auto take = [&] {
    for (size_t k = next++; k < count; k = next++) {
      try {
        work(k);
      } catch (...) {
        std::lock_guard lock(failed_mu);
        if (!failed) failed = std::current_exception();
        next = count;  // the others stop at their next k
      }
    }
  };
  {
    std::vector<std::jthread> helpers;
    const size_t used = std::min<size_t>(static_cast<size_t>(std::max(1, threads)), count);
    for (size_t t = 1; t < used; ++t) helpers.emplace_back(take);
    take();
  }  // joined
  if (failed) std::rethrow_exception(failed);
}

int ThreadsOrCores(int threads) {
  return threads > 0 ? threads
                     : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

}  // namespace fostermatch::matching
