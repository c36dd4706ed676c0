// The column-wise index of homes: building it, finding a home, and ranking homes for a need.

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <tuple>
#include <utility>

#include "matching/rules.h"
#include "matching/score.h"

namespace fostermatch::matching {

const std::shared_ptr<const std::vector<Reason>>& NoReasons() {
  static const auto none = std::make_shared<const std::vector<Reason>>();
  return none;
}

template <typename Self>
auto HomeIndex::Columns(Self& self) {
  return std::tie(self.id_, self.agency_, self.region_, self.types_, self.flags_, self.registered_,
                  self.expires_, self.last_renewal_, self.last_practical_, self.capacity_,
                  self.free_, self.max_siblings_, self.age_min_, self.age_max_, self.sexes_,
                  self.accepts_needs_, self.months_unplaced_, self.soft_readiness_,
                  self.recent_hours_);
}

// The fields of `row` in the order of Columns().
auto RowFields(const Row& r) {
  return std::tie(r.id, r.agency, r.region, r.types, r.flags, r.registered, r.expires,
                  r.last_renewal, r.last_practical, r.capacity, r.free, r.max_siblings, r.age_min,
                  r.age_max, r.sexes, r.accepts_needs, r.months_unplaced, r.soft_readiness,
                  r.recent_hours);
}

// Calls `f(column, value)` for each column of `index` with the matching field of `row`.
template <typename Columns, typename F>
void ForEachColumn(Columns columns, const Row& row, F f) {
  const auto fields = RowFields(row);
  [&]<size_t... I>(std::index_sequence<I...>) {
    (f(std::get<I>(columns), std::get<I>(fields)), ...);
  }
  (std::make_index_sequence<std::tuple_size_v<Columns>>{});
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
    if (auto region = regions_->Index(home->parent.region)) {
      InsertRow(id_.size(), MakeRow(*home, *region));
    }
  }
  homes_by_region_.resize(regions_->size());
  for (size_t i = 0; i < region_.size(); ++i) {
    homes_by_region_[region_[i]].push_back(static_cast<uint32_t>(i));
  }
}

Row HomeIndex::MakeRow(const HomeInput& in, uint16_t region) const {
  const FosterParent& fp = in.parent;
  const HomeFacts facts = DeriveHomeFacts(fp, in.trainings, in.placements, today_,
                                          policy_.readiness, policy_.long_unplaced_months);
  uint8_t flags = 0;
  if (fp.status == ParentStatus::kActive) flags |= kFlagActive;
  if (fp.respite_only) flags |= kFlagRespiteOnly;
  if (BaseCoursesDone(fp.types, facts.trainings)) flags |= kFlagBaseCourses;
  if (facts.trainings.specialized) flags |= kFlagSpecializedCourse;
  auto days_or_min = [](const std::optional<Date>& d) { return d ? d->days() : INT32_MIN; };
  // Clamped to the ranges the scoring tables cover (validation keeps real data inside them).
  const int capacity = std::clamp(fp.capacity, 0, kSlotCap - 1);
  return Row{
      .id = fp.id,
      .agency = static_cast<int32_t>(fp.agency_id),
      .region = region,
      .types = fp.types.bits(),
      .flags = flags,
      .registered = fp.registered_on.days(),
      .expires = fp.registration_expires_on.days(),
      .last_renewal = days_or_min(facts.trainings.last_renewal),
      .last_practical = days_or_min(facts.trainings.last_practical),
      .capacity = static_cast<uint8_t>(capacity),
      .free =
          static_cast<uint8_t>(std::clamp(capacity - facts.committed_children, 0, kSlotCap - 1)),
      .max_siblings = static_cast<uint8_t>(std::clamp(fp.accepts.max_siblings, 0, 255)),
      .age_min = static_cast<uint8_t>(std::clamp(fp.accepts.age_min, 0, kMaxChildAge)),
      .age_max = static_cast<uint8_t>(std::clamp(fp.accepts.age_max, 0, kMaxChildAge)),
      .sexes = fp.accepts.sexes.bits(),
      .accepts_needs = fp.accepts.needs.bits(),
      .months_unplaced = static_cast<uint16_t>(std::clamp(facts.months_unplaced, 0, 65535)),
      .soft_readiness = facts.readiness.soft,
      .recent_hours = static_cast<float>(facts.trainings.recent_hours),
  };
}

void HomeIndex::InsertRow(size_t i, const Row& row) {
  ForEachColumn(Columns(*this), row, [&](auto& column, const auto& value) {
    column.insert(column.begin() + static_cast<ptrdiff_t>(i), value);
  });
}

void HomeIndex::SetRow(size_t i, const Row& row) {
  ForEachColumn(Columns(*this), row, [&](auto& column, const auto& value) { column[i] = value; });
}

namespace {

void InsertSorted(std::vector<uint32_t>& positions, uint32_t i) {
  positions.insert(std::lower_bound(positions.begin(), positions.end(), i), i);
}

void EraseSorted(std::vector<uint32_t>& positions, uint32_t i) {
  positions.erase(std::lower_bound(positions.begin(), positions.end(), i));
}

}  // namespace

void HomeIndex::Upsert(const HomeInput& home) {
  const auto region = regions_->Index(home.parent.region);
  if (!region) return Erase(home.parent.id);
  const Row row = MakeRow(home, *region);
  const auto at = std::lower_bound(id_.begin(), id_.end(), row.id);
  const auto i = static_cast<uint32_t>(at - id_.begin());
  if (at != id_.end() && *at == row.id) {
    if (region_[i] != row.region) {
      EraseSorted(homes_by_region_[region_[i]], i);
      InsertSorted(homes_by_region_[row.region], i);
    }
    SetRow(i, row);
    return;
  }
  // Homes after the new one move up a place.
  if (i < id_.size()) {
    for (auto& positions : homes_by_region_) {
      for (uint32_t& p : positions) p += p >= i;
    }
  }
  InsertRow(i, row);
  InsertSorted(homes_by_region_[row.region], i);
}

void HomeIndex::Erase(int64_t foster_parent_id) {
  const auto found = Find(foster_parent_id);
  if (!found) return;
  const auto i = static_cast<uint32_t>(*found);
  EraseSorted(homes_by_region_[region_[i]], i);
  std::apply(
      [&](auto&... column) { (column.erase(column.begin() + static_cast<ptrdiff_t>(i)), ...); },
      Columns(*this));
  for (auto& positions : homes_by_region_) {
    for (uint32_t& p : positions) p -= p > i;
  }
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
  // Most eligible homes are turned away here, inline; the rest go to Keep.
  [[gnu::always_inline]] void Offer(const Scored& s) {
    if (best_.size() < limit_ || (limit_ > 0 && Better(s, best_.front()))) Keep(s);
  }
  // Best first.
  std::vector<Scored> Take() && {
    std::sort_heap(best_.begin(), best_.end(), Better);
    return std::move(best_);
  }

 private:
  void Keep(const Scored& s) {
    if (best_.size() == limit_) {
      std::pop_heap(best_.begin(), best_.end(), Better);
      best_.pop_back();
    }
    best_.push_back(s);
    std::push_heap(best_.begin(), best_.end(), Better);
  }

  size_t limit_;
  std::vector<Scored> best_;
};

// How many homes one pass of the scan judges: their masks stay in L1.
constexpr size_t kBlock = 256;
// The mask of a home the ranking leaves out (another agency's, or in a region out of reach):
// neither counted nor ranked. Above every rule's bit.
constexpr uint16_t kLeftOut = 1u << 15;
static_assert(kExclusionCount < 15, "rule bits fit below kLeftOut");

}  // namespace

// One ranking in progress: the prepared need and what the scan has found so far.
struct HomeIndex::RankScan {
  const NeedQuery& q;
  std::vector<uint16_t> region_mask;  // by home region: RegionRulesMask, or kLeftOut
  std::optional<int32_t> agency;
  bool score = true;  // false when only the counts are asked for
  std::array<int, kExclusionCount> excluded{};
  int eligible = 0;
  TopK best;
};

namespace {

// Adds the homes of `mask[0 … count)` to the counts by first failing rule (the lowest set bit),
// and the eligible ones (no bit). Counting rule by rule vectorizes; a histogram would not.
void Count(const std::array<uint16_t, kBlock>& mask, size_t count,
           std::array<int, kExclusionCount>& excluded, int& eligible) {
  std::array<uint16_t, kBlock> lowest;
  for (size_t j = 0; j < count; ++j) lowest[j] = mask[j] & static_cast<uint16_t>(-mask[j]);
  for (size_t k = 0; k < kExclusionCount; ++k) {
    int n = 0;
    for (size_t j = 0; j < count; ++j) n += lowest[j] == (1u << k);
    excluded[k] += n;
  }
  int n = 0;
  for (size_t j = 0; j < count; ++j) n += mask[j] == 0;
  eligible += n;
}

}  // namespace

template <typename Position>
void HomeIndex::ScanBlock(Position position, size_t count, RankScan& scan) const {
  // Every rule's bit for each home, without a branch: only the fields the rules read.
  std::array<uint16_t, kBlock> mask;
  for (size_t j = 0; j < count; ++j) {
    const size_t i = position(j);
    Row h{};
    h.types = types_[i];
    h.flags = flags_[i];
    h.registered = registered_[i];
    h.expires = expires_[i];
    h.last_renewal = last_renewal_[i];
    h.free = free_[i];
    h.max_siblings = max_siblings_[i];
    h.age_min = age_min_[i];
    h.age_max = age_max_[i];
    h.sexes = sexes_[i];
    h.accepts_needs = accepts_needs_[i];
    mask[j] = static_cast<uint16_t>(HomeRulesMask(h, scan.q));
  }
  for (size_t j = 0; j < count; ++j) mask[j] |= scan.region_mask[region_[position(j)]];
  if (scan.agency) {
    for (size_t j = 0; j < count; ++j) {
      if (agency_[position(j)] != *scan.agency) mask[j] = kLeftOut;
    }
  }
  Count(mask, count, scan.excluded, scan.eligible);
  if (!scan.score) return;
  // Only the eligible homes are scored, gathered first so that the loop has no branch to miss.
  std::array<uint16_t, kBlock> eligible;
  size_t n = 0;
  for (size_t j = 0; j < count; ++j) {
    eligible[n] = static_cast<uint16_t>(j);
    n += mask[j] == 0;
  }
  for (size_t e = 0; e < n; ++e) {
    const size_t i = position(eligible[e]);
    const Row h = Gather(i);
    scan.best.Offer({ScoreHundredths(WeighedScore(scan.q, ScoreComponents(h, scan.q))), h.id, i});
  }
}

RankResult HomeIndex::Rank(const Need& need, const RankOptions& options) const {
  NeedQuery q = NeedQuery::From(need, *regions_, today_, policy_.max_travel_minutes);
  q.PrepareScoring(policy_, regions_->size());
  RankScan scan{.q = q,
                .region_mask = {},
                .agency = {},
                .score = options.limit > 0,
                .best = TopK(options.limit)};
  if (options.agency_id) scan.agency = static_cast<int32_t>(*options.agency_id);
  // Every home is evaluated unless reachable_only prunes the regions beyond the travel limit.
  const bool prune = options.reachable_only && !scan.agency;
  for (size_t r = 0; r < regions_->size(); ++r) {
    Row in_region{};
    in_region.region = static_cast<uint16_t>(r);
    const auto mask = static_cast<uint16_t>(RegionRulesMask(in_region, q));
    scan.region_mask.push_back(prune && q.minutes[r] > q.max_minutes ? kLeftOut : mask);
  }
  if (prune) {
    for (size_t r = 0; r < homes_by_region_.size(); ++r) {
      if (scan.region_mask[r] == kLeftOut) continue;
      const std::vector<uint32_t>& homes = homes_by_region_[r];
      for (size_t b = 0; b < homes.size(); b += kBlock) {
        ScanBlock([&](size_t j) { return homes[b + j]; }, std::min(kBlock, homes.size() - b), scan);
      }
    }
  } else {
    for (size_t b = 0; b < id_.size(); b += kBlock) {
      ScanBlock([b](size_t j) { return b + j; }, std::min(kBlock, id_.size() - b), scan);
    }
  }
  RankResult result;
  result.weights = policy_.weights;
  result.excluded = scan.excluded;
  result.eligible = scan.eligible;
  result.evaluated = scan.eligible;
  for (int c : scan.excluded) result.evaluated += c;
  for (const Scored& s : std::move(scan.best).Take()) {
    result.candidates.push_back(CandidateOf(Gather(s.index), q, need, s.score, options.explain));
  }
  return result;
}

Candidate HomeIndex::CandidateOf(const Row& h, const NeedQuery& q, const Need& need,
                                 int64_t hundredths, bool explain) const {
  Candidate c;
  c.foster_parent_id = h.id;
  c.agency_id = h.agency;
  c.components = ScoreComponents(h, q);
  c.score = static_cast<double>(hundredths) / 100;
  if (explain) c.reasons = std::make_shared<const std::vector<Reason>>(Explain(h, q, need));
  return c;
}

namespace {

// How a ranking judges one home: kLeftOut (not counted), a failing rule's bit, or 0 (eligible).
uint16_t MaskOf(const Row& h, const NeedQuery& q, const std::optional<int64_t>& agency) {
  if (agency && h.agency != *agency) return kLeftOut;
  return static_cast<uint16_t>(HomeRulesMask(h, q) | RegionRulesMask(h, q));
}

// Adds (+1) or takes away (-1) a judged home from a ranking's counts.
void CountIn(uint16_t mask, int sign, RankResult& r) {
  if (mask == kLeftOut) return;
  if (mask == 0) {
    r.eligible += sign;
  } else {
    r.excluded[static_cast<size_t>(std::countr_zero(mask))] += sign;
  }
}

int64_t HundredthsOf(double score) { return std::llround(score * 100); }

}  // namespace

std::optional<RankResult> HomeIndex::Rerank(const Need& need, const RankOptions& options,
                                            const RankResult& before,
                                            std::span<const PriorRow> changed) const {
  if (options.reachable_only && !options.agency_id) return std::nullopt;
  NeedQuery q = NeedQuery::From(need, *regions_, today_, policy_.max_travel_minutes);
  bool scoring = false;  // prepared only if a changed home is to be scored
  auto listed = [&](int64_t id) {
    return std::any_of(before.candidates.begin(), before.candidates.end(),
                       [&](const Candidate& c) { return c.foster_parent_id == id; });
  };
  RankResult out;
  out.weights = policy_.weights;
  out.excluded = before.excluded;
  out.eligible = before.eligible;
  // Eligible homes the old list left out: all of them rank below its last candidate.
  int unlisted = before.eligible - static_cast<int>(before.candidates.size());
  std::vector<Scored> entering;
  for (const PriorRow& prior : changed) {
    if (prior.row) {
      const uint16_t was = MaskOf(*prior.row, q, options.agency_id);
      CountIn(was, -1, out);
      if (was == 0 && !listed(prior.id)) --unlisted;
    }
    if (const auto i = Find(prior.id)) {
      const Row h = Gather(*i);
      const uint16_t now = MaskOf(h, q, options.agency_id);
      CountIn(now, +1, out);
      if (now == 0 && options.limit > 0) {
        if (!std::exchange(scoring, true)) q.PrepareScoring(policy_, regions_->size());
        entering.push_back({ScoreHundredths(WeighedScore(q, ScoreComponents(h, q))), h.id, *i});
      }
    }
  }
  out.evaluated = out.eligible;
  for (int c : out.excluded) out.evaluated += c;
  if (options.limit == 0) return out;

  // The old candidates no one changed keep their places (index SIZE_MAX: copied as they were).
  std::vector<Scored> list = std::move(entering);
  for (const Candidate& c : before.candidates) {
    const bool again = std::any_of(changed.begin(), changed.end(),
                                   [&](const PriorRow& p) { return p.id == c.foster_parent_id; });
    if (!again) list.push_back({HundredthsOf(c.score), c.foster_parent_id, SIZE_MAX});
  }
  std::sort(list.begin(), list.end(), Better);
  if (unlisted > 0) {
    // Homes below the old last candidate fill no place a list of these can leave open.
    const Candidate& last = before.candidates.back();
    const Scored floor{HundredthsOf(last.score), last.foster_parent_id, 0};
    if (list.size() < options.limit || Better(floor, list[options.limit - 1])) return std::nullopt;
  }
  if (list.size() > options.limit) list.resize(options.limit);
  out.candidates.reserve(list.size());
  for (const Scored& s : list) {
    if (s.index == SIZE_MAX) {
      out.candidates.push_back(
          *std::find_if(before.candidates.begin(), before.candidates.end(),
                        [&](const Candidate& c) { return c.foster_parent_id == s.id; }));
      continue;
    }
    out.candidates.push_back(CandidateOf(Gather(s.index), q, need, s.score, options.explain));
  }
  return out;
}

}  // namespace fostermatch::matching
