#include "service/storage/match_run_repository.h"

#include "service/storage/codec.h"
#include "service/storage/database.h"
#include "service/storage/errors.h"

namespace fostermatch::storage {

void MatchRunRepository::ReplaceRun(const MatchRunRecord& run,
                                    std::vector<ProposalRecord>& proposals) {
  Translate("saving a match run", [&] {
    // Unanswered proposals are replaced; answered ones stay, as the record of what was agreed.
    s_ << "DELETE FROM match_proposals WHERE month = :m AND response IS NULL", soci::use(run.month);
    int existing = 0;
    s_ << "SELECT COUNT(*) FROM match_runs WHERE month = :m", soci::use(run.month),
        soci::into(existing);
    if (existing > 0) {
      s_ << "UPDATE match_runs SET created_at = :c, report = :r WHERE month = :m",
          soci::use(run.created_at), soci::use(run.report), soci::use(run.month);
    } else {
      s_ << "INSERT INTO match_runs (month, created_at, report) VALUES (:m, :c, :r)",
          soci::use(run.month), soci::use(run.created_at), soci::use(run.report);
    }
    int64_t need = 0, fp = 0, id = 0;
    double score = 0;
    soci::statement insert =
        (s_.prepare << "INSERT INTO match_proposals (month, need_id, foster_parent_id, score) "
                       "VALUES (:m, :n, :f, :s) RETURNING id",
         soci::use(run.month), soci::use(need), soci::use(fp), soci::use(score), soci::into(id));
    for (ProposalRecord& p : proposals) {
      need = p.need_id;
      fp = p.foster_parent_id;
      score = p.score;
      insert.execute(true);
      p.id = id;
      p.month = run.month;
    }
  });
}

std::optional<MatchRunRecord> MatchRunRepository::FindRun(const std::string& month) {
  return Translate("reading a match run", [&]() -> std::optional<MatchRunRecord> {
    MatchRunRecord r;
    s_ << "SELECT month, created_at, report FROM match_runs WHERE month = :m", soci::use(month),
        soci::into(r.month), soci::into(r.created_at), soci::into(r.report);
    if (!s_.got_data()) return std::nullopt;
    return r;
  });
}

std::vector<MatchRunRecord> MatchRunRepository::ListRuns() {
  return Translate("reading match runs", [&] {
    MatchRunRecord r;
    soci::statement st = (s_.prepare << "SELECT month, created_at, report FROM match_runs "
                                        "ORDER BY month DESC",
                          soci::into(r.month), soci::into(r.created_at), soci::into(r.report));
    st.execute();
    std::vector<MatchRunRecord> out;
    while (st.fetch()) out.push_back(r);
    return out;
  });
}

std::optional<MatchRunRecord> MatchRunRepository::PreviousRun(const std::string& month) {
  return Translate("reading a match run", [&]() -> std::optional<MatchRunRecord> {
    MatchRunRecord r;
    s_ << "SELECT month, created_at, report FROM match_runs WHERE month < :m "
          "ORDER BY month DESC LIMIT 1",
        soci::use(month), soci::into(r.month), soci::into(r.created_at), soci::into(r.report);
    if (!s_.got_data()) return std::nullopt;
    return r;
  });
}

std::vector<ProposalRecord> MatchRunRepository::Query(const std::string& where,
                                                      const std::string* month, const int64_t* id) {
  ProposalRecord p;
  std::string response, reason, note, by, at;
  soci::indicator response_ind = soci::i_null, reason_ind = soci::i_null, note_ind = soci::i_null,
                  by_ind = soci::i_null, at_ind = soci::i_null;
  soci::statement st(s_);
  st.exchange(soci::into(p.id));
  st.exchange(soci::into(p.month));
  st.exchange(soci::into(p.need_id));
  st.exchange(soci::into(p.foster_parent_id));
  st.exchange(soci::into(p.score));
  st.exchange(soci::into(response, response_ind));
  st.exchange(soci::into(reason, reason_ind));
  st.exchange(soci::into(note, note_ind));
  st.exchange(soci::into(by, by_ind));
  st.exchange(soci::into(at, at_ind));
  if (month != nullptr) st.exchange(soci::use(*month, "m"));
  if (id != nullptr) st.exchange(soci::use(*id, "id"));
  st.alloc();
  st.prepare(
      "SELECT id, month, need_id, foster_parent_id, score, response, response_reason, "
      "response_note, responded_by, responded_at FROM match_proposals " +
      where);
  st.define_and_bind();
  st.execute();
  std::vector<ProposalRecord> out;
  while (st.fetch()) {
    ProposalRecord row = p;
    row.response = response_ind == soci::i_ok ? std::optional(response) : std::nullopt;
    row.response_reason = reason_ind == soci::i_ok ? reason : "";
    row.response_note = note_ind == soci::i_ok ? note : "";
    row.responded_by = by_ind == soci::i_ok ? by : "";
    row.responded_at = at_ind == soci::i_ok ? at : "";
    out.push_back(std::move(row));
  }
  return out;
}

std::vector<ProposalRecord> MatchRunRepository::ListProposals(const std::string& month) {
  return Translate("reading proposals",
                   [&] { return Query("WHERE month = :m ORDER BY need_id, id", &month, nullptr); });
}

std::optional<ProposalRecord> MatchRunRepository::FindProposal(int64_t id) {
  return Translate("reading a proposal", [&]() -> std::optional<ProposalRecord> {
    auto found = Query("WHERE id = :id", nullptr, &id);
    if (found.empty()) return std::nullopt;
    return found.front();
  });
}

std::vector<model::Proposal> MatchRunRepository::ListProposalViews(const std::string& month) {
  return Translate("reading proposals", [&] {
    model::Proposal p;
    std::string response, reason;
    soci::indicator response_ind = soci::i_null, reason_ind = soci::i_null;
    soci::statement st =
        (s_.prepare << "SELECT p.id, p.need_id, n.case_ref, n.region_code, n.siblings, "
                       "p.foster_parent_id, f.agency_id, f.household_name, f.region_code, p.score, "
                       "p.response, p.response_reason FROM match_proposals p "
                       "JOIN needs n ON n.id = p.need_id "
                       "JOIN foster_parents f ON f.id = p.foster_parent_id "
                       "WHERE p.month = :m ORDER BY p.need_id, p.id",
         soci::use(month), soci::into(p.id), soci::into(p.need_id), soci::into(p.case_ref),
         soci::into(p.need_region), soci::into(p.siblings), soci::into(p.foster_parent_id),
         soci::into(p.agency_id), soci::into(p.household_name), soci::into(p.region),
         soci::into(p.score), soci::into(response, response_ind), soci::into(reason, reason_ind));
    st.execute();
    std::vector<model::Proposal> out;
    while (st.fetch()) {
      model::Proposal row = p;
      row.response = response_ind == soci::i_ok ? std::optional(response) : std::nullopt;
      row.response_reason = reason_ind == soci::i_ok ? reason : "";
      out.push_back(std::move(row));
    }
    return out;
  });
}

std::vector<matching::Placement> MatchRunRepository::ListHeldPlaces() {
  return Translate("reading accepted proposals", [&] {
    matching::Placement p;
    std::string start;
    soci::statement st =
        (s_.prepare << "SELECT p.need_id, p.foster_parent_id, n.siblings, n.earliest_start "
                       "FROM match_proposals p JOIN needs n ON n.id = p.need_id "
                       "WHERE p.response = 'accept' AND n.status IN ('open', 'proposed') "
                       "ORDER BY p.foster_parent_id, p.need_id",
         soci::into(p.need_id), soci::into(p.foster_parent_id), soci::into(p.children),
         soci::into(start));
    st.execute();
    std::vector<matching::Placement> out;
    while (st.fetch()) {
      matching::Placement row = p;
      row.started_on = StoredDate(start, "needs.earliest_start");
      out.push_back(row);
    }
    return out;
  });
}

void MatchRunRepository::LockMonth(const std::string& month, bool postgres) {
  if (!postgres) return;
  // One key per month, in a range of its own ("match" in ASCII, then YYYYMM).
  const long long key =
      0x6d6174636800LL + std::stoll(month.substr(0, 4)) * 100 + std::stoll(month.substr(5, 2));
  Translate("locking a month's run",
            [&] { s_ << "SELECT pg_advisory_xact_lock(:k)", soci::use(key); });
}

void MatchRunRepository::Respond(int64_t id, const std::string& response, const std::string& reason,
                                 const std::string& note, const std::string& actor) {
  Translate("saving a proposal response", [&] {
    const std::string now = NowTimestamp();
    s_ << "UPDATE match_proposals SET response = :r, response_reason = :why, response_note = :n, "
          "responded_by = :by, responded_at = :at WHERE id = :id",
        soci::use(response), soci::use(reason), soci::use(note), soci::use(actor), soci::use(now),
        soci::use(id);
  });
}

}  // namespace fostermatch::storage
