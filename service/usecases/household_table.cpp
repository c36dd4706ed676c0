#include "service/usecases/household_table.h"

#include <algorithm>

namespace fostermatch::usecases {

HouseholdTable::HouseholdTable(std::vector<HouseholdRow> rows) {
  for (size_t start = 0; start < rows.size(); start += kChunkRows) {
    const size_t end = std::min(rows.size(), start + kChunkRows);
    Append(std::make_shared<const Chunk>(std::make_move_iterator(rows.begin() + start),
                                         std::make_move_iterator(rows.begin() + end)));
  }
}

size_t HouseholdTable::ChunkOf(int64_t id) const {
  const auto after = std::upper_bound(first_ids_.begin(), first_ids_.end(), id);
  return after == first_ids_.begin() ? 0 : static_cast<size_t>(after - first_ids_.begin()) - 1;
}

const HouseholdRow* HouseholdTable::Find(int64_t id) const {
  if (chunks_.empty()) return nullptr;
  const Chunk& chunk = *chunks_[ChunkOf(id)];
  auto it = std::lower_bound(chunk.begin(), chunk.end(), id,
                             [](const HouseholdRow& row, int64_t v) { return row.id() < v; });
  return it != chunk.end() && it->id() == id ? &*it : nullptr;
}

void HouseholdTable::Append(std::shared_ptr<const Chunk> chunk) {
  if (chunk->empty()) return;
  first_ids_.push_back(chunk->front().id());
  size_ += chunk->size();
  chunks_.push_back(std::move(chunk));
}

void HouseholdTable::AppendSplit(const Chunk& rows) {
  // A chunk grown past twice its size is split, so that a stream of new households (each added
  // to the last chunk) keeps every copy small.
  size_t start = 0;
  for (; rows.size() - start > 2 * kChunkRows; start += kChunkRows) {
    Append(std::make_shared<const Chunk>(rows.begin() + start, rows.begin() + start + kChunkRows));
  }
  Append(std::make_shared<const Chunk>(rows.begin() + start, rows.end()));
}

HouseholdTable HouseholdTable::With(std::span<const Change> changes) const {
  if (changes.empty()) return *this;
  HouseholdTable out;
  out.chunks_.reserve(chunks_.size() + 1);
  out.first_ids_.reserve(chunks_.size() + 1);
  auto next = changes.begin();
  for (size_t c = 0; c < std::max<size_t>(chunks_.size(), 1); ++c) {
    // The changes that fall in chunk c: ids below the next chunk's first (all, for the last).
    auto end = c + 1 < chunks_.size()
                   ? std::lower_bound(next, changes.end(), first_ids_[c + 1],
                                      [](const Change& ch, int64_t v) { return ch.first < v; })
                   : changes.end();
    static const Chunk kNone;  // the one "chunk" of an empty table
    const Chunk& rows = chunks_.empty() ? kNone : *chunks_[c];
    if (next == end) {
      out.Append(chunks_[c]);  // untouched: shared
      continue;
    }
    Chunk merged;
    merged.reserve(rows.size() + static_cast<size_t>(end - next));
    auto row = rows.begin();
    for (; next != end; ++next) {
      for (; row != rows.end() && row->id() < next->first; ++row) merged.push_back(*row);
      if (row != rows.end() && row->id() == next->first) ++row;  // replaced or removed
      if (next->second) merged.push_back(*next->second);
    }
    merged.insert(merged.end(), row, rows.end());
    out.AppendSplit(merged);
  }
  return out;
}

}  // namespace fostermatch::usecases
