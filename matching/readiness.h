#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "matching/date.h"
#include "matching/domain.h"

namespace fostermatch::matching {

struct ReadinessPolicy {
  // Practical training (実地研修/トレーニング) counts as recent within this many months.
  int recent_months = 24;
  // Training hours recommended within the recent window.
  double recommended_hours = 12;
  // A renewal training falls due this many days before the registration expires.
  int renewal_notice_days = 180;
};

// A household's training records condensed to what readiness needs. Only `completed` records
// satisfy a course; `completed` and `partial` records count towards hours.
struct TrainingSummary {
  bool basic = false;
  bool pre_registration = false;
  bool specialized = false;
  std::optional<Date> last_renewal;
  std::optional<Date> last_practical;
  double recent_hours = 0;  // within recent_months before `today`
};
TrainingSummary SummarizeTrainings(std::span<const Training> trainings, Date today,
                                   const ReadinessPolicy& policy);

// Years between renewals: 2 for a household with the specialized type, else 5.
int RenewalCycleYears(FosterTypes types);

// The hard readiness rules, shared by readiness and the matching filter.
bool RegistrationValidOn(const FosterParent& fp, Date on);
// basic + pre_registration, for every type but kinship-only (親族里親 need not take them).
bool BaseCoursesDone(FosterTypes types, const TrainingSummary& t);
// A household registered more than one cycle before `on` needs a renewal training in the
// cycle before `on`.
bool RenewalDone(const FosterParent& fp, const TrainingSummary& t, Date on);

enum class GapKind : uint8_t {
  kNotActive,
  kRegistrationExpired,
  kBasicTraining,
  kPreRegistrationTraining,
  kSpecializedTraining,
  kRenewalTraining,
  kRenewalDueSoon,
  kNoRecentPractical,
  kFewHours,
};

// One thing a household lacks, in words a coordinator can act on.
struct Gap {
  GapKind kind;
  bool hard;  // blocks every placement until fixed
  std::string ja;
  std::string en;
};

struct Readiness {
  int score = 0;         // 0–100: 60 for the four hard items, 40 for soft readiness
  bool hard_ok = false;  // all hard items met
  double soft = 0;       // 0–1: recent practical training (0.6) and recent hours (0.4)
  std::vector<Gap> missing;
};

// Readiness of a household for a placement starting `on`, judged on `today`'s records.
Readiness AssessReadiness(const FosterParent& fp, const TrainingSummary& trainings, Date on,
                          Date today, const ReadinessPolicy& policy);

// Everything derived about a household: computed here only, never stored.
struct HomeFacts {
  int current_children = 0;    // placed now
  int committed_children = 0;  // in placements not ended, including those starting later: the
                               // places that are taken for matching and new placements
  std::optional<Date> last_placement_ended_on;
  int months_unplaced = 0;  // since the later of registration and last placement end; 0 if placed
  bool long_unplaced = false;  // active, nobody placed, months_unplaced >= threshold
  Readiness readiness;
  TrainingSummary trainings;
};
HomeFacts DeriveHomeFacts(const FosterParent& fp, std::span<const Training> trainings,
                          std::span<const Placement> placements, Date today,
                          const ReadinessPolicy& policy, int long_unplaced_months);

// Japanese label of a status ("一時停止").
std::string_view StatusLabelJa(ParentStatus status);

}  // namespace fostermatch::matching
