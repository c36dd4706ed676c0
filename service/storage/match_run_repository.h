#pragma once

#include <soci/soci.h>

#include <optional>
#include <string>
#include <vector>

#include "matching/domain.h"
#include "service/model/match_run.h"

namespace fostermatch::storage {

struct ProposalRecord {
  int64_t id = 0;
  std::string month;  // "YYYY-MM"
  int64_t need_id = 0;
  int64_t foster_parent_id = 0;
  double score = 0;
  std::optional<std::string> response;  // "accept" or "decline"
  std::string response_reason;
  std::string response_note;
  std::string responded_by;
  std::string responded_at;
};

struct MatchRunRecord {
  std::string month;
  std::string created_at;
  std::string report;  // the run without its proposals, as JSON (model::MonthlyRun)
};

// Monthly match runs and their proposals. Writers must hold a WriteTransaction.
class MatchRunRepository final {
 public:
  explicit MatchRunRepository(soci::session& s) : s_(s) {}

  // Stores the month's run, replacing an earlier run of the month and its unanswered proposals
  // (answered ones stay); fills the new proposals' ids.
  void ReplaceRun(const MatchRunRecord& run, std::vector<ProposalRecord>& proposals);
  std::optional<MatchRunRecord> FindRun(const std::string& month);
  // Every stored run, the newest month first.
  std::vector<MatchRunRecord> ListRuns();
  // The most recent run before `month`, if any.
  std::optional<MatchRunRecord> PreviousRun(const std::string& month);
  std::vector<ProposalRecord> ListProposals(const std::string& month);
  // The month's proposals with the need's and the household's details, by need id.
  std::vector<model::Proposal> ListProposalViews(const std::string& month);
  // Accepted proposals whose need is not yet placed or withdrawn: the places they hold, as
  // placements of the need's siblings from its earliest start (need_id, foster_parent_id,
  // children, started_on; no id).
  std::vector<matching::Placement> ListHeldPlaces();
  // Serialises runs of one month until the transaction ends: PostgreSQL takes an advisory
  // lock; SQLite's write transaction excludes other writers already.
  void LockMonth(const std::string& month, bool postgres);
  std::optional<ProposalRecord> FindProposal(int64_t id);
  void Respond(int64_t id, const std::string& response, const std::string& reason,
               const std::string& note, const std::string& actor);

 private:
  std::vector<ProposalRecord> Query(const std::string& where, const std::string* month,
                                    const int64_t* id);
  soci::session& s_;
};

}  // namespace fostermatch::storage
