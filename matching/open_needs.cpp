// The open needs as bitsets by rule, and the needs each single change would unlock for a home.

#include "matching/open_needs.h"

#include <algorithm>
#include <array>
#include <bit>
#include <climits>

#include "matching/rules.h"
#include "matching/unlock_counts.h"

namespace fostermatch::matching {

using Reach = OpenNeeds::Reach;

static_assert(Reach::kSex + 4 == Reach::kRequires && Reach::kRequires + 32 == Reach::kSpecial &&
                  Reach::kSpecial + 16 == Reach::kSiblings &&
                  Reach::kSiblings + kSlotCap == Reach::kAgeBelow,
              "bitset groups side by side");
static_assert(kSpecialNeeds < 16, "special needs index 16 bitsets");

namespace {

// What the rules read of a need, without its region (the reach stands for that).
struct NeedFacts {
  int32_t start, cycle_specialized, cycle_other;
  uint8_t age, sex_bit, siblings, special;
  bool respite;
  int requires_type;  // -1: none
};

NeedFacts FactsOf(const NeedQuery& q) {
  return {q.start,
          q.cycle_start_specialized,
          q.cycle_start_other,
          q.age,
          q.sex_bit,
          q.siblings,
          q.special,
          q.respite,
          q.required_types == 0 ? -1 : std::countr_zero(q.required_types)};
}

// Whether a need of `n` is in each bitset of a Reach.
bool InSet(const NeedFacts& n, size_t set) {
  using R = Reach;
  if (set == R::kAll) return true;
  if (set == R::kRespite) return n.respite;
  if (set < R::kRequires) return ((set - R::kSex) & n.sex_bit) != 0;
  if (set < R::kSpecial) return ((set - R::kRequires) >> (n.requires_type + 1)) & 1;
  if (set < R::kSiblings) return (n.special & (set - R::kSpecial)) == n.special;
  if (set < R::kAgeBelow) return n.siblings <= set - R::kSiblings;
  return n.age < set - R::kAgeBelow;
}

// The bitsets of a Reach a need is in, one bit each: judged once per need rather than once per
// home region that reaches it.
struct ReachableNeed {
  NeedFacts facts;
  int region;
  std::array<uint64_t, (Reach::kBitsets + 63) / 64> sets{};
};

ReachableNeed Reachable(const NeedFacts& n, int region) {
  ReachableNeed out{n, region, {}};
  for (size_t set = 0; set < Reach::kBitsets; ++set) {
    if (InSet(n, set)) out.sets[set / 64] |= uint64_t{1} << (set % 64);
  }
  return out;
}

// `needs` in ascending start (the order Select's searches need).
Reach MakeReach(const std::vector<const ReachableNeed*>& needs) {
  Reach r;
  r.count = needs.size();
  r.words = (needs.size() + 63) / 64;
  r.bits.assign(Reach::kBitsets * r.words, 0);
  r.start.reserve(needs.size());
  r.cycle_specialized.reserve(needs.size());
  r.cycle_other.reserve(needs.size());
  r.age.reserve(needs.size());
  for (size_t k = 0; k < needs.size(); ++k) {
    const NeedFacts& n = needs[k]->facts;
    r.start.push_back(n.start);
    r.cycle_specialized.push_back(n.cycle_specialized);
    r.cycle_other.push_back(n.cycle_other);
    r.age.push_back(n.age);
    const uint64_t bit = uint64_t{1} << (k % 64);
    for (size_t w = 0; w < needs[k]->sets.size(); ++w) {
      for (uint64_t x = needs[k]->sets[w]; x != 0; x &= x - 1) {
        const size_t set = w * 64 + static_cast<size_t>(std::countr_zero(x));
        r.bits[set * r.words + k / 64] |= bit;
      }
    }
  }
  return r;
}

// Which bitsets hold the needs a home passes each rule for, and the positions its dates allow.
struct Selection {
  size_t begin = 0, end = 0;  // positions [begin, end): empty when nothing passes
  size_t requires_set = Reach::kAll, special = Reach::kAll, respite = Reach::kAll;
  size_t sex = Reach::kAll, siblings = Reach::kAll, age_below_max = Reach::kAll;
  size_t age_below_min = Reach::kAll;  // excluded
};

// The rules of matching/rules.h, rule by rule, as bitsets and a range of starts.
Selection Select(const Row& h, const Reach& r) {
  Selection s;
  // not_active, and training_incomplete's base courses: nothing passes.
  if (!(h.flags & kFlagActive) || !(h.flags & kFlagBaseCourses)) return s;
  // type_mismatch: a required type held; no type asked of a single-purpose home; special needs
  // to a specialized home or one accepting them.
  const bool single_purpose =
      h.types == Bit(FosterType::kKinship) || h.types == Bit(FosterType::kAdoptive);
  unsigned requires_types = single_purpose ? 0u : 1u;
  for (unsigned t = 0; t < 4; ++t) requires_types |= ((h.types >> t) & 1u) << (t + 1);
  bool special_checked = !HasSpecializedType(h);
  // training_incomplete without the specialized course: no placement may rely on that type.
  if (!(h.flags & kFlagSpecializedCourse)) {
    if (h.types == Bit(FosterType::kSpecialized)) return s;
    requires_types &= ~(1u << (static_cast<unsigned>(FosterType::kSpecialized) + 1));
    special_checked = true;
  }
  s.requires_set = Reach::kRequires + requires_types;
  if (special_checked) s.special = Reach::kSpecial + (h.accepts_needs & kSpecialNeeds);
  // respite_only, sex_not_accepted, no_capacity with too_many_siblings, age_out_of_range.
  if (h.flags & kFlagRespiteOnly) s.respite = Reach::kRespite;
  s.sex = Reach::kSex + (h.sexes & 3u);
  s.siblings = Reach::kSiblings + std::min<size_t>({h.free, h.max_siblings, kSlotCap - 1});
  s.age_below_max = Reach::kAgeBelow + std::min<size_t>(h.age_max, kMaxChildAge) + 1;
  s.age_below_min = Reach::kAgeBelow + std::min<size_t>(h.age_min, kMaxChildAge + 1);
  // registration_expired: the start within the registration; training_incomplete's renewal: the
  // cycle before the start (later with the start) begins no later than the last renewal.
  const std::vector<int32_t>& cycle = HasSpecializedType(h) ? r.cycle_specialized : r.cycle_other;
  const int32_t renewed = std::max(h.registered, h.last_renewal);
  s.begin = std::lower_bound(r.start.begin(), r.start.end(), h.registered) - r.start.begin();
  s.end = std::min(std::upper_bound(r.start.begin(), r.start.end(), h.expires) - r.start.begin(),
                   std::upper_bound(cycle.begin(), cycle.end(), renewed) - cycle.begin());
  s.end = std::max(s.begin, s.end);
  return s;
}

// Calls visit(word, bits) for each word of the needs home `h` passes every rule for.
template <typename Visit>
void ForEachPassing(const Row& h, const Reach& r, Visit&& visit) {
  const Selection s = Select(h, r);
  if (s.begin == s.end) return;
  const uint64_t* sets[] = {r.Set(s.requires_set), r.Set(s.special),  r.Set(s.respite),
                            r.Set(s.sex),          r.Set(s.siblings), r.Set(s.age_below_max)};
  const uint64_t* below_min = r.Set(s.age_below_min);
  for (size_t w = s.begin / 64; w * 64 < s.end; ++w) {
    uint64_t x = ~below_min[w];
    for (const uint64_t* set : sets) x &= set[w];
    // Only the positions the dates allow.
    if (w == s.begin / 64) x &= ~uint64_t{0} << (s.begin % 64);
    if ((w + 1) * 64 > s.end) x &= ~(~uint64_t{0} << (s.end % 64));
    if (x) visit(w, x);
  }
}

// The youngest and oldest child among `needs` (bits over `r`, not empty): the age bitsets are
// nested, so each is a search over them.
void AgesOf(const std::vector<uint64_t>& needs, const Reach& r, UnlockCount& u) {
  auto any_below = [&](size_t age) {
    const uint64_t* below = r.Set(Reach::kAgeBelow + age);
    for (size_t w = 0; w < r.words; ++w) {
      if (needs[w] & below[w]) return true;
    }
    return false;
  };
  size_t lo = 0, hi = kAgeSlots;  // the youngest is the first age a with needs below a + 1
  while (lo < hi) {
    const size_t mid = (lo + hi) / 2;
    any_below(mid + 1) ? hi = mid : lo = mid + 1;
  }
  u.age_min = static_cast<int>(lo);
  lo = 0, hi = kAgeSlots;  // the oldest is the last age a with needs not below a
  while (lo + 1 < hi) {
    const size_t mid = (lo + hi) / 2;
    auto all_below = [&] {
      const uint64_t* below = r.Set(Reach::kAgeBelow + mid);
      for (size_t w = 0; w < r.words; ++w) {
        if (needs[w] & ~below[w]) return false;
      }
      return true;
    };
    all_below() ? hi = mid : lo = mid;
  }
  u.age_max = static_cast<int>(lo);
}

}  // namespace

OpenNeeds::OpenNeeds(std::span<const Need> needs, const HomeIndex& index)
    : count_(needs.size()), today_(index.today()) {
  const RegionDistances& regions = index.regions();
  const double limit = index.policy().max_travel_minutes;
  // The needs with a known region (an unknown region reaches no home), in ascending start; then,
  // for each home region, those of the regions within the travel limit, in that order: the
  // too_far rule. Ties in start may fall in any order: a Reach's answers are counts and ranges.
  std::vector<ReachableNeed> known;
  known.reserve(needs.size());
  for (const Need& need : needs) {
    const NeedQuery q = NeedQuery::From(need, regions, today_, limit);
    if (q.region >= 0) known.push_back(Reachable(FactsOf(q), q.region));
  }
  std::stable_sort(known.begin(), known.end(), [](const ReachableNeed& a, const ReachableNeed& b) {
    return a.facts.start < b.facts.start;
  });
  by_region_.reserve(regions.size());
  std::vector<const ReachableNeed*> reachable;
  for (size_t home = 0; home < regions.size(); ++home) {
    reachable.clear();
    for (const ReachableNeed& n : known) {
      if (!(regions.MinutesTo(static_cast<uint16_t>(n.region))[home] > limit)) {
        reachable.push_back(&n);
      }
    }
    by_region_.push_back(MakeReach(reachable));
  }
}

OpenNeeds::OpenNeeds(OpenNeeds&&) noexcept = default;
OpenNeeds& OpenNeeds::operator=(OpenNeeds&&) noexcept = default;
const OpenNeeds::Reach& OpenNeeds::From(uint16_t home_region) const {
  return by_region_[home_region];
}

OpenNeeds::~OpenNeeds() = default;

UnlockCounts CountUnlocks(const Row& row, const Reach& reach, Date today) {
  UnlockCounts out;
  std::vector<uint64_t> now(reach.words, 0);
  ForEachPassing(row, reach, [&](size_t w, uint64_t x) {
    now[w] = x;
    out.eligible_now += std::popcount(x);
  });
  std::vector<uint64_t> gained;
  for (size_t c = 0; c < kChangeCount; ++c) {
    Row changed = row;
    if (!ApplyChange(c, changed, today)) continue;
    UnlockCount& u = out.by_change[c];
    const bool ages = ChangeKind(c) == Unlock::Kind::kWiderAgeRange;
    if (ages) gained.assign(reach.words, 0);
    ForEachPassing(changed, reach, [&](size_t w, uint64_t x) {
      const uint64_t unlocked = x & ~now[w];
      u.needs += std::popcount(unlocked);
      if (ages) gained[w] = unlocked;
    });
    if (ages && u.needs > 0) AgesOf(gained, reach, u);
  }
  return out;
}

bool CloserToReady(const LongUnplacedEntry& a, const LongUnplacedEntry& b) {
  return KeyCloserToReady({a.facts.readiness.score, a.facts.months_unplaced, a.foster_parent_id},
                          {b.facts.readiness.score, b.facts.months_unplaced, b.foster_parent_id});
}

bool KeyCloserToReady(const ReadyOrderKey& a, const ReadyOrderKey& b) {
  if (a.readiness_score != b.readiness_score) return a.readiness_score > b.readiness_score;
  if (a.months_unplaced != b.months_unplaced) return a.months_unplaced > b.months_unplaced;
  return a.foster_parent_id < b.foster_parent_id;
}

}  // namespace fostermatch::matching
