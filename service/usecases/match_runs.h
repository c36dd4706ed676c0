#pragma once

// The monthly run as a use case: load, compute (monthly_run.h), store; read a stored run; answer
// its proposals. The CLI runs it in the foreground; the API starts it in the background and
// polls its status, so no request waits for it.

#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "service/model/match_run.h"
#include "service/usecases/actor.h"
#include "service/usecases/monthly_run.h"

namespace fostermatch::usecases {

struct Context;

// Where a run started in the background stands.
struct RunStatus {
  std::string month;
  std::string state;  // "running", "done", "failed"
  std::string phase;  // while running
  size_t done = 0;
  size_t total = 0;
  std::optional<model::RunSummary> summary;  // when done
  std::string error;                         // when failed: a message safe to show
};

inline constexpr const char* kDeclineReasons[] = {
    "child_age", "child_needs", "timing", "family_circumstances", "distance", "capacity", "other"};

// Throws ValidationError, NotFoundError, ForbiddenError, ConflictError. Thread-safe.
class MatchRuns final {
 public:
  explicit MatchRuns(Context& ctx) : ctx_(ctx) {}
  ~MatchRuns();  // waits for a run in the background to finish
  MatchRuns(const MatchRuns&) = delete;
  MatchRuns& operator=(const MatchRuns&) = delete;

  // Admin. Computes and stores the month's run, replacing an earlier run of that month in one
  // transaction (a failed run leaves it as it was; runs of one month are serialised across
  // processes). A run of the month stored by another process while this one computed stands
  // and is returned instead, so runs started together on two servers store one result. Returns
  // the stored run. With `instance`, the assignment problem it solved is copied there.
  model::MonthlyRun Run(const MonthlyRunOptions& options, const Actor& actor,
                        const RunProgress& progress = {}, AssignmentInstance* instance = nullptr);
  // Admin. Starts Run on a background thread and returns at once. ConflictError if a run is
  // already under way in this process.
  RunStatus Start(const MonthlyRunOptions& options, const Actor& actor);
  // Admin, staff, agency. The last run started in this process for `month`; NotFoundError if none.
  RunStatus Status(const std::string& month, const Actor& actor);

  // Admin, staff; an agency sees its own part (AgencyPart). The read is audited: a run shows
  // case references. NotFoundError if the month has no run.
  model::MonthlyRun Get(const std::string& month, const Actor& actor);
  // Admin, staff, agency. Every stored run's month, time and summary, the newest first; no case
  // reference, so not audited as a read.
  std::vector<model::RunListItem> List(const Actor& actor);

  // Admin, staff, agency (its own homes' proposals). A decline needs one of kDeclineReasons and
  // returns a proposed need to open.
  void Respond(int64_t proposal_id, const std::string& response, const std::string& reason,
               const std::string& note, const Actor& actor);

 private:
  Context& ctx_;
  std::mutex mu_;
  std::map<std::string, RunStatus> status_;  // by month
  bool running_ = false;
  std::thread worker_;
};

}  // namespace fostermatch::usecases
