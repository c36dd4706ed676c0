#include "matching/readiness.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace fostermatch::matching {
namespace {

std::string FormatHours(double h) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", std::round(h * 10) / 10);
  return buf;
}

}  // namespace

std::string_view StatusLabelJa(ParentStatus status) {
  switch (status) {
    case ParentStatus::kActive:
      return "有効";
    case ParentStatus::kSuspended:
      return "一時停止";
    case ParentStatus::kWithdrawn:
      return "辞退";
  }
  return "";
}

TrainingSummary SummarizeTrainings(std::span<const Training> trainings, Date today,
                                   const ReadinessPolicy& policy) {
  TrainingSummary s;
  const Date window_start = today.AddMonths(-policy.recent_months);
  for (const Training& t : trainings) {
    if (t.completed_on > today) continue;  // recorded ahead of time: not done yet
    if (t.outcome != TrainingOutcome::kFailed && t.completed_on >= window_start) {
      s.recent_hours += t.hours;
    }
    if (t.outcome != TrainingOutcome::kCompleted) continue;
    switch (t.course) {
      case Course::kBasic:
        s.basic = true;
        break;
      case Course::kPreRegistration:
        s.pre_registration = true;
        break;
      case Course::kSpecialized:
        s.specialized = true;
        break;
      case Course::kRenewal:
        if (!s.last_renewal || *s.last_renewal < t.completed_on) s.last_renewal = t.completed_on;
        break;
      case Course::kPractical:
        if (!s.last_practical || *s.last_practical < t.completed_on) {
          s.last_practical = t.completed_on;
        }
        break;
      case Course::kOther:
        break;
    }
  }
  return s;
}

int RenewalCycleYears(FosterTypes types) { return types.Has(FosterType::kSpecialized) ? 2 : 5; }

bool RegistrationValidOn(const FosterParent& fp, Date on) {
  return fp.registered_on <= on && on <= fp.registration_expires_on;
}

bool BaseCoursesDone(FosterTypes types, const TrainingSummary& t) {
  if (types == FosterTypes{FosterType::kKinship}) return true;
  return t.basic && t.pre_registration;
}

bool RenewalDone(const FosterParent& fp, const TrainingSummary& t, Date on) {
  const Date cycle_start = on.AddYears(-RenewalCycleYears(fp.types));
  if (fp.registered_on >= cycle_start) return true;  // still in the first term
  return t.last_renewal && *t.last_renewal >= cycle_start;
}

namespace {

using GapSink = std::vector<Gap>;

void AddGap(GapSink& gaps, GapKind kind, bool hard, std::string ja, std::string en) {
  gaps.push_back({kind, hard, std::move(ja), std::move(en)});
}

// Active and registered on `on`: 15 points each.
int StatusAndRegistration(const FosterParent& fp, Date on, GapSink& gaps) {
  int points = 0;
  if (fp.status == ParentStatus::kActive) {
    points += 15;
  } else {
    AddGap(gaps, GapKind::kNotActive, true,
           "登録状況が「" + std::string(StatusLabelJa(fp.status)) +
               "」です。再開できるか確認してください",
           "status is " + std::string(ToString(fp.status)) +
               "; confirm whether the household can resume");
  }
  if (RegistrationValidOn(fp, on)) {
    points += 15;
  } else {
    const std::string date = fp.registration_expires_on.ToString();
    AddGap(gaps, GapKind::kRegistrationExpired, true,
           "登録の有効期限（" + date + "）が切れています。登録の更新手続きが必要です",
           "registration expired on " + date + "; the registration must be renewed");
  }
  return points;
}

// The courses each type requires before registration: 15 points.
int BaseCourses(const FosterParent& fp, const TrainingSummary& t, GapSink& gaps) {
  const bool done = BaseCoursesDone(fp.types, t);
  if (!done && !t.basic) {
    AddGap(gaps, GapKind::kBasicTraining, true, "基礎研修が未修了です",
           "basic training (基礎研修) not completed");
  }
  if (!done && !t.pre_registration) {
    AddGap(gaps, GapKind::kPreRegistrationTraining, true, "登録前研修が未修了です",
           "pre-registration training (登録前研修) not completed");
  }
  if (fp.types.Has(FosterType::kSpecialized) && !t.specialized) {
    // Blocks only the placements that rely on the specialized type (all, for a specialized-only
    // household).
    AddGap(gaps, GapKind::kSpecializedTraining, fp.types == FosterTypes{FosterType::kSpecialized},
           "専門里親研修が未修了です",
           "specialized foster parent training (専門里親研修) not completed");
  }
  return done ? 15 : 0;
}

// Renewal training within its cycle: 15 points, and a notice when the registration expires soon.
int Renewal(const FosterParent& fp, const TrainingSummary& t, Date on, Date today,
            const ReadinessPolicy& policy, GapSink& gaps) {
  if (!RenewalDone(fp, t, on)) {
    const std::string since = on.AddYears(-RenewalCycleYears(fp.types)).ToString();
    AddGap(gaps, GapKind::kRenewalTraining, true,
           "更新研修の受講記録がありません（" + since + " 以降）。更新研修の受講が必要です",
           "renewal training missing (none since " + since + ")");
    return 0;
  }
  const Date term_start = fp.registration_expires_on.AddYears(-RenewalCycleYears(fp.types));
  const bool renewed_this_term = t.last_renewal && *t.last_renewal > term_start;
  if (fp.registration_expires_on >= today &&
      fp.registration_expires_on <= today.AddDays(policy.renewal_notice_days) &&
      !renewed_this_term) {
    const std::string date = fp.registration_expires_on.ToString();
    AddGap(gaps, GapKind::kRenewalDueSoon, false, "更新研修を " + date + " までに受講してください",
           "renewal training due by " + date);
  }
  return 15;
}

// Soft readiness 0–1: recent practical training 0.6, training hours in the window 0.4.
double SoftReadiness(const TrainingSummary& t, Date today, const ReadinessPolicy& policy,
                     GapSink& gaps) {
  const Date recent_start = today.AddMonths(-policy.recent_months);
  const bool practical_recent = t.last_practical && *t.last_practical >= recent_start;
  if (!practical_recent && t.last_practical) {
    const std::string year = std::to_string(t.last_practical->year());
    AddGap(gaps, GapKind::kNoRecentPractical, false,
           year + "年以降、実地研修（トレーニング）を受講していません",
           "no practical training since " + year);
  } else if (!practical_recent) {
    AddGap(gaps, GapKind::kNoRecentPractical, false,
           "実地研修（トレーニング）の受講記録がありません", "no practical training on record");
  }
  const double hours_ratio = std::min(1.0, t.recent_hours / policy.recommended_hours);
  if (hours_ratio < 1.0) {
    const std::string h = FormatHours(t.recent_hours);
    const std::string rec = FormatHours(policy.recommended_hours);
    const std::string months = std::to_string(policy.recent_months);
    AddGap(gaps, GapKind::kFewHours, false,
           "過去" + months + "か月の研修時間は " + h + " 時間です（推奨 " + rec + " 時間）",
           "only " + h + " training hours in the last " + months + " months (" + rec +
               " recommended)");
  }
  return (practical_recent ? 0.6 : 0.0) + 0.4 * hours_ratio;
}

}  // namespace

Readiness AssessReadiness(const FosterParent& fp, const TrainingSummary& t, Date on, Date today,
                          const ReadinessPolicy& policy) {
  Readiness r;
  int hard_points = StatusAndRegistration(fp, on, r.missing);
  hard_points += BaseCourses(fp, t, r.missing);
  hard_points += Renewal(fp, t, on, today, policy, r.missing);
  r.soft = SoftReadiness(t, today, policy, r.missing);
  r.hard_ok = std::none_of(r.missing.begin(), r.missing.end(), [](const Gap& g) { return g.hard; });
  r.score = hard_points + static_cast<int>(std::lround(40 * r.soft));
  return r;
}

HomeFacts DeriveHomeFacts(const FosterParent& fp, std::span<const Training> trainings,
                          std::span<const Placement> placements, Date today,
                          const ReadinessPolicy& policy, int long_unplaced_months) {
  HomeFacts f;
  for (const Placement& p : placements) {
    const bool ended = p.ended_on && *p.ended_on <= today;
    if (!ended) f.committed_children += p.children;
    if (p.started_on > today) continue;
    if (!ended) {
      f.current_children += p.children;
    } else if (!f.last_placement_ended_on || *f.last_placement_ended_on < *p.ended_on) {
      f.last_placement_ended_on = p.ended_on;
    }
  }
  if (f.current_children == 0) {
    Date since = fp.registered_on;
    if (f.last_placement_ended_on && *f.last_placement_ended_on > since) {
      since = *f.last_placement_ended_on;
    }
    f.months_unplaced = WholeMonthsBetween(since, today);
  }
  f.long_unplaced = fp.status == ParentStatus::kActive && f.current_children == 0 &&
                    f.months_unplaced >= long_unplaced_months;
  f.trainings = SummarizeTrainings(trainings, today, policy);
  f.readiness = AssessReadiness(fp, f.trainings, today, today, policy);
  return f;
}

}  // namespace fostermatch::matching
