#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "matching/engine.h"

namespace fostermatch::usecases {

class DerivedHousehold;

// What the long-unplaced lists select and sort by, of one household: a list scans the whole
// city without visiting each household's records.
struct ListingKey {
  int64_t agency_id = 0;
  int readiness_score = 0;
  int months_unplaced = 0;
  bool long_unplaced = false;
};

// One household of a snapshot: its records, what reads derive from them today, and its listing
// key. Shared by the snapshots before and after it for as long as it does not change.
struct HouseholdRow {
  std::shared_ptr<const matching::HomeInput> home;
  std::shared_ptr<const DerivedHousehold> derived;
  ListingKey listing;

  int64_t id() const { return home->parent.id; }
};

// The households of a snapshot in id order, held in chunks that the next snapshot shares: a
// patch copies the list of chunks and the chunks its changed households are in, so a write costs
// what it changes rather than the city (a few microseconds, not milliseconds, at 50,000 homes).
// Immutable; the rows a reader holds a pointer to live as long as the table.
class HouseholdTable final {
 public:
  HouseholdTable() = default;
  explicit HouseholdTable(std::vector<HouseholdRow> rows);  // ascending ids

  size_t size() const { return size_; }
  const HouseholdRow* Find(int64_t id) const;

  // visit(row) for each household with an id above `after_id`, in id order, until it returns
  // false.
  template <typename Visit>
  void ForEachAfter(int64_t after_id, Visit&& visit) const {
    for (size_t c = ChunkOf(after_id); c < chunks_.size(); ++c) {
      for (const HouseholdRow& row : *chunks_[c]) {
        if (row.id() > after_id && !visit(row)) return;
      }
    }
  }
  template <typename Visit>
  void ForEach(Visit&& visit) const {
    for (const auto& chunk : chunks_) {
      for (const HouseholdRow& row : *chunk) visit(row);
    }
  }

  // One household's change: its new row, or nullopt if it no longer exists.
  using Change = std::pair<int64_t, std::optional<HouseholdRow>>;
  // This table with `changes` (ascending ids) applied; the chunks they do not touch are shared.
  HouseholdTable With(std::span<const Change> changes) const;

 private:
  using Chunk = std::vector<HouseholdRow>;
  static constexpr size_t kChunkRows = 256;  // a split chunk's halves; at most twice that

  // The chunk an id is in or would go to: the last whose first id is at most `id` (0 if none).
  size_t ChunkOf(int64_t id) const;
  void Append(std::shared_ptr<const Chunk> chunk);  // skipped if empty
  void AppendSplit(const Chunk& rows);

  std::vector<std::shared_ptr<const Chunk>> chunks_;  // none empty
  std::vector<int64_t> first_ids_;                    // of each chunk
  size_t size_ = 0;
};

}  // namespace fostermatch::usecases
