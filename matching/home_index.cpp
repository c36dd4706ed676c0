// The column-wise index of homes: building it, finding a home, and ranking homes for a need.

#include <algorithm>
#include <cstdint>
#include <tuple>

#include "matching/rules.h"
#include "matching/score.h"

namespace fostermatch::matching {

template <typename Self>
auto HomeIndex::Columns(Self& self) {
  return std::tie(self.id_, self.agency_, self.region_, self.types_, self.flags_, self.registered_,
                  self.expires_, self.last_renewal_, self.last_practical_, self.capacity_,
                  self.free_, self.max_siblings_, self.age_min_, self.age_max_, self.sexes_,
                  self.accepts_needs_, self.months_unplaced_, self.soft_readiness_,
                  self.recent_hours_);
}

HomeIndex::HomeIndex(std::span<const HomeInput> homes,
                     std::shared_ptr<const RegionDistances> regions, Date today, MatchPolicy policy)
    : regions_(std::move(regions)), today_(today), policy_(policy) {
  std::vector<const HomeInput*> by_id;
  by_id.reserve(homes.size());
  for (const HomeInput& home : homes) by_id.push_back(&home);
  std::sort(by_id.begin(), by_id.end(),
            [](const HomeInput* a, const HomeInput* b) { return a->parent.id < b->parent.id; });
  std::apply([&](auto&... column) { (column.reserve(homes.size()), ...); }, Columns(*this));
  for (const HomeInput* home : by_id) {
    // A home in an unknown region cannot be placed with.
    if (auto region = regions_->Index(home->parent.region)) Append(*home, *region);
  }
  homes_by_region_.resize(regions_->size());
  for (size_t i = 0; i < region_.size(); ++i) {
    homes_by_region_[region_[i]].push_back(static_cast<uint32_t>(i));
  }
}

void HomeIndex::Append(const HomeInput& in, uint16_t region) {
  const FosterParent& fp = in.parent;
  const HomeFacts facts = DeriveHomeFacts(fp, in.trainings, in.placements, today_,
                                          policy_.readiness, policy_.long_unplaced_months);
  uint8_t flags = 0;
  if (fp.status == ParentStatus::kActive) flags |= kFlagActive;
  if (fp.respite_only) flags |= kFlagRespiteOnly;
  if (BaseCoursesDone(fp.types, facts.trainings)) flags |= kFlagBaseCourses;
  if (facts.trainings.specialized) flags |= kFlagSpecializedCourse;
  auto days_or_min = [](const std::optional<Date>& d) { return d ? d->days() : INT32_MIN; };
  id_.push_back(fp.id);
  agency_.push_back(static_cast<int32_t>(fp.agency_id));
  region_.push_back(region);
  types_.push_back(fp.types.bits());
  flags_.push_back(flags);
  registered_.push_back(fp.registered_on.days());
  expires_.push_back(fp.registration_expires_on.days());
  last_renewal_.push_back(days_or_min(facts.trainings.last_renewal));
  last_practical_.push_back(days_or_min(facts.trainings.last_practical));
  // Clamped to the ranges the scoring tables cover (validation keeps real data inside them).
  const int capacity = std::clamp(fp.capacity, 0, kSlotCap - 1);
  capacity_.push_back(static_cast<uint8_t>(capacity));
  free_.push_back(
      static_cast<uint8_t>(std::clamp(capacity - facts.committed_children, 0, kSlotCap - 1)));
  max_siblings_.push_back(static_cast<uint8_t>(std::clamp(fp.accepts.max_siblings, 0, 255)));
  age_min_.push_back(static_cast<uint8_t>(std::clamp(fp.accepts.age_min, 0, kMaxChildAge)));
  age_max_.push_back(static_cast<uint8_t>(std::clamp(fp.accepts.age_max, 0, kMaxChildAge)));
  sexes_.push_back(fp.accepts.sexes.bits());
  accepts_needs_.push_back(fp.accepts.needs.bits());
  months_unplaced_.push_back(static_cast<uint16_t>(std::clamp(facts.months_unplaced, 0, 65535)));
  soft_readiness_.push_back(facts.readiness.soft);
  recent_hours_.push_back(static_cast<float>(facts.trainings.recent_hours));
}

size_t HomeIndex::MemoryBytes() const {
  return std::apply(
             [](const auto&... column) { return ((sizeof(column[0]) * column.size()) + ...); },
             Columns(*this)) +
         sizeof(uint32_t) * region_.size();  // homes_by_region_
}

std::optional<size_t> HomeIndex::Find(int64_t foster_parent_id) const {
  auto it = std::lower_bound(id_.begin(), id_.end(), foster_parent_id);
  if (it == id_.end() || *it != foster_parent_id) return std::nullopt;
  return static_cast<size_t>(it - id_.begin());
}

std::optional<Exclusion> HomeIndex::Check(size_t i, const Need& need) const {
  const NeedQuery q = NeedQuery::From(need, *regions_, today_, policy_.max_travel_minutes);
  return FirstFailure(Gather(i), q);
}

namespace {

// A home that passed every rule, with its score.
struct Scored {
  int64_t score;  // hundredths of a point
  int64_t id;
  size_t index;
};

// Best score first; equal scores by id, so the order never depends on the input's order.
// (A lambda rather than a function, so that the heap algorithms inline it.)
constexpr auto Better = [](const Scored& a, const Scored& b) {
  return a.score != b.score ? a.score > b.score : a.id < b.id;
};

// The best `limit` homes so far, as a heap whose top is the worst of them: most eligible homes
// are turned away by one comparison with it.
class TopK final {
 public:
  explicit TopK(size_t limit) : limit_(limit) { best_.reserve(limit + 1); }
  void Offer(const Scored& s) {
    if (best_.size() < limit_) {
      best_.push_back(s);
      std::push_heap(best_.begin(), best_.end(), Better);
    } else if (limit_ > 0 && Better(s, best_.front())) {
      std::pop_heap(best_.begin(), best_.end(), Better);
      best_.back() = s;
      std::push_heap(best_.begin(), best_.end(), Better);
    }
  }
  // Best first.
  std::vector<Scored> Take() && {
    std::sort_heap(best_.begin(), best_.end(), Better);
    return std::move(best_);
  }

 private:
  size_t limit_;
  std::vector<Scored> best_;
};

}  // namespace

RankResult HomeIndex::Rank(const Need& need, const RankOptions& options) const {
  RankResult result;
  result.weights = policy_.weights;
  NeedQuery q = NeedQuery::From(need, *regions_, today_, policy_.max_travel_minutes);
  q.PrepareScoring(policy_, regions_->size());
  TopK best(options.limit);
  // Counts by first failing rule, eligible homes last; local so that the loop keeps them out of
  // the result it returns (stores to it could alias anything).
  constexpr uint32_t kEligibleBit = 1u << kExclusionCount;
  std::array<int, kExclusionCount + 1> counts{};
  auto consider = [&](size_t i) {
    const Row h = Gather(i);
    const uint32_t mask = FailureMask(h, q);
    ++counts[std::countr_zero(mask | kEligibleBit)];
    if (mask == 0 && options.limit > 0) {
      best.Offer({ScoreHundredths(WeighedScore(q, ScoreComponents(h, q))), h.id, i});
    }
  };
  // Every home is evaluated unless reachable_only prunes the regions beyond the travel limit.
  // A far home costs its mask, never a score.
  const bool filter_agency = options.agency_id.has_value();
  const int32_t agency = filter_agency ? static_cast<int32_t>(*options.agency_id) : 0;
  if (options.reachable_only && !filter_agency) {
    for (size_t r = 0; q.region >= 0 && r < homes_by_region_.size(); ++r) {
      if (q.minutes[r] > q.max_minutes) continue;
      for (uint32_t i : homes_by_region_[r]) consider(i);
    }
  } else {
    for (size_t i = 0; i < id_.size(); ++i) {
      if (filter_agency && agency_[i] != agency) continue;
      consider(i);
    }
  }
  std::copy_n(counts.begin(), kExclusionCount, result.excluded.begin());
  result.eligible = counts[kExclusionCount];
  for (int c : counts) result.evaluated += c;
  for (const Scored& s : std::move(best).Take()) {
    const Row h = Gather(s.index);
    Candidate c;
    c.foster_parent_id = h.id;
    c.agency_id = h.agency;
    c.components = ScoreComponents(h, q);
    c.score = static_cast<double>(s.score) / 100;
    if (options.explain) c.reasons = Explain(h, q, need);
    result.candidates.push_back(std::move(c));
  }
  return result;
}

}  // namespace fostermatch::matching
