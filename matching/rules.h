#pragma once

// Internal to the engine: the hard rules, one table row each, in the order that names the one
// reason a home is excluded. Adding a rule is one row here plus its Exclusion value.

#include <array>
#include <bit>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>

#include "matching/need_query.h"

namespace fostermatch::matching {

// Each check returns 1 if home `h` fails the rule for need `q`, else 0, without branches: the
// checks are inlined side by side into FailureMask (an early exit would mispredict on every few
// homes; a straight line keeps the scan near memory speed).
namespace hard_rule {

inline bool SpecialUnaccepted(const Row& h, const NeedQuery& q) {
  return (q.special & h.accepts_needs) != q.special;
}
inline bool HasSpecializedType(const Row& h) {
  return (h.types & Bit(FosterType::kSpecialized)) != 0;
}

inline uint32_t NotActive(const Row& h, const NeedQuery&) { return !(h.flags & kFlagActive); }

// A required type must be held; adoptive-only and kinship-only homes take only needs that ask for
// that type; special needs go to specialized homes or homes that accept them.
inline uint32_t TypeMismatch(const Row& h, const NeedQuery& q) {
  const bool has_required = q.requires_type < 0 || (h.types >> q.requires_type) & 1;
  const bool single_purpose = q.requires_type < 0 && (h.types == Bit(FosterType::kKinship) ||
                                                      h.types == Bit(FosterType::kAdoptive));
  return (!has_required) | single_purpose | (SpecialUnaccepted(h, q) & !HasSpecializedType(h));
}

inline uint32_t RespiteOnly(const Row& h, const NeedQuery& q) {
  return (h.flags & kFlagRespiteOnly) && !q.respite;
}

inline uint32_t RegistrationExpired(const Row& h, const NeedQuery& q) {
  return (q.start < h.registered) | (q.start > h.expires);
}

// Base courses; the specialized course for placements that rely on the specialized type; a
// renewal training within the cycle before the start once past the first term.
inline uint32_t TrainingIncomplete(const Row& h, const NeedQuery& q) {
  const bool relies_on_specialized =
      (h.types == Bit(FosterType::kSpecialized)) |
      (q.requires_type == static_cast<int>(FosterType::kSpecialized)) | SpecialUnaccepted(h, q);
  const int32_t cycle_start =
      HasSpecializedType(h) ? q.cycle_start_specialized : q.cycle_start_other;
  const bool base_courses = (h.flags & kFlagBaseCourses) != 0;
  const bool specialized_course = (h.flags & kFlagSpecializedCourse) != 0;
  return (!base_courses) | (relies_on_specialized & !specialized_course) |
         ((h.registered < cycle_start) & (h.last_renewal < cycle_start));
}

inline uint32_t NoCapacity(const Row& h, const NeedQuery& q) { return h.free < q.siblings; }
inline uint32_t TooManySiblings(const Row& h, const NeedQuery& q) {
  return h.max_siblings < q.siblings;
}
inline uint32_t AgeOutOfRange(const Row& h, const NeedQuery& q) {
  return (q.age < h.age_min) | (q.age > h.age_max);
}
inline uint32_t SexNotAccepted(const Row& h, const NeedQuery& q) { return !(h.sexes & q.sex_bit); }
inline uint32_t TooFar(const Row& h, const NeedQuery& q) {
  return q.minutes[h.region] > q.max_minutes;
}

}  // namespace hard_rule

struct HardRule {
  Exclusion id;
  std::string_view name;  // the API's and the reports' name
  std::string_view ja;
  std::string_view en;
  uint32_t (*fails)(const Row& h, const NeedQuery& q);
};

inline constexpr std::array kHardRules = {
    HardRule{Exclusion::kNotActive, "not_active", "登録状況が有効でない", "registration not active",
             hard_rule::NotActive},
    HardRule{Exclusion::kTypeMismatch, "type_mismatch", "里親種別が合わない",
             "foster type does not match", hard_rule::TypeMismatch},
    HardRule{Exclusion::kRespiteOnly, "respite_only", "レスパイト専用", "respite care only",
             hard_rule::RespiteOnly},
    HardRule{Exclusion::kRegistrationExpired, "registration_expired", "登録期限切れ",
             "registration not valid on the start date", hard_rule::RegistrationExpired},
    HardRule{Exclusion::kTrainingIncomplete, "training_incomplete", "研修未修了",
             "required training not completed", hard_rule::TrainingIncomplete},
    HardRule{Exclusion::kNoCapacity, "no_capacity", "空きなし", "no free place",
             hard_rule::NoCapacity},
    HardRule{Exclusion::kTooManySiblings, "too_many_siblings", "きょうだい数超過",
             "sibling group larger than accepted", hard_rule::TooManySiblings},
    HardRule{Exclusion::kAgeOutOfRange, "age_out_of_range", "受入年齢外", "age not accepted",
             hard_rule::AgeOutOfRange},
    HardRule{Exclusion::kSexNotAccepted, "sex_not_accepted", "受入性別外", "sex not accepted",
             hard_rule::SexNotAccepted},
    HardRule{Exclusion::kTooFar, "too_far", "遠方", "beyond the travel limit", hard_rule::TooFar},
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

inline std::optional<Exclusion> FirstFailure(const Row& h, const NeedQuery& q) {
  const uint32_t mask = FailureMask(h, q);
  if (mask == 0) return std::nullopt;
  return static_cast<Exclusion>(std::countr_zero(mask));
}

}  // namespace fostermatch::matching
