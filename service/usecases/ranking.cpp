#include "service/usecases/ranking.h"

#include <algorithm>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>

#include "service/errors.h"
#include "service/storage/need_repository.h"
#include "service/usecases/context.h"
#include "service/usecases/long_unplaced.h"
#include "service/usecases/scope.h"

namespace fostermatch::usecases {

using matching::Role;

std::shared_ptr<const Candidates> Ranking::CandidatesFor(int64_t need_id, size_t limit,
                                                         const Actor& actor) {
  RequireRole(actor, kCasework);
  auto snapshot = ctx_.matching.Current();
  const matching::Need need = ReadAudited(ctx_, actor, [&](AuditedRead& read) {
    matching::Need n = NeedInScope(read, *snapshot, ctx_.needs, need_id);
    read.Audit("read", "need", need_id, "candidates");
    return n;
  });
  return candidates_.Get(snapshot, {need_id, actor.agency_id, limit}, need, [&] {
    return snapshot->index->Rank(need, {limit, actor.agency_id});
  });
}

namespace {

// True if `a` and `b` list the same homes, records and scores: the same candidates' text.
bool SameCandidates(const Candidates& a, const Candidates& b) {
  const auto& x = a.result.candidates;
  const auto& y = b.result.candidates;
  if (x.size() != y.size() || a.homes != b.homes) return false;
  for (size_t i = 0; i < x.size(); ++i) {
    if (x[i].foster_parent_id != y[i].foster_parent_id || x[i].score != y[i].score) return false;
  }
  return true;
}

// True if `now` shows what `before` showed: the same counts and candidates, none of them a
// household changed since (whose record, score or reasons may differ).
bool SameRanking(const matching::RankResult& now, const matching::RankResult& before,
                 std::span<const matching::HomeIndex::PriorRow> changed) {
  if (now.evaluated != before.evaluated || now.eligible != before.eligible ||
      now.excluded != before.excluded || now.candidates.size() != before.candidates.size()) {
    return false;
  }
  for (size_t i = 0; i < now.candidates.size(); ++i) {
    const int64_t id = now.candidates[i].foster_parent_id;
    if (id != before.candidates[i].foster_parent_id ||
        now.candidates[i].score != before.candidates[i].score ||
        std::any_of(changed.begin(), changed.end(),
                    [&](const auto& prior) { return prior.id == id; })) {
      return false;
    }
  }
  return true;
}

// A ranked household's record: the snapshot ranked it, so it holds it.
MatchingSnapshot::Home RecordOf(const MatchingSnapshot& snapshot, int64_t id) {
  const HouseholdRow* row = snapshot.households.Find(id);
  if (!row) throw std::logic_error("foster parent " + std::to_string(id) + " ranked, not held");
  return row->home;
}

// The ranking as one shared value. `before` is the one it was brought up to date from, if any,
// and `changed` the households changed since: the others keep the records `before` holds.
std::shared_ptr<const Candidates> MakeCandidates(
    const MatchingSnapshot& snapshot, const matching::Need& need, matching::RankResult result,
    const Candidates* before, std::span<const matching::HomeIndex::PriorRow> changed) {
  auto out = std::make_shared<Candidates>();
  out->need = need;
  // Where `before` lists a household no one changed since: its record and text stay valid.
  auto kept_at = [&](int64_t id) -> std::optional<size_t> {
    if (!before || std::any_of(changed.begin(), changed.end(),
                               [&](const auto& prior) { return prior.id == id; })) {
      return std::nullopt;
    }
    for (size_t i = 0; i < before->homes.size(); ++i) {
      if (before->result.candidates[i].foster_parent_id == id) return i;
    }
    return std::nullopt;
  };
  out->homes.reserve(result.candidates.size());
  out->encoded_items.reserve(result.candidates.size());
  for (const auto& c : result.candidates) {
    if (const auto i = kept_at(c.foster_parent_id)) {
      out->homes.push_back(before->homes[*i]);
      out->encoded_items.push_back(before->encoded_items[*i]);  // made here, one per candidate
    } else {
      out->homes.push_back(RecordOf(snapshot, c.foster_parent_id));
      out->encoded_items.push_back(std::make_shared<TextMemo>());
    }
  }
  out->result = std::move(result);
  if (before && SameCandidates(*out, *before)) {
    out->encoded_candidates = before->encoded_candidates;
  }
  return out;
}

}  // namespace

std::shared_ptr<const Candidates> Ranking::CandidateLists::Get(
    const std::shared_ptr<const MatchingSnapshot>& snapshot, const Key& key,
    const matching::Need& need, const Rank& rank) {
  const Kept kept = Find(*snapshot, key);
  const Candidates* before = kept.candidates && kept.candidates->need == need
                                 ? kept.candidates.get()
                                 : nullptr;  // a changed need is ranked anew
  if (before && kept.current_at == snapshot->data_version) return kept.candidates;
  std::optional<matching::RankResult> result;
  MatchingSnapshot::Changes changed;
  if (before && kept.current_at < snapshot->data_version) {
    changed = snapshot->ChangedSince(kept.current_at);
    if (changed) {
      result = snapshot->index->Rerank(need, {key.limit, key.agency_id}, before->result, *changed);
    }
  }
  if (result && SameRanking(*result, before->result, *changed)) {
    Keep(*snapshot, key, {snapshot->data_version, kept.candidates});
    return kept.candidates;
  }
  auto made = result ? MakeCandidates(*snapshot, need, std::move(*result), before, *changed)
                     : MakeCandidates(*snapshot, need, rank(), nullptr, {});
  Keep(*snapshot, key, {snapshot->data_version, made});
  return made;
}

Ranking::CandidateLists::Kept Ranking::CandidateLists::Find(const MatchingSnapshot& snapshot,
                                                            const Key& key) {
  std::lock_guard lock(mu_);
  if (snapshot.today != today_) return {};
  const auto it = lists_.find(key);
  return it == lists_.end() ? Kept{} : it->second;
}

void Ranking::CandidateLists::Keep(const MatchingSnapshot& snapshot, const Key& key, Kept kept) {
  std::lock_guard lock(mu_);
  if (snapshot.today != today_) {
    if (snapshot.today < today_) return;  // a reader still on yesterday's snapshot
    lists_.clear();
    today_ = snapshot.today;
  }
  auto it = lists_.find(key);
  if (it != lists_.end()) {
    if (it->second.current_at < kept.current_at) it->second = std::move(kept);
    return;
  }
  if (lists_.size() >= kMostLists) lists_.clear();
  lists_.emplace(key, std::move(kept));
}

WhyNotResult Ranking::WhyNot(int64_t need_id, int64_t foster_parent_id, const Actor& actor) {
  RequireRole(actor, kCasework);
  auto snapshot = ctx_.matching.Current();
  const auto* home = snapshot->FindHome(foster_parent_id);
  const auto i = snapshot->index->Find(foster_parent_id);
  if (!home || !i || (actor.agency_id && home->parent.agency_id != *actor.agency_id)) {
    throw NotFoundError("foster parent");
  }
  WhyNotResult out;
  out.need = ReadAudited(ctx_, actor, [&](AuditedRead& read) {
    matching::Need n = NeedInScope(read, *snapshot, ctx_.needs, need_id);
    read.Audit("read", "need", need_id, "why_not");
    return n;
  });
  out.foster_parent_id = foster_parent_id;
  out.exclusion = snapshot->index->Check(*i, out.need);
  if (!out.exclusion) {
    // The home's agency alone is ranked: its score is the one the candidates list would show.
    matching::RankOptions options;
    options.limit = snapshot->index->size();
    options.agency_id = home->parent.agency_id;
    options.explain = false;
    for (const auto& c : snapshot->index->Rank(out.need, options).candidates) {
      if (c.foster_parent_id == foster_parent_id) out.score = c.score;
    }
  }
  return out;
}

LongUnplacedSlice Ranking::LongUnplacedSliceOf(LongUnplacedQuery query, const Actor& actor) {
  RequireRole(actor, kCasework);
  if (actor.agency_id) {
    if (query.agency_id && *query.agency_id != *actor.agency_id) {
      throw ForbiddenError("an agency sees only its own agency's households");
    }
    query.agency_id = actor.agency_id;
  }
  auto snapshot = ctx_.matching.Current();
  const Actor scope{actor.name, actor.role, query.agency_id};
  LongUnplacedSlice slice;
  slice.list = long_unplaced_.Get(snapshot, query.agency_id, [&] {
    return Read(ctx_, [&](soci::session& s) {
      storage::NeedFilter filter;
      filter.status = matching::NeedStatus::kOpen;
      auto needs = storage::NeedRepository(s).List(filter);
      std::erase_if(needs, [&](const matching::Need& n) {
        return !MaySeeNeed(scope, n, snapshot->agencies);
      });
      return needs;
    });
  });
  const size_t size = slice.list->size();
  slice.begin = std::min(size, static_cast<size_t>(query.offset));
  slice.end = std::min(size, slice.begin + static_cast<size_t>(query.limit));
  if (slice.end < size) slice.next_offset = static_cast<int64_t>(slice.end);
  slice.threshold_months = ctx_.config.policy.long_unplaced_months;
  return slice;
}

LongUnplacedPage Ranking::LongUnplaced(LongUnplacedQuery query, const Actor& actor) {
  const LongUnplacedSlice slice = LongUnplacedSliceOf(query, actor);
  LongUnplacedPage page;
  page.total = slice.list->size();
  page.open_needs_considered = slice.list->open_needs_considered();
  page.threshold_months = slice.threshold_months;
  page.next_offset = slice.next_offset;
  page.items.reserve(slice.end - slice.begin);
  for (size_t i = slice.begin; i < slice.end; ++i) {
    page.items.push_back(ToLongUnplacedItem(slice.list->Entry(i), slice.list->Home(i)));
  }
  return page;
}

Ranking::IndexInfo Ranking::Index() {
  const auto snapshot = ctx_.matching.Current();
  const std::chrono::duration<double> age = std::chrono::steady_clock::now() - snapshot->built_at;
  return {snapshot->index->size(), snapshot->data_version, age.count()};
}

}  // namespace fostermatch::usecases
