#pragma once

// Inside the use-case layer: the needs this process read since the data version last moved.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "matching/domain.h"

namespace fostermatch::usecases {

// Every write of a need notes it in the change log (NeedRepository), and a snapshot knows the
// newest version that changed a need (MatchingSnapshot::needs_version), so a need read from the
// database after the process learned that V is that version is current until it passes V:
// candidates and why-not answer their need from memory while households change, with the scope
// check still applied per request. Thread-safe.
class NeedCache final {
 public:
  // Needs kept at most; beyond it the cache starts again empty (a bound, not an eviction policy:
  // a city has a few thousand open needs).
  static constexpr size_t kMostNeeds = 100'000;

  using Load = std::function<std::optional<matching::Need>()>;

  // The need `id` as of needs version `version` (a snapshot's needs_version), which the caller
  // learned from the database before this call: from memory if read at that version already,
  // else `load()` (a database read made now), kept if the version has not moved meanwhile. A need
  // that does not exist is not kept. Throws what `load` throws.
  std::optional<matching::Need> Find(int64_t id, uint64_t version, const Load& load);

 private:
  std::mutex mu_;
  uint64_t version_ = 0;  // every kept need was read after this needs version was the latest
  std::unordered_map<int64_t, matching::Need> needs_;
};

}  // namespace fostermatch::usecases
