#pragma once

// The matching engine: hard filter, score, explain and "what would unlock this home", over an
// immutable column-wise index of homes. Pure: no I/O, no clock ("today" is a parameter), no
// randomness; the same input gives the same output, ties broken by foster parent id.

#include <array>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "matching/date.h"
#include "matching/domain.h"
#include "matching/readiness.h"
#include "matching/region_distance.h"

namespace fostermatch::matching {

class OpenNeeds;  // matching/open_needs.h

struct ScoreWeights {
  double proximity = 0.35;  // school and community continuity
  double readiness = 0.25;  // soft readiness: recent practical training and hours
  double waiting = 0.25;    // months unplaced: how long-unplaced homes are surfaced
  double fit = 0.15;        // age in the middle of the range, needs accepted, room left
};

struct MatchPolicy {
  ScoreWeights weights;
  // Homes further than this (estimated or configured travel minutes) are excluded.
  double max_travel_minutes = 90;
  // `waiting` reaches 1 at this many months unplaced.
  int waiting_saturation_months = 36;
  int long_unplaced_months = 12;
  ReadinessPolicy readiness;
};

// Why a home was excluded: the first failing hard rule, in this order. Each rule's names and
// check are one row of the table in matching/rules.h.
enum class Exclusion : uint8_t {
  kNotActive,
  kTypeMismatch,
  kRespiteOnly,
  kRegistrationExpired,
  kTrainingIncomplete,
  kNoCapacity,
  kTooManySiblings,
  kAgeOutOfRange,
  kSexNotAccepted,
  kTooFar,  // the last rule: keep kExclusionCount below in step
};
inline constexpr size_t kExclusionCount = static_cast<size_t>(Exclusion::kTooFar) + 1;
// The rule's canonical name ("no_capacity"), as in the API and the reports.
std::string_view ExclusionName(Exclusion e);
// The rule in words for a coordinator, in Japanese ("空きなし") and English ("no free place").
std::string_view ExclusionLabelJa(Exclusion e);
std::string_view ExclusionLabelEn(Exclusion e);

// A household with its records, as the index is built from.
struct HomeInput {
  FosterParent parent;
  std::vector<Training> trainings;
  std::vector<Placement> placements;
};

struct Components {
  double proximity = 0;
  double readiness = 0;
  double waiting = 0;
  double fit = 0;
};

struct Reason {
  std::string component;  // "proximity", "readiness", "waiting", "fit"
  std::string ja;
  std::string en;
};

// The empty list of reasons that every candidate ranked without them shares.
const std::shared_ptr<const std::vector<Reason>>& NoReasons();

struct Candidate {
  int64_t foster_parent_id = 0;
  int64_t agency_id = 0;
  double score = 0;  // 0–100, rounded half up to hundredths: the value the ranking compares
  Components components;
  // Shared: a ranking brought up to date (Rerank) copies its unchanged candidates cheaply.
  std::shared_ptr<const std::vector<Reason>> reasons = NoReasons();
};

struct RankResult {
  int evaluated = 0;
  std::array<int, kExclusionCount> excluded{};  // by Exclusion; sums with candidates to evaluated
  int eligible = 0;                             // homes that passed every hard rule
  ScoreWeights weights;
  std::vector<Candidate> candidates;  // best first, at most `limit`
};

struct RankOptions {
  size_t limit = 10;
  // Only this agency's homes are evaluated (and counted), for an agency coordinator.
  std::optional<int64_t> agency_id;
  // Reasons in words for each candidate (the monthly batch needs only scores).
  bool explain = true;
  // Evaluate only the homes in regions within the travel limit: much faster over a whole
  // country (the monthly batch). The candidates and `eligible` are the same (a far home is never
  // eligible), but `evaluated` and `excluded` then count only those homes; rank again without
  // it for the full counts. Ignored with agency_id.
  bool reachable_only = false;
};

// One change to a household that would make it eligible for more of today's open needs.
struct Unlock {
  enum class Kind : uint8_t {
    kReactivate,
    kRenewRegistration,
    kBaseCourses,
    kRenewalTraining,
    kSpecializedTraining,
    kAcceptNeed,
    kWiderAgeRange,
    kBothSexes,
    kMoreSiblings,
    kNotRespiteOnly,
  };
  Kind kind;
  std::optional<NeedCategory> need;  // for kAcceptNeed
  int age_min = 0, age_max = 0;      // for kWiderAgeRange: the range the unlocked needs need
  int needs_unlocked = 0;            // open needs it would then be eligible for
  std::string ja;
  std::string en;
};

struct NextStep {
  std::string code;  // "renew_registration", "base_training", "renewal_training",
                     // "practical_training", "review_preferences", "home_visit"
  std::string ja;
  std::string en;
};

struct LongUnplacedEntry {
  int64_t foster_parent_id = 0;
  int64_t agency_id = 0;
  HomeFacts facts;
  int eligible_now = 0;         // open needs the home is a candidate for today
  std::vector<Unlock> unlocks;  // most needs unlocked first
  NextStep next_step;
};

// Homes in column-wise arrays of their hot fields (53 bytes a home, and 4 in the region lists),
// in id order, built from the records and then shared read-only between threads. A writer
// updates a copy one household at a time (Upsert, Erase) and publishes it: copy-on-write.
class HomeIndex final {
 public:
  HomeIndex(std::span<const HomeInput> homes, std::shared_ptr<const RegionDistances> regions,
            Date today, MatchPolicy policy);

  // Adds or replaces the entry of household `home.parent.id`, judged on today(); afterwards the
  // index answers Rank, Check, Find and LongUnplaced as one built whole from the same homes. A
  // home in a region the index does not know is removed instead (such a home is never indexed).
  // Keeps nothing of `home`. Appending a new largest id, or replacing, costs O(1) amortised
  // (plus the home's region list); inserting below the largest id costs O(size()).
  void Upsert(const HomeInput& home);
  // Removes the entry of `foster_parent_id` if there is one. O(size()).
  void Erase(int64_t foster_parent_id);

  size_t size() const { return id_.size(); }
  Date today() const { return today_; }
  const MatchPolicy& policy() const { return policy_; }
  const RegionDistances& regions() const { return *regions_; }
  // Bytes held by the index's arrays (not counting the shared region table).
  size_t MemoryBytes() const;
  // Position of a home by id, or nullopt.
  std::optional<size_t> Find(int64_t foster_parent_id) const;
  int64_t id(size_t i) const { return id_[i]; }
  // Places not taken by placements that have not ended (including ones starting later).
  int free_places(size_t i) const { return free_[i]; }

  // Ranks the homes for a need: every home (of the agency, if given) is evaluated; excluded ones
  // are counted under their first failing rule; the best `limit` come back explained, by score
  // and then, between equal scores, by the lower foster_parent_id.
  RankResult Rank(const Need& need, const RankOptions& options) const;

  // The first failing hard rule of home `i` for `need`, or nullopt if it is eligible. Here and
  // in Rank and LongUnplaced, date rules are judged on the placement's possible start: the need's
  // earliest start, or today() if that has passed.
  std::optional<Exclusion> Check(size_t i, const Need& need) const;

  // Long-unplaced homes (of the agency, if given), closest to ready first, each with what would
  // unlock it against `open_needs` and a suggested next step. `homes` must be the records of the
  // homes the index holds (as built, then upserted).
  std::vector<LongUnplacedEntry> LongUnplaced(std::span<const HomeInput> homes,
                                              std::span<const Need> open_needs,
                                              std::optional<int64_t> agency_id) const;
  // The entry of home `i` (built from `home`) against `needs` (built for this index), or nullopt
  // if the home is not long-unplaced. It depends only on the home and `needs`.
  std::optional<LongUnplacedEntry> LongUnplacedEntryOf(size_t i, const HomeInput& home,
                                                       const OpenNeeds& needs) const;

  struct Row;                  // one home's hot fields (defined below)
  Row Gather(size_t i) const;  // for the engine and its tests

  // A household changed since an older index of the same day, policy and regions: its row there
  // (nullopt if it was not in it).
  struct PriorRow;
  // What Rank(need, options) answers on this index, made from `before` — Rank's answer for the
  // same need and options on the older index — by judging again only the households in
  // `changed` (every household whose row differs between the two, with its row there), so a
  // write costs a ranking what it changed. Nullopt when that cannot be told without a scan: a
  // candidate of a full list lost its place to a household nobody judged again, or options ask
  // for reachable_only counts.
  std::optional<RankResult> Rerank(const Need& need, const RankOptions& options,
                                   const RankResult& before,
                                   std::span<const PriorRow> changed) const;

 private:
  // Every per-home column, for what must touch them all (reserving, counting bytes).
  template <typename Self>
  static auto Columns(Self& self);
  Row MakeRow(const HomeInput& home, uint16_t region) const;
  void InsertRow(size_t i, const Row& row);
  void SetRow(size_t i, const Row& row);
  // A ranking in progress, and one block of homes judged for it (home_index.cpp).
  struct RankScan;
  template <typename Position>
  void ScanBlock(Position position, size_t count, RankScan& scan) const;
  std::vector<Reason> Explain(const Row& row, const struct NeedQuery& q, const Need& need) const;
  // A ranked home as Rank and Rerank answer it.
  Candidate CandidateOf(const Row& h, const NeedQuery& q, const Need& need, int64_t hundredths,
                        bool explain) const;

  std::shared_ptr<const RegionDistances> regions_;
  Date today_;
  MatchPolicy policy_;
  // Hot columns, one entry per home, in id order.
  std::vector<int64_t> id_;
  std::vector<int32_t> agency_;
  std::vector<uint16_t> region_;
  std::vector<uint8_t> types_;
  std::vector<uint8_t> flags_;  // kFlag* bits
  std::vector<int32_t> registered_;
  std::vector<int32_t> expires_;
  std::vector<int32_t> last_renewal_;    // INT32_MIN if none
  std::vector<int32_t> last_practical_;  // INT32_MIN if none
  std::vector<uint8_t> capacity_;
  std::vector<uint8_t> free_;
  std::vector<uint8_t> max_siblings_;
  std::vector<uint8_t> age_min_;
  std::vector<uint8_t> age_max_;
  std::vector<uint8_t> sexes_;
  std::vector<uint8_t> accepts_needs_;
  std::vector<uint16_t> months_unplaced_;
  std::vector<double> soft_readiness_;  // double: the score it enters is rounded exactly
  std::vector<float> recent_hours_;
  // Positions of the homes in each region, ascending (for reachable_only).
  std::vector<std::vector<uint32_t>> homes_by_region_;
};

struct HomeIndex::Row {
  int64_t id;
  int32_t agency;
  uint16_t region;
  uint8_t types;
  uint8_t flags;  // kFlag* bits (matching/need_query.h)
  int32_t registered, expires, last_renewal, last_practical;
  uint8_t capacity, free, max_siblings, age_min, age_max, sexes, accepts_needs;
  uint16_t months_unplaced;
  double soft_readiness;
  float recent_hours;
};

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

struct HomeIndex::PriorRow {
  int64_t id = 0;
  std::optional<Row> row;
};

}  // namespace fostermatch::matching
