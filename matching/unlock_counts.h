#pragma once

// Internal to the engine: the single changes tried on a long-unplaced home, the open needs as
// bitsets by what each hard rule reads, and the counts of needs each change would unlock.

#include <array>
#include <cstdint>
#include <vector>

#include "matching/need_query.h"
#include "matching/open_needs.h"

namespace fostermatch::matching {

inline constexpr size_t kChangeCount = 12;

// The kind (and category, for accepting a need) of change `c`, 0 <= c < kChangeCount.
Unlock::Kind ChangeKind(size_t c);
// Applies change `c` to `r` as of `today`; false if the home already has it.
bool ApplyChange(size_t c, Row& r, Date today);

// The needs one change would unlock: blocked for the home as it is, eligible once changed.
struct UnlockCount {
  int needs = 0;
  int age_min = 0, age_max = 0;  // the youngest and oldest of them (when needs > 0)
};

struct UnlockCounts {
  int eligible_now = 0;
  std::array<UnlockCount, kChangeCount> by_change{};  // 0 needs: not offered
};

// The needs reachable from one home region, sorted by their possible start, as bitsets (bit k:
// the k-th need) by the values each hard rule reads, so that the needs a home passes are a few
// bitsets ANDed over the word range its dates allow. Mirrors the rules of matching/rules.h
// (tests/unlocks_test.cpp checks it against them).
struct OpenNeeds::Reach {
  size_t count = 0;
  size_t words = 0;
  std::vector<int32_t> start;              // ascending
  std::vector<int32_t> cycle_specialized;  // start minus 2 years: ascending with start
  std::vector<int32_t> cycle_other;        // start minus 5 years
  std::vector<uint8_t> age;
  // Bitsets of `words` words each, at these offsets into `bits`.
  static constexpr size_t kAll = 0;
  static constexpr size_t kRespite = 1;
  static constexpr size_t kSex = 2;        // + sexes bits (4): the needs of those sexes
  static constexpr size_t kRequires = 6;   // + set (32) of requires_type + 1: needs asking one
  static constexpr size_t kSpecial = 38;   // + accepted needs (16): needs whose special ⊆ them
  static constexpr size_t kSiblings = 54;  // + k (kSlotCap): needs of at most k children
  static constexpr size_t kAgeBelow = 62;  // + a (kAgeSlots + 1): needs of children under a
  static constexpr size_t kBitsets = kAgeBelow + kAgeSlots + 1;
  std::vector<uint64_t> bits;

  const uint64_t* Set(size_t offset) const { return &bits[offset * words]; }
};

// What each change would unlock for `row` (a home as the index holds it) against `reach` (the
// needs reachable from its region), judged on `today`.
UnlockCounts CountUnlocks(const Row& row, const OpenNeeds::Reach& reach, Date today);

// The unlocks offered for those counts, in words, most needs first.
std::vector<Unlock> UnlocksFrom(const Row& row, const UnlockCounts& counts);

}  // namespace fostermatch::matching
