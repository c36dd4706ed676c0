#pragma once

// Ranked, explained candidate homes for a need, and the long-unplaced homes with what would
// unlock them; both from the matching snapshot.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "matching/engine.h"
#include "service/model/match_run.h"
#include "service/usecases/actor.h"
#include "service/usecases/long_unplaced.h"
#include "service/usecases/matching_snapshot.h"
#include "service/usecases/page.h"
#include "service/usecases/text_memo.h"

namespace fostermatch::usecases {

struct Context;

// One need's ranking for one view (an agency's homes, or all) as of one data version; shared by
// every request that asks the same until a change reaches it. Immutable.
struct Candidates {
  matching::Need need;
  matching::RankResult result;
  std::vector<MatchingSnapshot::Home> homes;  // the records of result.candidates, in order
  TextMemo encoded;  // the front door's text of it, written by its first reader
  // The front door's text of the candidates alone: shared with the ranking this one was brought
  // up to date from while the candidates and their records are the same (a write mostly moves
  // only the counts).
  std::shared_ptr<const TextMemo> encoded_candidates = std::make_shared<TextMemo>();
  // The text of each candidate, in order (none: each is encoded when the list is): shared with
  // that ranking for each candidate it kept as it was, so a write that moves one candidate
  // encodes that one alone.
  std::vector<std::shared_ptr<const TextMemo>> encoded_items;
};

// Why one home is or is not a candidate for a need: its first failing hard rule, or, when it
// passes every rule, its score.
struct WhyNotResult {
  matching::Need need;
  int64_t foster_parent_id = 0;
  std::optional<matching::Exclusion> exclusion;  // nullopt: eligible
  double score = 0;                              // when eligible
};

struct LongUnplacedQuery {
  std::optional<int64_t> agency_id;
  int64_t offset = 0;
  int limit = kDefaultPageSize;
};

// A page as a slice [begin, end) of the list it comes from, for a front door that encodes the
// list's entries itself (LongUnplacedList::Encoded).
struct LongUnplacedSlice {
  std::shared_ptr<const LongUnplacedList> list;
  size_t begin = 0, end = 0;
  std::optional<int64_t> next_offset;
  int threshold_months = 0;
};

struct LongUnplacedPage {
  std::vector<model::LongUnplacedItem> items;
  std::optional<int64_t> next_offset;
  size_t total = 0;
  size_t open_needs_considered = 0;
  int threshold_months = 0;
};

// Admin, staff and agency (its own homes, the needs shared with it). Throws NotFoundError,
// ForbiddenError. Thread-safe.
class Ranking final {
 public:
  explicit Ranking(Context& ctx) : ctx_(ctx) {}

  // An agency sees only its own homes ranked and counted. The read of the need is audited, each
  // time; the ranking is made once per need, view and limit while the snapshot stays.
  std::shared_ptr<const Candidates> CandidatesFor(int64_t need_id, size_t limit,
                                                  const Actor& actor);
  // The first failing hard rule of one home for the need, or its score when eligible. An agency
  // may ask only about its own homes (another's: NotFoundError). The read of the need is audited.
  WhyNotResult WhyNot(int64_t need_id, int64_t foster_parent_id, const Actor& actor);
  // Closest to ready first; unlocks counted against the open needs the agency may see. Pages
  // are slices of a list computed once per matching snapshot and view.
  LongUnplacedPage LongUnplaced(LongUnplacedQuery query, const Actor& actor);
  LongUnplacedSlice LongUnplacedSliceOf(LongUnplacedQuery query, const Actor& actor);
  // The matching index as this process holds it (for /metrics): households, the data version it
  // was built at, and its age. Brings it up to date first, like any matching read.
  struct IndexInfo {
    size_t homes = 0;
    uint64_t data_version = 0;
    double age_seconds = 0;
  };
  IndexInfo Index();

 private:
  // The latest ranking made of each need, view and limit. One made of an older snapshot of the
  // same day is brought up to date by judging again only the households changed since
  // (HomeIndex::Rerank) if the need is the same; otherwise, or on a new day, the need is ranked
  // anew. Thread-safe.
  class CandidateLists final {
   public:
    using Rank = std::function<matching::RankResult()>;
    // Kept at most; beyond it the lists start again empty (a city has a few thousand open needs).
    static constexpr size_t kMostLists = 20'000;
    struct Key {
      int64_t need_id;
      std::optional<int64_t> agency_id;
      size_t limit;
      auto operator<=>(const Key&) const = default;
    };
    // The ranking of `need` for `key` as of `snapshot`: kept, brought up to date, or `rank()`.
    std::shared_ptr<const Candidates> Get(const std::shared_ptr<const MatchingSnapshot>& snapshot,
                                          const Key& key, const matching::Need& need,
                                          const Rank& rank);

   private:
    // A ranking and the newest data version it is known to answer for: a write that changes
    // nothing it shows (a home out of the need's reach, most writes in a city) moves only that.
    struct Kept {
      uint64_t current_at = 0;
      std::shared_ptr<const Candidates> candidates;
    };
    Kept Find(const MatchingSnapshot& snapshot, const Key& key);
    void Keep(const MatchingSnapshot& snapshot, const Key& key, Kept kept);

    std::mutex mu_;
    matching::Date today_;
    std::map<Key, Kept> lists_;
  };

  Context& ctx_;
  LongUnplacedLists long_unplaced_;
  CandidateLists candidates_;
};

}  // namespace fostermatch::usecases
