#include "service/batch.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cmath>
#include <map>

#include "matching/assignment.h"
#include "service/batch_export.h"
#include "service/errors.h"
#include "service/storage/auth_repository.h"
#include "service/storage/match_run_repository.h"
#include "service/storage/need_repository.h"
#include "service/storage/reference_repository.h"

namespace fostermatch {

namespace json = boost::json;
using namespace matching;

namespace {

double Rate(int placed, int registered) {
  return registered == 0 ? 0.0 : std::round(1000.0 * placed / registered) / 1000.0;
}

struct Tally {
  int registered = 0;
  int placed = 0;
  json::object ToJson() const {
    return {{"registered", registered}, {"placed", placed}, {"rate", Rate(placed, registered)}};
  }
};

// 委託率 and friends: households registered (not withdrawn), those with a child placed now.
json::object Statistics(const std::vector<HomeInput>& homes, const std::vector<HomeFacts>& facts,
                        const std::vector<Need>& open_needs, const RegionDistances& regions,
                        const std::vector<Agency>& agencies, Date today,
                        const std::optional<storage::MatchRunRecord>& previous,
                        const std::vector<storage::ProposalRecord>& previous_proposals) {
  Tally all;
  std::map<std::string, Tally> by_region;
  std::map<int64_t, Tally> by_agency;
  std::map<std::string, Tally> by_type;
  int expiring = 0, renewal_due = 0;
  for (size_t i = 0; i < homes.size(); ++i) {
    const FosterParent& fp = homes[i].parent;
    if (fp.status == ParentStatus::kWithdrawn) continue;
    const bool placed = facts[i].current_children > 0;
    for (Tally* t : {&all, &by_region[fp.region], &by_agency[fp.agency_id]}) {
      ++t->registered;
      t->placed += placed;
    }
    for (std::string_view type : fp.types.Names()) {
      ++by_type[std::string(type)].registered;
      by_type[std::string(type)].placed += placed;
    }
    if (fp.registration_expires_on >= today && fp.registration_expires_on <= today.AddDays(90)) {
      ++expiring;
      for (const Gap& g : facts[i].readiness.missing) renewal_due += g.kind == GapKind::kRenewalDueSoon;
    }
  }
  json::array regions_json;
  for (uint16_t r = 0; r < regions.size(); ++r) {
    const Region& region = regions.region(r);
    json::object o = by_region[region.code].ToJson();
    o["code"] = region.code;
    o["name_ja"] = region.name_ja;
    o["name_en"] = region.name_en;
    regions_json.push_back(std::move(o));
  }
  json::array agencies_json;
  for (const Agency& a : agencies) {
    json::object o = by_agency[a.id].ToJson();
    o["agency_id"] = a.id;
    o["name"] = a.name;
    agencies_json.push_back(std::move(o));
  }
  json::object types_json;
  for (const auto& [type, t] : by_type) types_json[type] = t.ToJson();
  int over_30 = 0, over_90 = 0;
  for (const Need& n : open_needs) {
    over_30 += n.earliest_start <= today.AddDays(-30);
    over_90 += n.earliest_start <= today.AddDays(-90);
  }
  json::object month_over_month{{"previous_month", nullptr}, {"previous_rate", nullptr},
                                {"change_points", nullptr}};
  if (previous) {
    boost::system::error_code ec;
    json::value prev = json::parse(previous->report, ec);
    if (!ec && prev.is_object()) {
      const auto* stats = prev.as_object().if_contains("statistics");
      const json::value* rate = stats ? stats->as_object().if_contains("placement_rate") : nullptr;
      if (rate && rate->is_number()) {
        const double prev_rate = rate->to_number<double>();
        month_over_month = {{"previous_month", previous->month},
                            {"previous_rate", prev_rate},
                            {"change_points", std::round(1000.0 * (Rate(all.placed, all.registered) - prev_rate)) / 10.0}};
      }
    }
  }
  // Why homes said no to last month's proposals: what the center learns from declines.
  json::object declines;
  int accepted = 0, declined = 0;
  for (const auto& p : previous_proposals) {
    if (p.response == "accept") ++accepted;
    if (p.response == "decline") {
      ++declined;
      declines[p.response_reason.empty() ? "other" : p.response_reason] =
          declines.contains(p.response_reason) ? declines[p.response_reason].as_int64() + 1 : 1;
    }
  }
  return {{"households", all.ToJson()},
          {"placement_rate", Rate(all.placed, all.registered)},
          {"by_region", std::move(regions_json)},
          {"by_agency", std::move(agencies_json)},
          {"by_type", std::move(types_json)},
          {"month_over_month", std::move(month_over_month)},
          {"needs_open_over_30_days", over_30},
          {"needs_open_over_90_days", over_90},
          {"registrations_expiring_within_90_days", expiring},
          {"renewal_training_due_within_90_days", renewal_due},
          {"previous_proposals",
           {{"month", previous ? json::value(previous->month) : json::value(nullptr)},
            {"accepted", accepted},
            {"declined", declined},
            {"declines_by_reason", std::move(declines)}}}};
}

json::object LongUnplacedJson(const LongUnplacedEntry& e, const HomeInput& home) {
  json::array missing;
  for (const Gap& g : e.facts.readiness.missing) missing.push_back({{"ja", g.ja}, {"en", g.en}});
  json::array unlocks;
  for (const Unlock& u : e.unlocks) {
    unlocks.push_back({{"needs_unlocked", u.needs_unlocked}, {"ja", u.ja}, {"en", u.en}});
  }
  return {{"foster_parent_id", e.foster_parent_id},
          {"agency_id", e.agency_id},
          {"household_name", home.parent.household_name},
          {"region", home.parent.region},
          {"months_unplaced", e.facts.months_unplaced},
          {"readiness_score", e.facts.readiness.score},
          {"missing", std::move(missing)},
          {"eligible_now", e.eligible_now},
          {"unlocks", std::move(unlocks)},
          {"next_step", {{"code", e.next_step.code}, {"ja", e.next_step.ja}, {"en", e.next_step.en}}}};
}

// Serialises concurrent runs of one month on PostgreSQL (SQLite's write transaction already
// does): the second waits, then replaces the first's run whole.
void LockMonth(soci::session& s, storage::Engine engine, const std::string& month) {
  if (engine != storage::Engine::kPostgresql) return;
  const long long key = 0x6d6174636800LL + std::stoll(month.substr(0, 4)) * 100 +
                        std::stoll(month.substr(5, 2));
  s << "SELECT pg_advisory_xact_lock(:k)", soci::use(key);
}

}  // namespace

BatchSummary RunMonthlyBatch(storage::Database& db, MatchingService& matching,
                             const BatchOptions& options, const Actor& actor,
                             const BatchProgress& progress) {
  if (!ParseMonth(options.month)) throw ValidationError("month", "must be YYYY-MM");
  const auto started = std::chrono::steady_clock::now();
  auto report_progress = [&](const std::string& phase, size_t done, size_t total) {
    if (progress) progress(phase, done, total);
  };
  const Date today = matching.Today();
  const MatchPolicy& policy = matching.policy();

  // 1. Snapshot.
  report_progress("loading", 0, 1);
  std::vector<Region> region_list;
  std::vector<TravelMinutes> travel;
  std::vector<Agency> agencies;
  std::vector<Need> open_needs;
  std::optional<storage::MatchRunRecord> previous;
  std::vector<storage::ProposalRecord> previous_proposals;
  {
    storage::Database::Lease lease = db.Acquire();
    storage::ReferenceRepository reference(lease.session());
    region_list = reference.ListRegions();
    travel = reference.ListTravelMinutes();
    agencies = reference.ListAgencies();
    storage::NeedRepository needs(lease.session());
    for (NeedStatus status : {NeedStatus::kOpen, NeedStatus::kProposed}) {
      storage::NeedFilter filter;
      filter.status = status;
      for (auto& n : needs.List(filter)) open_needs.push_back(std::move(n));
    }
    std::sort(open_needs.begin(), open_needs.end(),
              [](const Need& a, const Need& b) { return a.id < b.id; });
    storage::MatchRunRepository runs(lease.session());
    previous = runs.PreviousRun(options.month);
    if (previous) previous_proposals = runs.ListProposals(previous->month);
  }
  std::vector<HomeInput> homes = LoadHomes(db);
  report_progress("loading", 1, 1);
  auto regions = std::make_shared<RegionDistances>(region_list, travel);
  HomeIndex index(homes, regions, today, policy);
  std::vector<HomeFacts> facts;
  facts.reserve(homes.size());
  for (const HomeInput& h : homes) {
    facts.push_back(DeriveHomeFacts(h.parent, h.trainings, h.placements, today, policy.readiness,
                                    policy.long_unplaced_months));
  }

  // 2. Rank every open need against every home; keep its top K as arcs.
  std::vector<AssignmentNeed> a_needs;
  std::vector<AssignmentHome> a_homes;
  std::vector<AssignmentArc> arcs;
  std::unordered_map<size_t, size_t> home_slot;  // index position → a_homes position
  std::vector<RankResult> rankings;
  rankings.reserve(open_needs.size());
  for (size_t n = 0; n < open_needs.size(); ++n) {
    const Need& need = open_needs[n];
    a_needs.push_back({need.id, need.siblings});
    RankResult r = index.Rank(need, {options.top_k, std::nullopt, /*explain=*/false,
                                     /*reachable_only=*/true});
    for (const Candidate& c : r.candidates) {
      const size_t i = *index.Find(c.foster_parent_id);
      auto [it, fresh] = home_slot.emplace(i, a_homes.size());
      if (fresh) a_homes.push_back({c.foster_parent_id, index.free_places(i)});
      arcs.push_back({n, it->second, std::llround(c.score * 100)});
    }
    rankings.push_back(std::move(r));
    if (n % 100 == 0 || n + 1 == open_needs.size()) report_progress("ranking needs", n + 1, open_needs.size());
  }

  // 3. Assign.
  report_progress("assigning", 0, 1);
  const AssignmentResult assignment = AssignExact(a_needs, a_homes, arcs, options.assignment_budget);
  const double gap = assignment.upper_bound > 0
                         ? static_cast<double>(assignment.upper_bound - assignment.total) /
                               static_cast<double>(assignment.upper_bound)
                         : 0.0;
  report_progress("assigning", 1, 1);

  // 4. The report.
  std::unordered_map<int64_t, const HomeInput*> home_by_id;
  for (const HomeInput& h : homes) home_by_id[h.parent.id] = &h;
  json::array proposals_json, unassigned_json;
  std::vector<storage::ProposalRecord> proposals;
  double total_score = 0;
  for (size_t n = 0; n < open_needs.size(); ++n) {
    const Need& need = open_needs[n];
    if (auto h = assignment.home_of_need[n]) {
      const int64_t fp_id = a_homes[*h].id;
      const HomeInput& home = *home_by_id.at(fp_id);
      double score = 0;
      for (const Candidate& c : rankings[n].candidates) {
        if (c.foster_parent_id == fp_id) score = std::round(c.score * 100) / 100;
      }
      total_score += score;
      proposals.push_back({0, options.month, need.id, fp_id, score, std::nullopt, "", "", "", ""});
      proposals_json.push_back({{"need_id", need.id},
                                {"case_ref", need.case_ref},
                                {"need_region", need.region},
                                {"siblings", need.siblings},
                                {"foster_parent_id", fp_id},
                                {"agency_id", home.parent.agency_id},
                                {"household_name", home.parent.household_name},
                                {"region", home.parent.region},
                                {"score", score}});
    } else {
      const RankResult& r = rankings[n];
      json::object excluded;
      for (size_t e = 0; e < kExclusionCount; ++e) {
        if (r.excluded[e] > 0) excluded[ExclusionName(static_cast<Exclusion>(e))] = r.excluded[e];
      }
      unassigned_json.push_back(
          {{"need_id", need.id},
           {"case_ref", need.case_ref},
           {"region", need.region},
           {"reason", r.eligible == 0 ? "no_eligible_home" : "eligible_homes_taken"},
           {"evaluated", r.evaluated},
           {"eligible", r.eligible},
           {"excluded", std::move(excluded)}});
    }
  }
  report_progress("long-unplaced lists", 0, agencies.size());
  json::object long_unplaced;
  for (size_t a = 0; a < agencies.size(); ++a) {
    json::array entries;
    for (const auto& e : index.LongUnplaced(homes, open_needs, agencies[a].id)) {
      entries.push_back(LongUnplacedJson(e, *home_by_id.at(e.foster_parent_id)));
    }
    long_unplaced[std::to_string(agencies[a].id)] = std::move(entries);
    report_progress("long-unplaced lists", a + 1, agencies.size());
  }
  json::array agencies_json;
  for (const Agency& a : agencies) agencies_json.push_back({{"id", a.id}, {"name", a.name}});
  const double solve_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  json::object report{
      {"month", options.month},
      {"today", today.ToString()},
      {"agencies", std::move(agencies_json)},
      {"policy",
       {{"top_k", options.top_k},
        {"weights",
         {{"proximity", policy.weights.proximity},
          {"readiness", policy.weights.readiness},
          {"waiting", policy.weights.waiting},
          {"fit", policy.weights.fit}}},
        {"long_unplaced_months", policy.long_unplaced_months}}},
      {"summary",
       {{"open_needs", open_needs.size()},
        {"proposals", proposals.size()},
        {"unassigned", open_needs.size() - proposals.size()},
        {"total_score", std::round(total_score * 100) / 100},
        {"homes", homes.size()},
        {"arcs", arcs.size()},
        {"components", assignment.components},
        {"flow_problems_solved", assignment.subproblems},
        {"proven_optimal", assignment.proven_optimal},
        {"optimality_gap", std::round(gap * 1e6) / 1e6},
        {"assignment_budget", options.assignment_budget},
        {"seconds", std::round(solve_seconds * 1000) / 1000}}},
      {"proposals", std::move(proposals_json)},
      {"unassigned", std::move(unassigned_json)},
      {"long_unplaced", std::move(long_unplaced)},
      {"statistics", Statistics(homes, facts, open_needs, *regions, agencies, today, previous,
                                previous_proposals)}};

  // 5. Store: replaces the month's previous run whole, or leaves it untouched on failure.
  report_progress("storing", 0, 1);
  {
    storage::Database::Lease lease = db.Acquire();
    storage::WriteTransaction tx(lease);
    LockMonth(lease.session(), lease.engine(), options.month);
    storage::MatchRunRecord run{options.month, storage::NowTimestamp(), json::serialize(report)};
    storage::MatchRunRepository(lease.session()).ReplaceRun(run, proposals);
    if (options.apply) {
      storage::NeedRepository needs(lease.session());
      for (const auto& p : proposals) {
        auto n = needs.Find(p.need_id);
        if (n && n->status == NeedStatus::kOpen) needs.SetStatus(p.need_id, NeedStatus::kProposed);
      }
    }
    storage::AuditRepository(lease.session())
        .Record(actor.name, "run", "match_run", options.month,
                std::to_string(proposals.size()) + " proposals" + (options.apply ? ", applied" : ""));
    tx.Commit();
  }
  report_progress("storing", 1, 1);

  BatchSummary summary;
  summary.month = options.month;
  summary.open_needs = static_cast<int>(open_needs.size());
  summary.proposals = static_cast<int>(proposals.size());
  summary.unassigned = summary.open_needs - summary.proposals;
  summary.total_score = std::round(total_score * 100) / 100;
  summary.proven_optimal = assignment.proven_optimal;
  summary.optimality_gap = gap;
  if (!options.out_dir.empty()) {
    summary.files = WriteMatchRunExports(MatchRunJson(db, options.month, std::nullopt), options.out_dir);
  }
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  spdlog::info("match run {}: {} open needs, {} proposals, {} unassigned, {:.2f}s", options.month,
               summary.open_needs, summary.proposals, summary.unassigned, summary.seconds);
  return summary;
}

json::object MatchRunJson(storage::Database& db, const std::string& month,
                          std::optional<int64_t> agency_id) {
  if (!ParseMonth(month)) throw ValidationError("month", "must be YYYY-MM");
  storage::Database::Lease lease = db.Acquire();
  storage::MatchRunRepository runs(lease.session());
  auto run = runs.FindRun(month);
  if (!run) throw NotFoundError("match run " + month);
  json::object report = json::parse(run->report).as_object();
  report["created_at"] = run->created_at;
  // Attach each proposal's id and response, as they stand now.
  std::unordered_map<int64_t, storage::ProposalRecord> by_need;
  for (auto& p : runs.ListProposals(month)) by_need[p.need_id] = std::move(p);
  json::array proposals;
  int accepted = 0, declined = 0;
  json::object declines;
  for (auto& item : report["proposals"].as_array()) {
    json::object& o = item.as_object();
    if (agency_id && o.at("agency_id").as_int64() != *agency_id) continue;
    auto it = by_need.find(o.at("need_id").as_int64());
    if (it != by_need.end()) {
      const auto& p = it->second;
      o["proposal_id"] = p.id;
      o["response"] = p.response ? json::value(*p.response) : json::value(nullptr);
      o["response_reason"] = p.response_reason;
      accepted += p.response == "accept";
      if (p.response == "decline") {
        ++declined;
        declines[p.response_reason] =
            declines.contains(p.response_reason) ? declines[p.response_reason].as_int64() + 1 : 1;
      }
    }
    proposals.push_back(std::move(o));
  }
  report["proposals"] = std::move(proposals);
  report["responses"] = {{"accepted", accepted}, {"declined", declined}, {"declines_by_reason", declines}};
  if (agency_id) {
    // An agency sees its own part: its homes' proposals and long-unplaced list, and the
    // aggregate statistics, but not other agencies' rows or the needs nobody could take.
    json::object& lu = report["long_unplaced"].as_object();
    json::object own;
    if (auto* mine = lu.if_contains(std::to_string(*agency_id))) own[std::to_string(*agency_id)] = *mine;
    report["long_unplaced"] = std::move(own);
    report.erase("unassigned");
    json::array own_stats;
    for (auto& a : report["statistics"].as_object()["by_agency"].as_array()) {
      if (a.at("agency_id").as_int64() == *agency_id) own_stats.push_back(a);
    }
    report["statistics"].as_object()["by_agency"] = std::move(own_stats);
  }
  return report;
}

void RespondToProposal(storage::Database& db, int64_t proposal_id, const std::string& response,
                       const std::string& reason, const std::string& note, const Actor& actor) {
  std::vector<FieldError> errors;
  if (response != "accept" && response != "decline") {
    errors.push_back({"response", "must be accept or decline"});
  }
  if (response == "decline" &&
      std::find(std::begin(kDeclineReasons), std::end(kDeclineReasons), reason) == std::end(kDeclineReasons)) {
    errors.push_back({"reason", "a decline needs a reason: child_age, child_needs, timing, "
                                "family_circumstances, distance, capacity or other"});
  }
  if (note.size() > 1000) errors.push_back({"note", "must be at most 1000 bytes"});
  ThrowIfAny(std::move(errors));
  storage::Database::Lease lease = db.Acquire();
  storage::WriteTransaction tx(lease);
  storage::MatchRunRepository runs(lease.session());
  auto proposal = runs.FindProposal(proposal_id);
  if (!proposal) throw NotFoundError("proposal " + std::to_string(proposal_id));
  if (actor.agency_id) {
    // Only the home's own agency answers for it; others do not see the proposal.
    auto fp = storage::FosterParentRepository(lease.session()).Find(proposal->foster_parent_id);
    if (!fp || fp->agency_id != *actor.agency_id) {
      throw NotFoundError("proposal " + std::to_string(proposal_id));
    }
  }
  if (proposal->response) throw ConflictError("the proposal was answered already");
  runs.Respond(proposal_id, response, response == "decline" ? reason : "", note, actor.name);
  if (response == "decline") {
    // The need goes back to open for the next candidate.
    storage::NeedRepository needs(lease.session());
    auto need = needs.Find(proposal->need_id);
    if (need && need->status == NeedStatus::kProposed) needs.SetStatus(need->id, NeedStatus::kOpen);
  }
  storage::AuditRepository(lease.session())
      .Record(actor.name, response, "proposal", std::to_string(proposal_id), reason);
  tx.Commit();
}

}  // namespace fostermatch
