#pragma once

// A monthly match run as a typed record: what the batch computes, storage keeps, the API sends
// and the exports print. Plain structs described for Boost.JSON, so the one generic encoding
// (boost::json::value_from / value_to) serves the stored form and the API alike.

#include <boost/describe.hpp>
#include <boost/json/value_to.hpp>
#include <boost/mp11/algorithm.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace fostermatch::model {

struct Tally {
  int registered = 0;  // households registered (not withdrawn)
  int placed = 0;      // of those, with a child placed now
  double rate = 0;     // placed / registered, 3 decimals
};

struct RegionTally {
  std::string code;
  std::string name_ja;
  std::string name_en;
  Tally tally;
};

struct AgencyTally {
  int64_t agency_id = 0;
  std::string name;
  Tally tally;
};

struct MonthOverMonth {
  std::optional<std::string> previous_month;
  std::optional<double> previous_rate;
  std::optional<double> change_points;  // percentage points
};

// Agencies' answers to a month's proposals.
struct ProposalResponses {
  std::optional<std::string> month;
  int accepted = 0;
  int declined = 0;
  std::map<std::string, int> declines_by_reason;
};

struct Statistics {
  Tally households;
  double placement_rate = 0;  // 委託率
  std::vector<RegionTally> by_region;
  std::vector<AgencyTally> by_agency;
  std::map<std::string, Tally> by_type;
  MonthOverMonth month_over_month;
  int needs_open_over_30_days = 0;
  int needs_open_over_90_days = 0;
  int registrations_expiring_within_90_days = 0;
  int renewal_training_due_within_90_days = 0;
  ProposalResponses previous_proposals;
};

struct ReadinessGap {
  bool hard = false;
  std::string ja;
  std::string en;
};

struct ReadinessView {
  int score = 0;
  bool ready = false;
  std::vector<ReadinessGap> missing;
};

struct UnlockView {
  std::string kind;  // "renew_registration", "accept_need", …
  std::optional<std::string> need;
  int needs_unlocked = 0;
  std::string ja;
  std::string en;
};

struct NextStepView {
  std::string code;
  std::string ja;
  std::string en;
};

// A long-unplaced household with what would unlock it: one shape for the API's list and the
// monthly run.
struct LongUnplacedItem {
  int64_t foster_parent_id = 0;
  int64_t agency_id = 0;
  std::string household_name;
  std::string region;
  std::vector<std::string> types;
  int months_unplaced = 0;
  std::optional<std::string> last_placement_ended_on;
  ReadinessView readiness;
  int eligible_now = 0;
  std::vector<UnlockView> unlocks;
  NextStepView next_step;
};

struct Proposal {
  int64_t id = 0;  // set once stored
  int64_t need_id = 0;
  std::string case_ref;
  std::string need_region;
  int siblings = 1;
  int64_t foster_parent_id = 0;
  int64_t agency_id = 0;
  std::string household_name;
  std::string region;
  double score = 0;
  std::optional<std::string> response;  // "accept" or "decline"
  std::string response_reason;
};

struct Unassigned {
  int64_t need_id = 0;
  std::string case_ref;
  std::string region;
  std::string reason;  // "no_eligible_home", "eligible_homes_taken", "eligible_homes_not_shared"
  int evaluated = 0;
  int eligible = 0;
  std::map<std::string, int> excluded;  // by first failing rule
};

struct AgencyRef {
  int64_t id = 0;
  std::string name;
};

struct RunPolicy {
  std::string objective;  // the assignment's levels in order, e.g. "children,urgency,score"
  double weight_proximity = 0;
  double weight_readiness = 0;
  double weight_waiting = 0;
  double weight_fit = 0;
  int long_unplaced_months = 0;
};

struct RunSummary {
  int open_needs = 0;
  int proposals = 0;
  int unassigned = 0;
  double total_score = 0;
  int children_placed = 0;        // siblings counted each
  int sibling_groups_placed = 0;  // needs of two or more siblings proposed (always to one home)
  int homes = 0;
  int64_t arcs = 0;
  int components = 0;
  int64_t flow_problems_solved = 0;
  bool proven_optimal = true;
  // When not proven: the first level of the objective on which the run may fall short of the
  // optimum, and by at most how much in that level's unit (children; urgency × children; score
  // points).
  std::string optimality_gap_level;
  double optimality_gap = 0;
  int assignment_budget = 0;
  double seconds = 0;
};

// A stored run in the list of runs: what it found, without its cases.
struct RunListItem {
  std::string month;       // "YYYY-MM"
  std::string created_at;  // when it was stored
  RunSummary summary;
  double placement_rate = 0;  // 委託率 on the run's date
};

struct MonthlyRun {
  std::string month;       // "YYYY-MM"
  std::string today;       // the date the rules were judged on
  std::string created_at;  // when it was stored
  std::vector<AgencyRef> agencies;
  RunPolicy policy;
  RunSummary summary;
  std::vector<Proposal> proposals;
  std::vector<Unassigned> unassigned;
  std::map<std::string, std::vector<LongUnplacedItem>> long_unplaced;  // by agency id
  Statistics statistics;
  ProposalResponses responses;  // to this run's proposals, as they stand
};

BOOST_DESCRIBE_STRUCT(Tally, (), (registered, placed, rate))
BOOST_DESCRIBE_STRUCT(RegionTally, (), (code, name_ja, name_en, tally))
BOOST_DESCRIBE_STRUCT(AgencyTally, (), (agency_id, name, tally))
BOOST_DESCRIBE_STRUCT(MonthOverMonth, (), (previous_month, previous_rate, change_points))
BOOST_DESCRIBE_STRUCT(ProposalResponses, (), (month, accepted, declined, declines_by_reason))
BOOST_DESCRIBE_STRUCT(Statistics, (),
                      (households, placement_rate, by_region, by_agency, by_type, month_over_month,
                       needs_open_over_30_days, needs_open_over_90_days,
                       registrations_expiring_within_90_days, renewal_training_due_within_90_days,
                       previous_proposals))
BOOST_DESCRIBE_STRUCT(ReadinessGap, (), (hard, ja, en))
BOOST_DESCRIBE_STRUCT(ReadinessView, (), (score, ready, missing))
BOOST_DESCRIBE_STRUCT(UnlockView, (), (kind, need, needs_unlocked, ja, en))
BOOST_DESCRIBE_STRUCT(NextStepView, (), (code, ja, en))
BOOST_DESCRIBE_STRUCT(LongUnplacedItem, (),
                      (foster_parent_id, agency_id, household_name, region, types, months_unplaced,
                       last_placement_ended_on, readiness, eligible_now, unlocks, next_step))
BOOST_DESCRIBE_STRUCT(Proposal, (),
                      (id, need_id, case_ref, need_region, siblings, foster_parent_id, agency_id,
                       household_name, region, score, response, response_reason))
BOOST_DESCRIBE_STRUCT(Unassigned, (),
                      (need_id, case_ref, region, reason, evaluated, eligible, excluded))
BOOST_DESCRIBE_STRUCT(AgencyRef, (), (id, name))
BOOST_DESCRIBE_STRUCT(RunPolicy, (),
                      (objective, weight_proximity, weight_readiness, weight_waiting, weight_fit,
                       long_unplaced_months))
BOOST_DESCRIBE_STRUCT(RunSummary, (),
                      (open_needs, proposals, unassigned, total_score, children_placed,
                       sibling_groups_placed, homes, arcs, components, flow_problems_solved,
                       proven_optimal, optimality_gap, assignment_budget, seconds))
BOOST_DESCRIBE_STRUCT(RunListItem, (), (month, created_at, summary, placement_rate))
BOOST_DESCRIBE_STRUCT(MonthlyRun, (),
                      (month, today, created_at, agencies, policy, summary, proposals, unassigned,
                       long_unplaced, statistics, responses))

// Stored runs outlive the code that wrote them: a field added since is missing from an older
// run and keeps its default; a field since removed is ignored.
template <class T>
requires boost::describe::has_describe_members<T>::value T tag_invoke(boost::json::value_to_tag<T>,
                                                                      const boost::json::value& v) {
  T out{};
  const boost::json::object& object = v.as_object();
  using Members = boost::describe::describe_members<T, boost::describe::mod_public>;
  boost::mp11::mp_for_each<Members>([&](auto member) {
    if (const boost::json::value* item = object.if_contains(member.name)) {
      auto& field = out.*member.pointer;
      field = boost::json::value_to<std::remove_cvref_t<decltype(field)>>(*item);
    }
  });
  return out;
}

}  // namespace fostermatch::model
