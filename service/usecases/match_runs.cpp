#include "service/usecases/match_runs.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>

#include "service/errors.h"
#include "service/storage/match_run_repository.h"
#include "service/storage/need_repository.h"
#include "service/storage/reference_repository.h"
#include "service/usecases/context.h"
#include "service/usecases/scope.h"

namespace fostermatch::usecases {

namespace json = boost::json;
using matching::NeedStatus;
using matching::Role;

namespace {

constexpr size_t kMaxNoteBytes = 1000;

std::vector<matching::Need> OpenNeeds(soci::session& s) {
  std::vector<matching::Need> open;
  storage::NeedRepository needs(s);
  for (NeedStatus status : {NeedStatus::kOpen, NeedStatus::kProposed}) {
    storage::NeedFilter filter;
    filter.status = status;
    for (auto& n : needs.List(filter)) open.push_back(std::move(n));
  }
  std::sort(open.begin(), open.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  return open;
}

// The stored run: the typed record without its proposals (stored once, in their own table).
std::string Encode(model::MonthlyRun run) {
  run.proposals.clear();
  return json::serialize(json::value_from(run));
}

model::MonthlyRun Decode(const storage::MatchRunRecord& record, storage::MatchRunRepository& runs) {
  model::MonthlyRun run = json::value_to<model::MonthlyRun>(json::parse(record.report));
  run.created_at = record.created_at;
  run.proposals = runs.ListProposalViews(record.month);
  run.responses = CountResponses(run.proposals);
  return run;
}

MonthlyRunInput LoadInput(Context& ctx, const std::string& month) {
  MonthlyRunInput in;
  in.today = RunDate(month, ctx.Today());
  in.policy = ctx.config.policy;
  std::vector<matching::Placement> held;
  Read(ctx, [&](soci::session& s) {
    storage::ReferenceRepository reference(s);
    in.regions = reference.ListRegions();
    in.travel = reference.ListTravelMinutes();
    in.agencies = reference.ListAgencies();
    in.open_needs = OpenNeeds(s);
    storage::MatchRunRepository runs(s);
    if (auto previous = runs.PreviousRun(month)) in.previous = Decode(*previous, runs);
    held = runs.ListHeldPlaces();
  });
  // A need a home has accepted is spoken for: it is not proposed again, and its place is held.
  std::erase_if(in.open_needs, [&](const matching::Need& n) {
    return std::any_of(held.begin(), held.end(), [&](const auto& h) { return h.need_id == n.id; });
  });
  in.homes = LoadHomes(ctx.db);
  HoldPlaces(held, in.today, in.homes);
  return in;
}

// When the month's stored run was made, or "" if it has none.
std::string StoredRunTime(storage::MatchRunRepository& runs, const std::string& month) {
  auto record = runs.FindRun(month);
  return record ? record->created_at : "";
}

// Stores the run, unless another process stored one for the month since `stored_before` (runs
// started together on two servers): that one ran for this request too and is returned instead.
std::optional<model::MonthlyRun> Store(Work& work, model::MonthlyRun& run, bool apply,
                                       const std::string& stored_before) {
  storage::MatchRunRepository runs(work.session());
  runs.LockMonth(run.month, work.postgres());
  if (StoredRunTime(runs, run.month) != stored_before) {
    return Decode(*runs.FindRun(run.month), runs);
  }
  std::vector<storage::ProposalRecord> records;
  for (const auto& p : run.proposals) {
    records.push_back(
        {0, run.month, p.need_id, p.foster_parent_id, p.score, std::nullopt, "", "", "", ""});
  }
  runs.ReplaceRun({run.month, run.created_at, Encode(run)}, records);
  for (size_t i = 0; i < records.size(); ++i) run.proposals[i].id = records[i].id;
  if (apply) {
    storage::NeedRepository needs(work.session());
    for (const auto& p : run.proposals) {
      auto n = needs.Find(p.need_id);
      if (n && n->status == NeedStatus::kOpen) needs.SetStatus(p.need_id, NeedStatus::kProposed);
    }
    work.ChangesMatching();  // proposed needs leave the long-unplaced lists' open needs
  }
  work.Audit("run", "match_run", run.month,
             std::to_string(run.proposals.size()) + " proposals" + (apply ? ", applied" : ""));
  return std::nullopt;
}

void CheckResponse(const std::string& response, const std::string& reason,
                   const std::string& note) {
  std::vector<FieldError> errors;
  if (response != "accept" && response != "decline") {
    errors.push_back({"response", "must be accept or decline"});
  }
  if (response == "decline" && std::find(std::begin(kDeclineReasons), std::end(kDeclineReasons),
                                         reason) == std::end(kDeclineReasons)) {
    errors.push_back({"reason",
                      "a decline needs a reason: child_age, child_needs, timing, "
                      "family_circumstances, distance, capacity or other"});
  }
  if (note.size() > kMaxNoteBytes) errors.push_back({"note", "must be at most 1000 bytes"});
  ThrowIfAny(std::move(errors));
}

}  // namespace

MatchRuns::~MatchRuns() {
  if (worker_.joinable()) worker_.join();
}

model::MonthlyRun MatchRuns::Run(const MonthlyRunOptions& options, const Actor& actor,
                                 const RunProgress& progress, AssignmentInstance* instance) {
  RequireRole(actor, kAdminOnly);
  const auto started = std::chrono::steady_clock::now();
  const std::string stored_before = Read(ctx_, [&](soci::session& s) {
    storage::MatchRunRepository runs(s);
    return StoredRunTime(runs, options.month);
  });
  if (progress) progress("loading", 0, 1);
  const MonthlyRunInput input = LoadInput(ctx_, options.month);
  model::MonthlyRun run = ComputeMonthlyRun(input, options, progress, instance);
  run.summary.seconds =
      std::round(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() *
                 1000) /
      1000;
  run.created_at = storage::NowTimestamp();
  if (progress) progress("storing", 0, 1);
  auto stored_elsewhere = Write(
      ctx_, actor, [&](Work& work) { return Store(work, run, options.apply, stored_before); });
  if (progress) progress("storing", 1, 1);
  if (stored_elsewhere) {
    spdlog::info("match run {}: another process stored the month's run meanwhile; it stands",
                 run.month);
    return std::move(*stored_elsewhere);
  }
  spdlog::info("match run {}: {} open needs, {} proposals, {} unassigned, {:.2f}s", run.month,
               run.summary.open_needs, run.summary.proposals, run.summary.unassigned,
               run.summary.seconds);
  return run;
}

RunStatus MatchRuns::Start(const MonthlyRunOptions& options, const Actor& actor) {
  RequireRole(actor, kAdminOnly);
  RunDate(options.month, ctx_.Today());  // a bad month is refused now, not in the background
  std::lock_guard lock(mu_);
  if (running_) throw ConflictError("a match run is under way; try again when it has finished");
  if (worker_.joinable()) worker_.join();
  running_ = true;
  RunStatus& status = status_[options.month] =
      RunStatus{options.month, "running", "queued", 0, 0, {}, ""};
  worker_ = std::thread([this, options, actor] {
    RunStatus result{options.month, "done", "", 0, 0, {}, ""};
    try {
      result.summary =
          Run(options, actor, [&](const std::string& phase, size_t done, size_t total) {
            std::lock_guard progress_lock(mu_);
            status_[options.month] =
                RunStatus{options.month, "running", phase, done, total, {}, ""};
          }).summary;
    } catch (const std::exception& e) {
      spdlog::error("match run {} failed: {}", options.month, e.what());
      result.state = "failed";
      result.error = "the run failed and the month's earlier run was kept; see the server log";
    }
    std::lock_guard done_lock(mu_);
    status_[options.month] = result;
    running_ = false;
  });
  return status;
}

RunStatus MatchRuns::Status(const std::string& month, const Actor& actor) {
  RequireRole(actor, kCasework);
  std::lock_guard lock(mu_);
  auto it = status_.find(month);
  if (it == status_.end()) throw NotFoundError("match run started for " + month);
  return it->second;
}

model::MonthlyRun MatchRuns::Get(const std::string& month, const Actor& actor) {
  RequireRole(actor, kCasework);
  if (!matching::ParseMonth(month))
    throw ValidationError("month", "must be YYYY-MM from 1900-01 to 2200-12");
  model::MonthlyRun run = ReadAudited(ctx_, actor, [&](AuditedRead& read) {
    storage::MatchRunRepository runs(read.session());
    auto record = runs.FindRun(month);
    if (!record) throw NotFoundError("match run " + month);
    read.Audit("read", "match_run", month);
    return Decode(*record, runs);
  });
  return actor.agency_id ? AgencyPart(std::move(run), *actor.agency_id) : run;
}

std::vector<model::RunListItem> MatchRuns::List(const Actor& actor) {
  RequireRole(actor, kCasework);
  return Read(ctx_, [&](soci::session& s) {
    std::vector<model::RunListItem> out;
    for (const auto& record : storage::MatchRunRepository(s).ListRuns()) {
      const auto run = json::value_to<model::MonthlyRun>(json::parse(record.report));
      out.push_back({record.month, record.created_at, run.summary, run.statistics.placement_rate});
    }
    return out;
  });
}

void MatchRuns::Respond(int64_t proposal_id, const std::string& response, const std::string& reason,
                        const std::string& note, const Actor& actor) {
  RequireRole(actor, kCasework);
  CheckResponse(response, reason, note);
  Write(ctx_, actor, [&](Work& work) {
    storage::MatchRunRepository runs(work.session());
    auto proposal = runs.FindProposal(proposal_id);
    if (!proposal) throw NotFoundError("proposal " + std::to_string(proposal_id));
    try {
      // Only the home's own agency answers for it; others do not see the proposal.
      HouseholdInScope(work.session(), actor, proposal->foster_parent_id);
    } catch (const NotFoundError&) {
      throw NotFoundError("proposal " + std::to_string(proposal_id));
    }
    if (proposal->response) throw ConflictError("the proposal was answered already");
    runs.Respond(proposal_id, response, response == "decline" ? reason : "", note, actor.name);
    if (response == "decline") {
      // The need goes back to open for the next candidate.
      storage::NeedRepository needs(work.session());
      auto need = needs.Find(proposal->need_id);
      if (need && need->status == NeedStatus::kProposed) {
        needs.SetStatus(need->id, NeedStatus::kOpen);
        work.ChangesMatching();  // open again for the long-unplaced lists
      }
    }
    work.Audit(response, "proposal", proposal_id, reason);
  });
}

}  // namespace fostermatch::usecases
