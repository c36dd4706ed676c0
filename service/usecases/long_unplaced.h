#pragma once

// The one shape of a long-unplaced household, for the API's list and the monthly run alike, and
// the lists the API serves, computed once per matching snapshot.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "matching/engine.h"
#include "matching/open_needs.h"
#include "service/model/match_run.h"
#include "service/usecases/matching_snapshot.h"

namespace fostermatch::usecases {

// `home` is the household the entry is about.
model::LongUnplacedItem ToLongUnplacedItem(const matching::LongUnplacedEntry& entry,
                                           const matching::HomeInput& home);

model::ReadinessView ToReadinessView(const matching::Readiness& readiness);

// The long-unplaced homes of one view (every home, or one agency's) of one matching snapshot, in
// the long-unplaced order (closest to ready first: matching::CloserToReady), against the open
// needs that view may see. The order reads only the homes' derived fields (kept per household
// and day by the snapshot), so the list is sorted without the unlocks; each home's entry (its
// unlocks and next step against the open needs) is computed by the first page that shows it,
// once. Thread-safe.
class LongUnplacedList final {
 public:
  // Throws nothing but std::bad_alloc.
  LongUnplacedList(std::shared_ptr<const MatchingSnapshot> snapshot,
                   std::optional<int64_t> agency_id, std::span<const matching::Need> open_needs);
  LongUnplacedList(const LongUnplacedList&) = delete;
  LongUnplacedList& operator=(const LongUnplacedList&) = delete;
  ~LongUnplacedList();

  size_t size() const { return size_; }
  size_t open_needs_considered() const { return open_needs_considered_; }
  // The household at `position` (< size()) and its entry.
  const matching::HomeInput& Home(size_t position) const;
  const matching::LongUnplacedEntry& Entry(size_t position) const;
  // `encode(Entry(position), Home(position))` the first time (any caller's: every caller must
  // encode the same way, e.g. the API's JSON of the item), the same text afterwards.
  using Encoder =
      std::function<std::string(const matching::LongUnplacedEntry&, const matching::HomeInput&)>;
  const std::string& Encoded(size_t position, const Encoder& encode) const;

 private:
  struct Item;
  std::shared_ptr<const MatchingSnapshot> snapshot_;  // the records and index the items point into
  matching::OpenNeeds needs_;
  size_t open_needs_considered_ = 0;
  size_t size_ = 0;
  std::unique_ptr<Item[]> items_;
};

// The long-unplaced lists of the current matching snapshot, each made once per (data version,
// day, view) and then shared by every page and reader: a warm page is a slice of a list.
// Every change the lists depend on (households, trainings, placements, needs, agencies, regions)
// moves the data version, so a list of an older version is never served; it is dropped when a
// newer one is made. Thread-safe.
class LongUnplacedLists final {
 public:
  // The open needs a view may see, read from the database (called only on a miss).
  using NeedsReader = std::function<std::vector<matching::Need>()>;

  // The list of `agency_id`'s homes (every home when nullopt) in `snapshot`, against the needs
  // `read_needs` gives. Throws what `read_needs` throws.
  std::shared_ptr<const LongUnplacedList> Get(std::shared_ptr<const MatchingSnapshot> snapshot,
                                              std::optional<int64_t> agency_id,
                                              const NeedsReader& read_needs);

 private:
  std::shared_ptr<const LongUnplacedList> Find(const MatchingSnapshot& snapshot,
                                               std::optional<int64_t> agency_id);

  std::mutex mu_;         // guards the fields below
  std::mutex computing_;  // one list made at a time: readers of the same view wait and share it
  uint64_t version_ = 0;
  matching::Date today_;
  std::map<std::optional<int64_t>, std::shared_ptr<const LongUnplacedList>> by_view_;
};

}  // namespace fostermatch::usecases
