#include "matching/engine.h"

#include <algorithm>
#include <bit>
#include <climits>
#include <cmath>
#include <cstdio>

namespace fostermatch::matching {

namespace {

constexpr uint8_t kFlagActive = 1 << 0;
constexpr uint8_t kFlagRespiteOnly = 1 << 1;
constexpr uint8_t kFlagBaseCourses = 1 << 2;
constexpr uint8_t kFlagSpecializedCourse = 1 << 3;

constexpr uint8_t kSpecialNeeds =
    NeedCategories{NeedCategory::kDisability, NeedCategory::kMedical, NeedCategory::kBehavioral}
        .bits();
constexpr uint8_t Bit(FosterType t) { return FosterTypes{t}.bits(); }

std::string Fixed(double v, int decimals) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string NeedLabelJa(NeedCategory c) {
  switch (c) {
    case NeedCategory::kDisability:
      return "障害";
    case NeedCategory::kMedical:
      return "医療的ケア";
    case NeedCategory::kBehavioral:
      return "行動面の課題";
    case NeedCategory::kInfant:
      return "乳児";
  }
  return "";
}

}  // namespace

std::string_view ExclusionName(Exclusion e) {
  static constexpr std::array<std::string_view, kExclusionCount> kNames = {
      "not_active",          "type_mismatch", "respite_only",      "registration_expired",
      "training_incomplete", "no_capacity",   "too_many_siblings", "age_out_of_range",
      "sex_not_accepted",    "too_far"};
  return kNames[static_cast<size_t>(e)];
}

std::string_view ExclusionLabelJa(Exclusion e) {
  static constexpr std::array<std::string_view, kExclusionCount> kLabels = {
      "登録状況が有効でない", "里親種別が合わない",
      "レスパイト専用",       "登録期限切れ",
      "研修未修了",           "空きなし",
      "きょうだい数超過",     "受入年齢外",
      "受入性別外",           "遠方"};
  return kLabels[static_cast<size_t>(e)];
}

constexpr int kAgeSlots = kMaxChildAge + 1;
constexpr int kSlotCap = 8;  // free places and capacity are stored clamped to 0..7

// A need, prepared once per ranking so the per-home loop only compares integers.
struct NeedQuery {
  int region = -1;  // -1: unknown region, every home is too far
  uint8_t age = 0;
  uint8_t sex_bit = 0;
  uint8_t siblings = 1;
  uint8_t needs = 0;
  uint8_t special = 0;  // needs ∩ {disability, medical, behavioral}
  bool respite = false;
  int requires_type = -1;
  int32_t start = 0;
  int32_t cycle_start_specialized = 0;  // start minus 2 years
  int32_t cycle_start_other = 0;        // start minus 5 years
  const double* minutes = nullptr;      // travel minutes from each home region to the need's

  // Score parts that depend only on the need and a small home attribute, computed once per need
  // so that scoring a home is a handful of lookups (see HomeIndex::Score).
  std::vector<double> proximity;                      // by home region
  std::array<double, kAgeSlots * kAgeSlots> age_fit;  // by (age_min, age_max)
  std::array<double, 16> needs_fit;                   // by accepted-needs bits
  std::array<double, kSlotCap * kSlotCap> room_fit;   // by (free, capacity)
  double inv_saturation = 0;                          // 1 / waiting_saturation_months
  ScoreWeights scaled;  // weights × 100 / their sum: the score is their dot product

  double Weigh(const Components& c) const {
    return scaled.proximity * c.proximity + scaled.readiness * c.readiness +
           scaled.waiting * c.waiting + scaled.fit * c.fit;
  }

  static NeedQuery From(const Need& need, const RegionDistances& regions) {
    NeedQuery q;
    if (auto r = regions.Index(need.region)) q.region = *r;
    q.age = static_cast<uint8_t>(std::clamp(need.child.age_years, 0, 255));
    q.sex_bit = Sexes{need.child.sex}.bits();
    q.siblings = static_cast<uint8_t>(std::clamp(need.siblings, 1, 255));
    q.needs = need.needs.bits();
    q.special = q.needs & kSpecialNeeds;
    q.respite = need.kind == NeedKind::kRespite;
    q.requires_type = need.requires_type ? static_cast<int>(*need.requires_type) : -1;
    q.start = need.earliest_start.days();
    q.cycle_start_specialized = need.earliest_start.AddYears(-2).days();
    q.cycle_start_other = need.earliest_start.AddYears(-5).days();
    q.minutes =
        q.region >= 0 ? regions.MinutesTo(static_cast<uint16_t>(q.region)) : regions.Unreachable();
    return q;
  }

  void PrepareScoring(const MatchPolicy& policy, size_t region_count) {
    const ScoreWeights& w = policy.weights;
    const double total = w.proximity + w.readiness + w.waiting + w.fit;
    const double k = total > 0 ? 100.0 / total : 0.0;
    scaled = {w.proximity * k, w.readiness * k, w.waiting * k, w.fit * k};
    inv_saturation = 1.0 / std::max(1, policy.waiting_saturation_months);
    proximity.resize(region_count);
    for (size_t r = 0; r < region_count; ++r) {
      proximity[r] = std::max(0.0, 1.0 - minutes[r] / policy.max_travel_minutes);
    }
    // Fit: the child's age near the middle of the accepted range, the child's needs accepted
    // explicitly, and room left in the home after the placement.
    for (int lo = 0; lo < kAgeSlots; ++lo) {
      for (int hi = 0; hi < kAgeSlots; ++hi) {
        const double mid = (lo + hi) / 2.0;
        const double half = (hi - lo) / 2.0 + 1.0;
        age_fit[lo * kAgeSlots + hi] = std::max(0.0, 1.0 - std::abs(age - mid) / half);
      }
    }
    for (unsigned accepts = 0; accepts < 16; ++accepts) {
      needs_fit[accepts] =
          needs == 0 ? 1.0
                     : static_cast<double>(std::popcount(static_cast<unsigned>(needs & accepts))) /
                           std::popcount(static_cast<unsigned>(needs));
    }
    for (int free = 0; free < kSlotCap; ++free) {
      for (int cap = 0; cap < kSlotCap; ++cap) {
        room_fit[free * kSlotCap + cap] =
            cap > 0 ? std::max(0.0, static_cast<double>(free - siblings) / cap) : 0.0;
      }
    }
  }
};

struct HomeIndex::Row {
  int64_t id;
  int32_t agency;
  uint16_t region;
  uint8_t types;
  uint8_t flags;
  int32_t registered, expires, last_renewal, last_practical;
  uint8_t capacity, free, max_siblings, age_min, age_max, sexes, accepts_needs;
  uint16_t months_unplaced;
  float soft_readiness, recent_hours;
};

namespace {

using Row = HomeIndex::Row;

// The hard rules, each as one bit in Exclusion order, computed without branches: a home's
// first failing rule is the lowest set bit. (Early exits would mispredict on every few homes;
// this keeps the scan near memory speed.)
[[gnu::always_inline]] inline uint32_t FailureMask(const Row& h, const NeedQuery& q,
                                                   double max_minutes) {
  constexpr uint8_t kSpecialized = Bit(FosterType::kSpecialized);
  const uint32_t not_active = !(h.flags & kFlagActive);
  // Type: a required type must be held; adoptive-only and kinship-only homes take only needs
  // that ask for that type; special needs go to specialized homes or homes that accept them.
  const bool has_required = q.requires_type < 0 || (h.types >> q.requires_type) & 1;
  const bool single_purpose = q.requires_type < 0 && (h.types == Bit(FosterType::kKinship) ||
                                                      h.types == Bit(FosterType::kAdoptive));
  const bool special_unaccepted = (q.special & h.accepts_needs) != q.special;
  const bool specialized_type = (h.types & kSpecialized) != 0;
  const uint32_t type_mismatch =
      (!has_required) | single_purpose | (special_unaccepted & !specialized_type);
  const uint32_t respite_only = (h.flags & kFlagRespiteOnly) && !q.respite;
  const uint32_t expired = (q.start < h.registered) | (q.start > h.expires);
  // Placements that rely on the specialized type need the specialized course.
  const bool relies_on_specialized =
      (h.types == kSpecialized) | (q.requires_type == static_cast<int>(FosterType::kSpecialized)) |
      special_unaccepted;
  const int32_t cycle_start = specialized_type ? q.cycle_start_specialized : q.cycle_start_other;
  const bool base_courses = (h.flags & kFlagBaseCourses) != 0;
  const bool specialized_course = (h.flags & kFlagSpecializedCourse) != 0;
  const uint32_t training = (!base_courses) | (relies_on_specialized & !specialized_course) |
                            ((h.registered < cycle_start) & (h.last_renewal < cycle_start));
  const uint32_t no_capacity = h.free < q.siblings;
  const uint32_t too_many_siblings = h.max_siblings < q.siblings;
  const uint32_t age = (q.age < h.age_min) | (q.age > h.age_max);
  const uint32_t sex = !(h.sexes & q.sex_bit);
  const uint32_t too_far = q.minutes[h.region] > max_minutes;
  return not_active << static_cast<int>(Exclusion::kNotActive) |
         type_mismatch << static_cast<int>(Exclusion::kTypeMismatch) |
         respite_only << static_cast<int>(Exclusion::kRespiteOnly) |
         expired << static_cast<int>(Exclusion::kRegistrationExpired) |
         training << static_cast<int>(Exclusion::kTrainingIncomplete) |
         no_capacity << static_cast<int>(Exclusion::kNoCapacity) |
         too_many_siblings << static_cast<int>(Exclusion::kTooManySiblings) |
         age << static_cast<int>(Exclusion::kAgeOutOfRange) |
         sex << static_cast<int>(Exclusion::kSexNotAccepted) |
         too_far << static_cast<int>(Exclusion::kTooFar);
}

std::optional<Exclusion> FirstFailure(const Row& h, const NeedQuery& q, double max_minutes) {
  const uint32_t mask = FailureMask(h, q, max_minutes);
  if (mask == 0) return std::nullopt;
  return static_cast<Exclusion>(std::countr_zero(mask));
}

std::string MonthsJa(int m) { return std::to_string(m) + " か月"; }

}  // namespace

HomeIndex::HomeIndex(std::span<const HomeInput> homes,
                     std::shared_ptr<const RegionDistances> regions, Date today, MatchPolicy policy)
    : regions_(std::move(regions)), today_(today), policy_(policy) {
  std::vector<size_t> order(homes.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return homes[a].parent.id < homes[b].parent.id; });
  const size_t n = homes.size();
  for (auto* v : {&agency_, &registered_, &expires_, &last_renewal_, &last_practical_})
    v->reserve(n);
  id_.reserve(n);
  for (size_t k : order) {
    const HomeInput& in = homes[k];
    const FosterParent& fp = in.parent;
    auto region = regions_->Index(fp.region);
    if (!region) continue;  // a home in an unknown region cannot be placed with
    const HomeFacts facts = DeriveHomeFacts(fp, in.trainings, in.placements, today,
                                            policy_.readiness, policy_.long_unplaced_months);
    uint8_t flags = 0;
    if (fp.status == ParentStatus::kActive) flags |= kFlagActive;
    if (fp.respite_only) flags |= kFlagRespiteOnly;
    if (BaseCoursesDone(fp.types, facts.trainings)) flags |= kFlagBaseCourses;
    if (facts.trainings.specialized) flags |= kFlagSpecializedCourse;
    id_.push_back(fp.id);
    agency_.push_back(static_cast<int32_t>(fp.agency_id));
    region_.push_back(*region);
    types_.push_back(fp.types.bits());
    flags_.push_back(flags);
    registered_.push_back(fp.registered_on.days());
    expires_.push_back(fp.registration_expires_on.days());
    last_renewal_.push_back(facts.trainings.last_renewal ? facts.trainings.last_renewal->days()
                                                         : INT32_MIN);
    last_practical_.push_back(
        facts.trainings.last_practical ? facts.trainings.last_practical->days() : INT32_MIN);
    // Clamped to the ranges the scoring tables cover (validation keeps real data inside them).
    capacity_.push_back(static_cast<uint8_t>(std::clamp(fp.capacity, 0, kSlotCap - 1)));
    free_.push_back(static_cast<uint8_t>(std::clamp(
        std::min(fp.capacity, kSlotCap - 1) - facts.committed_children, 0, kSlotCap - 1)));
    max_siblings_.push_back(static_cast<uint8_t>(std::clamp(fp.accepts.max_siblings, 0, 255)));
    age_min_.push_back(static_cast<uint8_t>(std::clamp(fp.accepts.age_min, 0, kMaxChildAge)));
    age_max_.push_back(static_cast<uint8_t>(std::clamp(fp.accepts.age_max, 0, kMaxChildAge)));
    sexes_.push_back(fp.accepts.sexes.bits());
    accepts_needs_.push_back(fp.accepts.needs.bits());
    months_unplaced_.push_back(static_cast<uint16_t>(std::clamp(facts.months_unplaced, 0, 65535)));
    soft_readiness_.push_back(static_cast<float>(facts.readiness.soft));
    recent_hours_.push_back(static_cast<float>(facts.trainings.recent_hours));
  }
  homes_by_region_.resize(regions_->size());
  for (size_t i = 0; i < region_.size(); ++i) {
    homes_by_region_[region_[i]].push_back(static_cast<uint32_t>(i));
  }
}

size_t HomeIndex::MemoryBytes() const {
  const size_t per_home = sizeof(int64_t) + 5 * sizeof(int32_t) + 2 * sizeof(uint16_t) +
                          9 * sizeof(uint8_t) + 2 * sizeof(float) + sizeof(uint32_t);
  return per_home * id_.capacity();
}

std::optional<size_t> HomeIndex::Find(int64_t foster_parent_id) const {
  auto it = std::lower_bound(id_.begin(), id_.end(), foster_parent_id);
  if (it == id_.end() || *it != foster_parent_id) return std::nullopt;
  return static_cast<size_t>(it - id_.begin());
}

[[gnu::always_inline]] inline HomeIndex::Row HomeIndex::Gather(size_t i) const {
  return Row{id_[i],
             agency_[i],
             region_[i],
             types_[i],
             flags_[i],
             registered_[i],
             expires_[i],
             last_renewal_[i],
             last_practical_[i],
             capacity_[i],
             free_[i],
             max_siblings_[i],
             age_min_[i],
             age_max_[i],
             sexes_[i],
             accepts_needs_[i],
             months_unplaced_[i],
             soft_readiness_[i],
             recent_hours_[i]};
}

std::optional<Exclusion> HomeIndex::Check(size_t i, const Need& need) const {
  const NeedQuery q = NeedQuery::From(need, *regions_);
  return FirstFailure(Gather(i), q, policy_.max_travel_minutes);
}

[[gnu::always_inline]] inline Components HomeIndex::Score(const Row& h, const NeedQuery& q) const {
  Components c;
  c.proximity = q.proximity[h.region];
  c.readiness = h.soft_readiness;
  c.waiting = std::min(1.0, h.months_unplaced * q.inv_saturation);
  c.fit = (q.age_fit[h.age_min * kAgeSlots + h.age_max] + q.needs_fit[h.accepts_needs & 15] +
           q.room_fit[h.free * kSlotCap + h.capacity]) /
          3.0;
  return c;
}

std::vector<Reason> HomeIndex::Explain(const Row& h, const NeedQuery& q, const Need& need) const {
  std::vector<Reason> out;
  const Region& home_region = regions_->region(h.region);
  if (q.region == h.region) {
    out.push_back(
        {"proximity", "同じ区（" + home_region.name_ja + "）：学校や地域を変えずに済みます",
         "same region (" + home_region.name_en + "): the child can keep school and community"});
  } else {
    const double km = regions_->Km(h.region, static_cast<uint16_t>(q.region));
    const int minutes = static_cast<int>(std::lround(q.minutes[h.region]));
    out.push_back({"proximity",
                   home_region.name_ja + "、約 " + Fixed(km, 1) + " km（移動 約 " +
                       std::to_string(minutes) + " 分）",
                   home_region.name_en + ", about " + Fixed(km, 1) + " km (~" +
                       std::to_string(minutes) + " min)"});
  }
  const int months = h.months_unplaced;
  if (h.free < h.capacity) {
    const int placed = h.capacity - h.free;
    out.push_back({"waiting", "現在 " + std::to_string(placed) + " 人を養育中",
                   "currently caring for " + std::to_string(placed) + " child(ren)"});
  } else if (months >= policy_.long_unplaced_months) {
    out.push_back({"waiting", "委託なし " + MonthsJa(months) + "（長期未委託）",
                   "no child placed for " + std::to_string(months) + " months (long-unplaced)"});
  } else {
    out.push_back({"waiting", "委託なし " + MonthsJa(months),
                   "no child placed for " + std::to_string(months) + " months"});
  }
  const std::string hours = Fixed(h.recent_hours, 0);
  const std::string window = std::to_string(policy_.readiness.recent_months);
  const bool practical_recent =
      h.last_practical != INT32_MIN &&
      Date::FromDays(h.last_practical) >= today_.AddMonths(-policy_.readiness.recent_months);
  if (practical_recent) {
    const std::string on = Date::FromDays(h.last_practical).ToString();
    out.push_back({"readiness",
                   "実地研修 " + on + " 受講、過去" + window + "か月の研修 " + hours + " 時間",
                   "practical training on " + on + "; " + hours + " training hours in " + window +
                       " months"});
  } else {
    out.push_back({"readiness", "直近" + window + "か月に実地研修なし（研修 " + hours + " 時間）",
                   "no practical training in " + window + " months (" + hours + " hours)"});
  }
  std::string fit_ja = "受入年齢 " + std::to_string(h.age_min) + "〜" + std::to_string(h.age_max) +
                       " 歳（本児 " + std::to_string(q.age) + " 歳）";
  std::string fit_en = "accepts ages " + std::to_string(h.age_min) + "-" +
                       std::to_string(h.age_max) + " (child is " + std::to_string(q.age) + ")";
  for (NeedCategory c : {NeedCategory::kDisability, NeedCategory::kMedical,
                         NeedCategory::kBehavioral, NeedCategory::kInfant}) {
    if (!need.needs.Has(c)) continue;
    if (NeedCategories::FromBits(h.accepts_needs).Has(c)) {
      fit_ja += "、" + NeedLabelJa(c) + "を受入可と登録";
      fit_en += "; accepts " + std::string(ToString(c)) + " needs";
    } else if (c != NeedCategory::kInfant) {
      fit_ja += "、" + NeedLabelJa(c) + "は専門里親として対応";
      fit_en += "; " + std::string(ToString(c)) + " needs through specialized care";
    }
  }
  const int room_after = h.free - q.siblings;
  fit_ja += "、委託後の空き " + std::to_string(room_after) + " 人";
  fit_en += "; " + std::to_string(room_after) + " place(s) left after this placement";
  out.push_back({"fit", std::move(fit_ja), std::move(fit_en)});
  return out;
}

RankResult HomeIndex::Rank(const Need& need, const RankOptions& options) const {
  RankResult result;
  result.weights = policy_.weights;
  NeedQuery q = NeedQuery::From(need, *regions_);
  q.PrepareScoring(policy_, regions_->size());
  struct Scored {
    double score;
    int64_t id;
    size_t index;
  };
  // Best score first; equal scores by id, so the order never depends on the input's order.
  auto better = [](const Scored& a, const Scored& b) {
    return a.score != b.score ? a.score > b.score : a.id < b.id;
  };
  // The best `limit` so far, as a heap whose top is the worst of them: most eligible homes are
  // turned away by one comparison with it.
  std::vector<Scored> best;
  best.reserve(options.limit + 1);
  auto consider = [&](size_t i) {
    ++result.evaluated;
    const Row h = Gather(i);
    const uint32_t mask = FailureMask(h, q, policy_.max_travel_minutes);
    if (mask != 0) {
      ++result.excluded[std::countr_zero(mask)];
      return;
    }
    ++result.eligible;
    if (options.limit == 0) return;
    const Scored scored{q.Weigh(Score(h, q)), h.id, i};
    if (best.size() < options.limit) {
      best.push_back(scored);
      std::push_heap(best.begin(), best.end(), better);
    } else if (better(scored, best.front())) {
      std::pop_heap(best.begin(), best.end(), better);
      best.back() = scored;
      std::push_heap(best.begin(), best.end(), better);
    }
  };
  if (options.reachable_only && !options.agency_id) {
    for (uint16_t r = 0; r < homes_by_region_.size(); ++r) {
      const auto& in_region = homes_by_region_[r];
      if (q.minutes[r] > policy_.max_travel_minutes) {
        result.evaluated += static_cast<int>(in_region.size());
        result.excluded[static_cast<size_t>(Exclusion::kTooFar)] +=
            static_cast<int>(in_region.size());
        continue;
      }
      for (uint32_t i : in_region) consider(i);
    }
  } else {
    const size_t n = id_.size();
    const bool filter_agency = options.agency_id.has_value();
    const int32_t agency = filter_agency ? static_cast<int32_t>(*options.agency_id) : 0;
    for (size_t i = 0; i < n; ++i) {
      if (filter_agency && agency_[i] != agency) continue;
      consider(i);
    }
  }
  std::sort_heap(best.begin(), best.end(), better);
  const size_t k = best.size();
  std::vector<Scored>& eligible = best;
  for (size_t j = 0; j < k; ++j) {
    const Row h = Gather(eligible[j].index);
    Candidate c;
    c.foster_parent_id = h.id;
    c.agency_id = h.agency;
    c.components = Score(h, q);
    c.score = eligible[j].score;
    if (options.explain) c.reasons = Explain(h, q, need);
    result.candidates.push_back(std::move(c));
  }
  return result;
}

std::vector<Unlock> HomeIndex::Unlocks(const Row& row, std::span<const NeedQuery> needs,
                                       int* eligible_now) const {
  const double max_minutes = policy_.max_travel_minutes;
  std::vector<bool> blocked(needs.size(), false);
  *eligible_now = 0;
  for (size_t k = 0; k < needs.size(); ++k) {
    if (FirstFailure(row, needs[k], max_minutes)) {
      blocked[k] = true;
    } else {
      ++*eligible_now;
    }
  }
  std::vector<Unlock> out;
  // Counts the blocked needs a changed home would be eligible for.
  auto count_with = [&](const Row& changed, int* age_lo, int* age_hi) {
    int count = 0;
    for (size_t k = 0; k < needs.size(); ++k) {
      const NeedQuery& q = needs[k];
      if (!blocked[k] || FirstFailure(changed, q, max_minutes)) continue;
      ++count;
      if (age_lo) {
        *age_lo = std::min<int>(*age_lo, q.age);
        *age_hi = std::max<int>(*age_hi, q.age);
      }
    }
    return count;
  };
  auto add = [&](Unlock::Kind kind, const Row& changed, std::string ja_fix, std::string en_fix) {
    const int count = count_with(changed, nullptr, nullptr);
    if (count == 0) return;
    Unlock u{kind, std::nullopt, 0, 0, count, "", ""};
    u.ja = ja_fix + "と、現在の委託ニーズ " + std::to_string(count) + " 件の候補になります";
    u.en = en_fix + " would make this home a candidate for " + std::to_string(count) +
           " of today's open needs";
    out.push_back(std::move(u));
  };
  // A renewed registration runs one full cycle from today.
  const int32_t renewed_until =
      today_.AddYears(RenewalCycleYears(FosterTypes::FromBits(row.types))).days();

  if (!(row.flags & kFlagActive)) {
    Row r = row;
    r.flags |= kFlagActive;
    add(Unlock::Kind::kReactivate, r, "登録状況を有効に戻す", "Reactivating the registration");
  }
  {
    Row r = row;
    r.expires = std::max(r.expires, renewed_until);
    if (r.expires != row.expires) {
      add(Unlock::Kind::kRenewRegistration, r, "登録を更新する", "Renewing the registration");
    }
  }
  if (!(row.flags & kFlagBaseCourses)) {
    Row r = row;
    r.flags |= kFlagBaseCourses;
    add(Unlock::Kind::kBaseCourses, r, "基礎研修・登録前研修を修了する",
        "Completing basic and pre-registration training");
  }
  {
    Row r = row;
    r.last_renewal = today_.days();
    add(Unlock::Kind::kRenewalTraining, r, "更新研修を受講する", "Completing renewal training");
  }
  if (!(row.flags & kFlagSpecializedCourse)) {
    Row r = row;
    r.flags |= kFlagSpecializedCourse;
    r.types |= Bit(FosterType::kSpecialized);
    // Specialized registration starts a new two-year term with the training just completed.
    r.last_renewal = std::max(r.last_renewal, today_.days());
    add(Unlock::Kind::kSpecializedTraining, r, "専門里親研修を修了する",
        "Completing specialized foster parent training");
  }
  for (NeedCategory c :
       {NeedCategory::kDisability, NeedCategory::kMedical, NeedCategory::kBehavioral}) {
    if (NeedCategories::FromBits(row.accepts_needs).Has(c)) continue;
    Row r = row;
    r.accepts_needs |= NeedCategories{c}.bits();
    const int count = count_with(r, nullptr, nullptr);
    if (count == 0) continue;
    Unlock u{Unlock::Kind::kAcceptNeed, c, 0, 0, count, "", ""};
    u.ja = NeedLabelJa(c) + "のある子どもの受入れを検討すると、現在の委託ニーズ " +
           std::to_string(count) + " 件の候補になります";
    u.en = "Accepting children with " + std::string(ToString(c)) +
           " needs would make this home a candidate for " + std::to_string(count) +
           " of today's open needs";
    out.push_back(std::move(u));
  }
  {
    Row r = row;
    r.age_min = 0;
    r.age_max = kMaxChildAge;
    int lo = row.age_min, hi = row.age_max;
    const int count = count_with(r, &lo, &hi);
    if (count > 0) {
      Unlock u{Unlock::Kind::kWiderAgeRange, std::nullopt, lo, hi, count, "", ""};
      u.ja = "受入年齢を " + std::to_string(lo) + "〜" + std::to_string(hi) + " 歳に広げる（現在 " +
             std::to_string(row.age_min) + "〜" + std::to_string(row.age_max) +
             " 歳）と、現在の委託ニーズ " + std::to_string(count) + " 件の候補になります";
      u.en = "Accepting ages " + std::to_string(lo) + "-" + std::to_string(hi) + " (now " +
             std::to_string(row.age_min) + "-" + std::to_string(row.age_max) +
             ") would make this home a candidate for " + std::to_string(count) +
             " of today's open needs";
      out.push_back(std::move(u));
    }
  }
  if (row.sexes != Sexes{Sex::kFemale, Sex::kMale}.bits()) {
    Row r = row;
    r.sexes = Sexes{Sex::kFemale, Sex::kMale}.bits();
    add(Unlock::Kind::kBothSexes, r, "性別を問わず受け入れる", "Accepting girls and boys");
  }
  if (row.max_siblings < row.free) {
    Row r = row;
    r.max_siblings = row.free;
    add(Unlock::Kind::kMoreSiblings, r,
        "きょうだい " + std::to_string(row.free) + " 人まで受け入れる",
        "Accepting siblings groups of up to " + std::to_string(row.free));
  }
  if (row.flags & kFlagRespiteOnly) {
    Row r = row;
    r.flags &= static_cast<uint8_t>(~kFlagRespiteOnly);
    add(Unlock::Kind::kNotRespiteOnly, r, "レスパイト以外の委託も受け入れる",
        "Accepting placements other than respite");
  }
  std::stable_sort(out.begin(), out.end(), [](const Unlock& a, const Unlock& b) {
    return a.needs_unlocked > b.needs_unlocked;
  });
  return out;
}

namespace {

NextStep SuggestNextStep(const HomeFacts& facts, const std::vector<Unlock>& unlocks) {
  for (const Gap& g : facts.readiness.missing) {
    if (!g.hard) continue;
    switch (g.kind) {
      case GapKind::kNotActive:
        return {"home_visit", "家庭訪問で状況を確認し、登録の再開を相談する",
                "visit the household to discuss resuming its registration"};
      case GapKind::kRegistrationExpired:
        return {"renew_registration", "登録更新の手続きを案内する",
                "help the household renew its registration"};
      case GapKind::kBasicTraining:
      case GapKind::kPreRegistrationTraining:
        return {"base_training", "基礎研修・登録前研修の受講を案内する",
                "arrange basic and pre-registration training"};
      case GapKind::kRenewalTraining:
        return {"renewal_training", "更新研修の受講を案内する", "arrange renewal training"};
      default:
        break;
    }
  }
  const bool practical_missing =
      std::any_of(facts.readiness.missing.begin(), facts.readiness.missing.end(),
                  [](const Gap& g) { return g.kind == GapKind::kNoRecentPractical; });
  if (practical_missing) {
    return {"practical_training", "里親トレーニング事業の実地研修を案内する",
            "arrange practical training through the trainer program"};
  }
  if (!unlocks.empty() && (unlocks.front().kind == Unlock::Kind::kWiderAgeRange ||
                           unlocks.front().kind == Unlock::Kind::kAcceptNeed ||
                           unlocks.front().kind == Unlock::Kind::kBothSexes ||
                           unlocks.front().kind == Unlock::Kind::kMoreSiblings ||
                           unlocks.front().kind == Unlock::Kind::kNotRespiteOnly)) {
    return {"review_preferences", "家庭訪問で受入条件（年齢・ニーズ等）の見直しを話し合う",
            "visit the household to review its preferences (ages, needs)"};
  }
  return {"home_visit", "家庭訪問で近況を確認し、次回のマッチング会議で推薦する",
          "visit the household and put it forward at the next matching meeting"};
}

}  // namespace

std::vector<LongUnplacedEntry> HomeIndex::LongUnplaced(std::span<const HomeInput> homes,
                                                       std::span<const Need> open_needs,
                                                       std::optional<int64_t> agency_id) const {
  std::vector<NeedQuery> queries;
  queries.reserve(open_needs.size());
  for (size_t j = 0; j < open_needs.size(); ++j) {
    queries.push_back(NeedQuery::From(open_needs[j], *regions_));
  }
  // A need beyond the travel limit from a home's region can be neither eligible nor unlocked
  // (distance is no single change), so each home region is tried against the needs it reaches.
  std::vector<std::optional<std::vector<NeedQuery>>> reachable(regions_->size());
  auto reachable_from = [&](uint16_t region) -> const std::vector<NeedQuery>& {
    auto& cached = reachable[region];
    if (!cached) {
      cached.emplace();
      for (const NeedQuery& q : queries) {
        if (q.minutes[region] <= policy_.max_travel_minutes) cached->push_back(q);
      }
    }
    return *cached;
  };
  std::vector<LongUnplacedEntry> out;
  for (const HomeInput& home : homes) {
    if (agency_id && home.parent.agency_id != *agency_id) continue;
    auto i = Find(home.parent.id);
    if (!i) continue;
    LongUnplacedEntry e;
    e.facts = DeriveHomeFacts(home.parent, home.trainings, home.placements, today_,
                              policy_.readiness, policy_.long_unplaced_months);
    if (!e.facts.long_unplaced) continue;
    e.foster_parent_id = home.parent.id;
    e.agency_id = home.parent.agency_id;
    e.unlocks = Unlocks(Gather(*i), reachable_from(region_[*i]), &e.eligible_now);
    e.next_step = SuggestNextStep(e.facts, e.unlocks);
    out.push_back(std::move(e));
  }
  // Closest to ready first: readiness, then the longest wait, then id.
  std::sort(out.begin(), out.end(), [](const LongUnplacedEntry& a, const LongUnplacedEntry& b) {
    if (a.facts.readiness.score != b.facts.readiness.score) {
      return a.facts.readiness.score > b.facts.readiness.score;
    }
    if (a.facts.months_unplaced != b.facts.months_unplaced) {
      return a.facts.months_unplaced > b.facts.months_unplaced;
    }
    return a.foster_parent_id < b.foster_parent_id;
  });
  return out;
}

}  // namespace fostermatch::matching
