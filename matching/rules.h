#pragma once

// Internal to the engine: the hard rules, one table row each (names, labels and check), in the
// order that names the one reason a home is excluded. Adding a rule is one row here plus its
// Exclusion value.

#include <array>
#include <bit>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>

#include "matching/need_query.h"

namespace fostermatch::matching {

// What the type and training rules share.
inline bool SpecialUnaccepted(const Row& h, const NeedQuery& q) {
  return (q.special & h.accepts_needs) != q.special;
}
inline bool HasSpecializedType(const Row& h) {
  return (h.types & Bit(FosterType::kSpecialized)) != 0;
}

struct HardRule {
  Exclusion id;
  std::string_view name;  // the API's and the reports' name
  std::string_view ja;
  std::string_view en;
  // 1 if home `h` fails the rule for need `q`, else 0, computed without branches: the checks are
  // inlined side by side into FailureMask (an early exit would mispredict on every few homes; a
  // straight line keeps the scan near memory speed).
  uint32_t (*fails)(const Row& h, const NeedQuery& q);
  // The rule reads only the home's region: the ranking scan then judges it once per region and
  // looks the answer up, instead of judging it per home (see RegionRulesMask).
  bool by_region = false;
};

inline constexpr std::array kHardRules = {
    HardRule{
        .id = Exclusion::kNotActive,
        .name = "not_active",
        .ja = "登録状況が有効でない",
        .en = "registration not active",
        .fails = [](const Row& h, const NeedQuery&) -> uint32_t {
          return !(h.flags & kFlagActive);
        },
    },
    // A required type must be held; adoptive-only and kinship-only homes take only needs that
    // ask for that type; special needs go to specialized homes or homes that accept them.
    HardRule{
        .id = Exclusion::kTypeMismatch,
        .name = "type_mismatch",
        .ja = "里親種別が合わない",
        .en = "foster type does not match",
        .fails = [](const Row& h, const NeedQuery& q) -> uint32_t {
          const bool has_required = (h.types & q.required_types) == q.required_types;
          const bool single_purpose =
              (q.required_types == 0) &
              ((h.types == Bit(FosterType::kKinship)) | (h.types == Bit(FosterType::kAdoptive)));
          return (!has_required) | single_purpose |
                 (SpecialUnaccepted(h, q) & !HasSpecializedType(h));
        },
    },
    HardRule{
        .id = Exclusion::kRespiteOnly,
        .name = "respite_only",
        .ja = "レスパイト専用",
        .en = "respite care only",
        .fails = [](const Row& h, const NeedQuery& q) -> uint32_t {
          return ((h.flags & kFlagRespiteOnly) != 0) & !q.respite;
        },
    },
    HardRule{
        .id = Exclusion::kRegistrationExpired,
        .name = "registration_expired",
        .ja = "登録期限切れ",
        .en = "registration not valid on the start date",
        .fails = [](const Row& h, const NeedQuery& q) -> uint32_t {
          return (q.start < h.registered) | (q.start > h.expires);
        },
    },
    // Base courses; the specialized course for placements that rely on the specialized type; a
    // renewal training within the cycle before the start once past the first term.
    HardRule{
        .id = Exclusion::kTrainingIncomplete,
        .name = "training_incomplete",
        .ja = "研修未修了",
        .en = "required training not completed",
        .fails = [](const Row& h, const NeedQuery& q) -> uint32_t {
          const bool relies_on_specialized = (h.types == Bit(FosterType::kSpecialized)) |
                                             (q.required_types == Bit(FosterType::kSpecialized)) |
                                             SpecialUnaccepted(h, q);
          const int32_t cycle_start =
              HasSpecializedType(h) ? q.cycle_start_specialized : q.cycle_start_other;
          const bool base_courses = (h.flags & kFlagBaseCourses) != 0;
          const bool specialized_course = (h.flags & kFlagSpecializedCourse) != 0;
          return (!base_courses) | (relies_on_specialized & !specialized_course) |
                 ((h.registered < cycle_start) & (h.last_renewal < cycle_start));
        },
    },
    HardRule{
        .id = Exclusion::kNoCapacity,
        .name = "no_capacity",
        .ja = "空きなし",
        .en = "no free place",
        .fails = [](const Row& h, const NeedQuery& q) -> uint32_t { return h.free < q.siblings; },
    },
    HardRule{
        .id = Exclusion::kTooManySiblings,
        .name = "too_many_siblings",
        .ja = "きょうだい数超過",
        .en = "sibling group larger than accepted",
        .fails = [](const Row& h, const NeedQuery& q) -> uint32_t {
          return h.max_siblings < q.siblings;
        },
    },
    HardRule{
        .id = Exclusion::kAgeOutOfRange,
        .name = "age_out_of_range",
        .ja = "受入年齢外",
        .en = "age not accepted",
        .fails = [](const Row& h, const NeedQuery& q) -> uint32_t {
          return (q.age < h.age_min) | (q.age > h.age_max);
        },
    },
    HardRule{
        .id = Exclusion::kSexNotAccepted,
        .name = "sex_not_accepted",
        .ja = "受入性別外",
        .en = "sex not accepted",
        .fails = [](const Row& h, const NeedQuery& q) -> uint32_t {
          return !(h.sexes & q.sex_bit);
        },
    },
    HardRule{
        .id = Exclusion::kTooFar,
        .name = "too_far",
        .ja = "遠方",
        .en = "beyond the travel limit",
        .fails = [](const Row& h, const NeedQuery& q) -> uint32_t {
          return q.minutes[h.region] > q.max_minutes;
        },
        .by_region = true,
    },
};

static_assert(kHardRules.size() == kExclusionCount, "one row per Exclusion");
static_assert(
    [] {
      for (size_t i = 0; i < kHardRules.size(); ++i) {
        if (static_cast<size_t>(kHardRules[i].id) != i) return false;
      }
      return true;
    }(),
    "rows in Exclusion order");

const HardRule& RuleOf(Exclusion e);

// `check` as a template argument makes each call direct, so it is inlined (a call through the
// table's pointer would not be).
template <auto check>
[[gnu::always_inline]] inline uint32_t Fails(const Row& h, const NeedQuery& q) {
  return check(h, q);
}

template <size_t... I>
[[gnu::always_inline]] inline uint32_t FailureMaskOf(const Row& h, const NeedQuery& q,
                                                     std::index_sequence<I...>) {
  return ((Fails<kHardRules[I].fails>(h, q) << I) | ...);
}

// Every hard rule as one bit in Exclusion order: a home's first failing rule is the lowest set
// bit.
[[gnu::always_inline]] inline uint32_t FailureMask(const Row& h, const NeedQuery& q) {
  return FailureMaskOf(h, q, std::make_index_sequence<kHardRules.size()>{});
}

template <bool by_region, size_t... I>
[[gnu::always_inline]] inline uint32_t RulesMaskOf(const Row& h, const NeedQuery& q,
                                                   std::index_sequence<I...>) {
  return ((kHardRules[I].by_region == by_region ? Fails<kHardRules[I].fails>(h, q) << I : 0u) |
          ...);
}

// The rules that read more than the region, as in FailureMask: free of lookups, so that a loop
// over a block of homes vectorizes.
[[gnu::always_inline]] inline uint32_t HomeRulesMask(const Row& h, const NeedQuery& q) {
  return RulesMaskOf<false>(h, q, std::make_index_sequence<kHardRules.size()>{});
}

// The rules that read only the region, as in FailureMask: the same for every home in `h.region`.
inline uint32_t RegionRulesMask(const Row& h, const NeedQuery& q) {
  return RulesMaskOf<true>(h, q, std::make_index_sequence<kHardRules.size()>{});
}

inline std::optional<Exclusion> FirstFailure(const Row& h, const NeedQuery& q) {
  const uint32_t mask = FailureMask(h, q);
  if (mask == 0) return std::nullopt;
  return static_cast<Exclusion>(std::countr_zero(mask));
}

}  // namespace fostermatch::matching
