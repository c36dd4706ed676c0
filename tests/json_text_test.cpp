#include "service/model/json_text.h"

#include <gtest/gtest.h>

#include "service/model/match_run.h"

namespace fostermatch::model {
namespace {

namespace json = boost::json;

TEST(JsonText, WritesNumbersAsPeopleWriteThem) {
  EXPECT_EQ(ToJsonText(json::value(69.05)), "69.05");
  EXPECT_EQ(ToJsonText(json::value(0.35)), "0.35");
  EXPECT_EQ(ToJsonText(json::value(1.0)), "1.0");
  EXPECT_EQ(ToJsonText(json::value(94.24)), "94.24");
  EXPECT_EQ(ToJsonText(json::value(42)), "42");
}

TEST(JsonText, ReadsBackToTheSameValues) {
  const json::value v =
      json::parse(R"({"a":[1,2.5,-0.001,1e300,"x\"y\n",null,true],"b":{"c":0.1,"d":"中央区"}})");
  EXPECT_EQ(json::parse(ToJsonText(v)), v);
}

TEST(JsonText, WritesNonFiniteNumbersAsNull) {
  EXPECT_EQ(ToJsonText(json::value(std::numeric_limits<double>::infinity())), "null");
}

// A run stored by an earlier release: fields added since keep their defaults, a field since
// removed (top_k) is ignored, and what both know reads back.
TEST(StoredRun, ARunStoredBeforeFieldsWereAddedOrRemovedStillReads) {
  const json::value stored = json::parse(
      R"({"month":"2026-10","today":"2026-10-01","created_at":"2026-10-01T03:00:00Z","agencies":[],
          "policy":{"top_k":20,"weight_proximity":0.35,"weight_readiness":0.25,"weight_waiting":0.25,
                    "weight_fit":0.15,"long_unplaced_months":12},
          "summary":{"open_needs":3,"proposals":2,"unassigned":1,"total_score":150.5,"homes":9,
                     "arcs":20,"components":1,"flow_problems_solved":1,"proven_optimal":true,
                     "optimality_gap":0,"assignment_budget":2000,"seconds":0.1},
          "proposals":[],"unassigned":[],"long_unplaced":{},
          "statistics":{"households":{"registered":9,"placed":2,"rate":0.222},"placement_rate":0.222,
                        "by_region":[],"by_agency":[],"by_type":{},
                        "needs_open_over_30_days":0,"needs_open_over_90_days":0,
                        "registrations_expiring_within_90_days":0,
                        "renewal_training_due_within_90_days":0,
                        "previous_proposals":{"month":"","accepted":0,"declined":0,"declines_by_reason":{}}},
          "responses":{"month":"","accepted":0,"declined":0,"declines_by_reason":{}}})");
  const auto run = json::value_to<MonthlyRun>(stored);
  EXPECT_EQ(run.month, "2026-10");
  EXPECT_EQ(run.summary.proposals, 2);
  EXPECT_DOUBLE_EQ(run.summary.total_score, 150.5);
  EXPECT_EQ(run.summary.children_placed, 0);
  EXPECT_EQ(run.policy.objective, "");
  EXPECT_DOUBLE_EQ(run.statistics.placement_rate, 0.222);
}

}  // namespace
}  // namespace fostermatch::model
