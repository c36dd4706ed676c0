#pragma once

// The domain vocabulary shared by the engine and the service: plain structs and enums with
// their canonical string names (the names used in the API, the database and the CSV import).

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "matching/date.h"

namespace fostermatch::matching {

enum class FosterType : uint8_t { kFoster, kSpecialized, kAdoptive, kKinship };
enum class NeedCategory : uint8_t { kDisability, kMedical, kBehavioral, kInfant };
enum class Sex : uint8_t { kFemale, kMale };
enum class ParentStatus : uint8_t { kActive, kSuspended, kWithdrawn };
enum class Course : uint8_t {
  kBasic,
  kPreRegistration,
  kRenewal,
  kSpecialized,
  kPractical,
  kOther
};
enum class TrainingOutcome : uint8_t { kCompleted, kPartial, kFailed };
enum class NeedKind : uint8_t { kLongTerm, kShortTerm, kRespite, kTemporary };
enum class NeedStatus : uint8_t { kOpen, kProposed, kPlaced, kWithdrawn };
enum class Role : uint8_t { kAdmin, kStaff, kAgency, kTrainer };

// The canonical names, indexed by the enum's value.
template <typename E>
struct EnumNames;
template <>
struct EnumNames<FosterType> {
  static constexpr std::array<std::string_view, 4> kNames = {"foster", "specialized", "adoptive",
                                                             "kinship"};
};
template <>
struct EnumNames<NeedCategory> {
  static constexpr std::array<std::string_view, 4> kNames = {"disability", "medical", "behavioral",
                                                             "infant"};
};
template <>
struct EnumNames<Sex> {
  static constexpr std::array<std::string_view, 2> kNames = {"female", "male"};
};
template <>
struct EnumNames<ParentStatus> {
  static constexpr std::array<std::string_view, 3> kNames = {"active", "suspended", "withdrawn"};
};
template <>
struct EnumNames<Course> {
  static constexpr std::array<std::string_view, 6> kNames = {
      "basic", "pre_registration", "renewal", "specialized", "practical", "other"};
};
template <>
struct EnumNames<TrainingOutcome> {
  static constexpr std::array<std::string_view, 3> kNames = {"completed", "partial", "failed"};
};
template <>
struct EnumNames<NeedKind> {
  static constexpr std::array<std::string_view, 4> kNames = {"long_term", "short_term", "respite",
                                                             "temporary"};
};
template <>
struct EnumNames<NeedStatus> {
  static constexpr std::array<std::string_view, 4> kNames = {"open", "proposed", "placed",
                                                             "withdrawn"};
};
template <>
struct EnumNames<Role> {
  static constexpr std::array<std::string_view, 4> kNames = {"admin", "staff", "agency", "trainer"};
};

template <typename E>
constexpr std::string_view ToString(E value) {
  return EnumNames<E>::kNames[static_cast<size_t>(value)];
}

// Returns the enum named `text` exactly, or nullopt.
template <typename E>
constexpr std::optional<E> ParseEnum(std::string_view text) {
  const auto& names = EnumNames<E>::kNames;
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == text) return static_cast<E>(i);
  }
  return std::nullopt;
}

// "a, b or c": for error messages that list what is allowed.
template <typename E>
std::string AllowedValues() {
  std::string out;
  const auto& names = EnumNames<E>::kNames;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
    out += names[i];
  }
  return out;
}

// A small set of enum values as a bit mask: cheap to copy and to test in the engine's loops.
template <typename E>
class EnumSet final {
 public:
  constexpr EnumSet() = default;
  constexpr EnumSet(std::initializer_list<E> values) {
    for (E v : values) Add(v);
  }
  static constexpr EnumSet FromBits(uint8_t bits) {
    EnumSet s;
    s.bits_ = bits;
    return s;
  }
  constexpr void Add(E v) { bits_ |= Bit(v); }
  constexpr bool Has(E v) const { return (bits_ & Bit(v)) != 0; }
  constexpr bool Empty() const { return bits_ == 0; }
  constexpr bool ContainsAll(EnumSet other) const { return (bits_ & other.bits_) == other.bits_; }
  constexpr uint8_t bits() const { return bits_; }
  // The members in enum order, as canonical names.
  std::vector<std::string_view> Names() const {
    std::vector<std::string_view> out;
    for (size_t i = 0; i < EnumNames<E>::kNames.size(); ++i) {
      if (Has(static_cast<E>(i))) out.push_back(EnumNames<E>::kNames[i]);
    }
    return out;
  }
  friend constexpr bool operator==(EnumSet, EnumSet) = default;

 private:
  static constexpr uint8_t Bit(E v) { return static_cast<uint8_t>(1u << static_cast<unsigned>(v)); }
  uint8_t bits_ = 0;
};

using FosterTypes = EnumSet<FosterType>;
using NeedCategories = EnumSet<NeedCategory>;
using Sexes = EnumSet<Sex>;

struct Region {
  std::string code;  // e.g. JIS ward code "01101"
  std::string name_ja;
  std::string name_en;
  double lat = 0;
  double lon = 0;
};

// Travel time between two regions that overrides the great-circle estimate.
struct TravelMinutes {
  std::string from_code;
  std::string to_code;
  int minutes = 0;
};

struct Agency {
  int64_t id = 0;
  std::string name;
  std::vector<std::string> regions;  // region codes served, sorted
};

struct Accepts {
  int age_min = 0;  // years, inclusive
  int age_max = 17;
  Sexes sexes = {Sex::kFemale, Sex::kMale};
  int max_siblings = 1;
  NeedCategories needs;  // needs the household explicitly accepts
};

// A registered foster household, as entered. Derived facts (children placed now, months
// unplaced, readiness) are computed from placements and trainings, never stored here.
struct FosterParent {
  int64_t id = 0;
  int64_t agency_id = 0;
  std::string household_name;
  std::string region;
  FosterTypes types;
  ParentStatus status = ParentStatus::kActive;
  Date registered_on;
  Date registration_expires_on;
  int capacity = 1;
  int own_children = 0;
  Accepts accepts;
  bool respite_only = false;
  std::string notes;
};

struct Training {
  int64_t id = 0;
  int64_t foster_parent_id = 0;
  std::string external_id;  // the trainer program's key; empty for records entered by hand
  Course course = Course::kOther;
  Date completed_on;
  double hours = 0;
  std::string provider;
  TrainingOutcome outcome = TrainingOutcome::kCompleted;
};

struct Child {
  int age_years = 0;
  Sex sex = Sex::kFemale;

  bool operator==(const Child&) const = default;
};

// A child's placement need. `case_ref` is pseudonymous: no names or addresses anywhere.
struct Need {
  int64_t id = 0;
  std::string case_ref;
  std::string region;
  Child child;
  int siblings = 1;  // children to place together
  NeedCategories needs;
  NeedKind kind = NeedKind::kLongTerm;
  std::optional<FosterType> requires_type;
  Date earliest_start;
  int urgency = 2;  // 1 (low) – 3 (high)
  NeedStatus status = NeedStatus::kOpen;
  std::vector<int64_t> shared_with;  // agency ids; empty = the agencies serving `region`

  bool operator==(const Need&) const = default;
};

struct Placement {
  int64_t id = 0;
  int64_t need_id = 0;
  int64_t foster_parent_id = 0;
  int children = 1;  // the need's siblings at the time of placement: slots taken
  Date started_on;
  std::optional<Date> ended_on;
  std::string outcome;
};

// Registration lasts 5 years for foster, adoptive and kinship homes and 2 for specialized ones
// (児童福祉法施行規則); a household of several types renews on the shortest cycle.
Date DefaultRegistrationExpiry(FosterTypes types, Date registered_on);

// Upper bound on `capacity`: 4 foster children, 2 for a specialized-only household, and at most
// 6 children in the home counting the household's own.
int MaxCapacity(FosterTypes types, int own_children);

inline constexpr int kMaxChildAge = 17;
inline constexpr int kMaxChildrenInHome = 6;
inline constexpr int kMaxFosterChildren = 4;
inline constexpr int kMaxFosterChildrenSpecializedOnly = 2;

}  // namespace fostermatch::matching
