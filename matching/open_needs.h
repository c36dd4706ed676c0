#pragma once

// Today's open needs summarised rule by rule, for "what single change would unlock this home".
// A long-unplaced home's entry depends only on the home and this summary, so its unlocks cost a
// few bitset operations per rule and change (one bit a need reachable from the home's region)
// instead of a trial of every change against every need, and a household that changes needs
// only its own entry recomputed.

#include <cstdint>
#include <span>
#include <vector>

#include "matching/engine.h"

namespace fostermatch::matching {

class OpenNeeds final {
 public:
  // `needs` as judged by `index` (its regions, today and travel limit): the summary serves that
  // index only (and any built on the same day from the same regions and policy).
  OpenNeeds(std::span<const Need> needs, const HomeIndex& index);
  OpenNeeds(OpenNeeds&&) noexcept;
  OpenNeeds& operator=(OpenNeeds&&) noexcept;
  ~OpenNeeds();

  size_t size() const { return count_; }
  Date today() const { return today_; }

  // The needs reachable from one home region, as bitsets by what each rule reads (open_needs.cpp,
  // matching/unlock_counts.h). Internal to the engine.
  struct Reach;
  const Reach& From(uint16_t home_region) const;

 private:
  size_t count_ = 0;
  Date today_;
  std::vector<Reach> by_region_;  // by home region
};

// The long-unplaced order: closest to ready first (readiness score, then the longest wait, then
// the lower id).
bool CloserToReady(const LongUnplacedEntry& a, const LongUnplacedEntry& b);
// What that order reads of an entry: all of it is the home's own (derived fields and id), so a
// list may be sorted before its entries are computed.
struct ReadyOrderKey {
  int readiness_score = 0;
  int months_unplaced = 0;
  int64_t foster_parent_id = 0;
};
bool KeyCloserToReady(const ReadyOrderKey& a, const ReadyOrderKey& b);

}  // namespace fostermatch::matching
