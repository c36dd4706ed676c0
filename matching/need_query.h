#pragma once

// Internal to the engine: a need prepared for the per-home loop, and one home's hot fields
// gathered from the index's columns. Not part of the public API.

#include <array>
#include <cstdint>
#include <vector>

#include "matching/engine.h"

namespace fostermatch::matching {

inline constexpr uint8_t kFlagActive = 1 << 0;
inline constexpr uint8_t kFlagRespiteOnly = 1 << 1;
inline constexpr uint8_t kFlagBaseCourses = 1 << 2;
inline constexpr uint8_t kFlagSpecializedCourse = 1 << 3;

inline constexpr uint8_t kSpecialNeeds =
    NeedCategories{NeedCategory::kDisability, NeedCategory::kMedical, NeedCategory::kBehavioral}
        .bits();
constexpr uint8_t Bit(FosterType t) { return FosterTypes{t}.bits(); }

inline constexpr int kAgeSlots = kMaxChildAge + 1;
inline constexpr int kSlotCap = 8;  // free places and capacity are stored clamped to 0..7

using Row = HomeIndex::Row;

// A need, prepared once per ranking so the per-home loop only compares integers.
struct NeedQuery {
  int region = -1;  // -1: unknown region, every home is too far
  uint8_t age = 0;
  uint8_t sex_bit = 0;
  uint8_t siblings = 1;
  uint8_t needs = 0;
  uint8_t special = 0;  // needs ∩ {disability, medical, behavioral}
  bool respite = false;
  uint8_t required_types = 0;  // the bit of the type the need requires, or none
  // The placement's possible start: the need's earliest start, or today if that has passed.
  // Every date-dependent rule is judged on it.
  int32_t start = 0;
  int32_t cycle_start_specialized = 0;  // start minus 2 years
  int32_t cycle_start_other = 0;        // start minus 5 years
  const double* minutes = nullptr;      // travel minutes from each home region to the need's
  double max_minutes = 0;               // the policy's travel limit

  // Score parts that depend only on the need and a small home attribute, computed once per need
  // so that scoring a home is a handful of lookups (see ScoreComponents).
  std::vector<double> proximity;                      // by home region
  std::array<double, kAgeSlots * kAgeSlots> age_fit;  // by (age_min, age_max)
  std::array<double, 16> needs_fit;                   // by accepted-needs bits
  std::array<double, kSlotCap * kSlotCap> room_fit;   // by (free, capacity)
  double inv_saturation = 0;                          // 1 / waiting_saturation_months
  ScoreWeights scaled;  // weights × 100 / their sum: the score is their dot product

  // The rule fields of `need` as judged by an index built on `today` (rules.cpp).
  static NeedQuery From(const Need& need, const RegionDistances& regions, Date today,
                        double max_minutes);
  // Fills the score tables (score.cpp); only rankings need them.
  void PrepareScoring(const MatchPolicy& policy, size_t region_count);
};

}  // namespace fostermatch::matching
