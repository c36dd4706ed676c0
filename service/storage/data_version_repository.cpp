#include "service/storage/data_version_repository.h"

#include "service/storage/errors.h"

namespace fostermatch::storage {
namespace {

// A note not yet stamped with its version; other transactions' pending notes stay invisible
// (PostgreSQL) or cannot exist (SQLite's single writer), so a bump stamps only its own.
constexpr long long kPending = 0;
// foster_parent_id of a note that stands for every household.
constexpr long long kEverything = 0;
// foster_parent_id of a note that says needs changed (no household id is negative).
constexpr long long kNeeds = -1;
// The log keeps about this many versions; a snapshot older than that rebuilds in full. Pruned
// every kPruneEvery bumps, so the log stays small without a delete in every write.
constexpr uint64_t kKeepVersions = 4096;
constexpr uint64_t kPruneEvery = 1024;

constexpr const char* kSelectVersion = "SELECT version FROM data_version WHERE id = 1";

// Inserts a pending note for each household the SELECT yields, unless this transaction has
// already noted it.
constexpr const char* kNoteHousehold =
    "INSERT INTO household_changes (data_version, foster_parent_id) SELECT 0, CAST(:id AS BIGINT) "
    "WHERE NOT EXISTS (SELECT 1 FROM household_changes WHERE data_version = 0 AND foster_parent_id "
    "= :id2)";
constexpr const char* kNoteTrainingHolder =
    "INSERT INTO household_changes (data_version, foster_parent_id) SELECT 0, t.foster_parent_id "
    "FROM trainings t WHERE t.external_id = :ext AND NOT EXISTS (SELECT 1 FROM household_changes "
    "c WHERE c.data_version = 0 AND c.foster_parent_id = t.foster_parent_id)";
constexpr const char* kNotePlacementHousehold =
    "INSERT INTO household_changes (data_version, foster_parent_id) SELECT 0, p.foster_parent_id "
    "FROM placements p WHERE p.id = :id AND NOT EXISTS (SELECT 1 FROM household_changes c WHERE "
    "c.data_version = 0 AND c.foster_parent_id = p.foster_parent_id)";

}  // namespace

uint64_t DataVersionRepository::Current() {
  return Translate("reading the data version", [&] {
    long long version = 0;
    s_ << kSelectVersion, soci::into(version);
    return static_cast<uint64_t>(version);
  });
}

uint64_t DataVersionRepository::Bump() {
  Translate("moving the data version",
            [&] { s_ << "UPDATE data_version SET version = version + 1 WHERE id = 1"; });
  const uint64_t version = Current();
  Translate("stamping the change log", [&] {
    const long long stamped = static_cast<long long>(version);
    s_ << "UPDATE household_changes SET data_version = :v WHERE data_version = :pending",
        soci::use(stamped), soci::use(kPending);
  });
  if (version % kPruneEvery == 0 && version > kKeepVersions) PruneBefore(version - kKeepVersions);
  return version;
}

void DataVersionRepository::PruneBefore(uint64_t version) {
  Translate("pruning the change log", [&] {
    const long long keep_from = static_cast<long long>(version);
    s_ << "DELETE FROM household_changes WHERE data_version > :pending AND data_version < :v",
        soci::use(kPending), soci::use(keep_from);
    // Readers older than the kept range must not take the gap for "nothing changed".
    s_ << "INSERT INTO household_changes (data_version, foster_parent_id) VALUES (:v, :all)",
        soci::use(keep_from), soci::use(kEverything);
  });
}

void DataVersionRepository::NoteHousehold(int64_t foster_parent_id) {
  Translate("noting a changed household", [&] {
    s_ << kNoteHousehold, soci::use(foster_parent_id), soci::use(foster_parent_id);
  });
}

void DataVersionRepository::NoteTrainingHolder(const std::string& external_id) {
  Translate("noting a changed household",
            [&] { s_ << kNoteTrainingHolder, soci::use(external_id); });
}

void DataVersionRepository::NotePlacementHousehold(int64_t placement_id) {
  Translate("noting a changed household",
            [&] { s_ << kNotePlacementHousehold, soci::use(placement_id); });
}

void DataVersionRepository::NoteEverything() { NoteHousehold(kEverything); }

void DataVersionRepository::NoteNeeds() { NoteHousehold(kNeeds); }

std::optional<DataVersionRepository::Changes> DataVersionRepository::ChangedSince(uint64_t after,
                                                                                  uint64_t upto) {
  return Translate("reading the change log", [&]() -> std::optional<Changes> {
    const long long from = static_cast<long long>(after), to = static_cast<long long>(upto);
    // The log reaches back to `after` if its oldest kept version is not newer than after + 1;
    // the "everything" row at the start of the kept range makes an older reader rebuild.
    std::vector<long long> ids(1024);
    Changes out;
    soci::statement st =
        (s_.prepare << "SELECT DISTINCT foster_parent_id FROM household_changes WHERE "
                       "data_version > :after AND data_version <= :upto ORDER BY foster_parent_id",
         soci::into(ids), soci::use(from), soci::use(to));
    st.execute();
    while (st.fetch()) {
      for (long long id : ids) {
        if (id == kEverything) return std::nullopt;
        if (id == kNeeds) {
          out.needs = true;
        } else {
          out.households.push_back(id);
        }
      }
      ids.resize(1024);
    }
    return out;
  });
}

DataVersionReader::DataVersionReader(soci::session& s)
    : st_(Translate("reading the data version", [&] {
        return soci::statement((s.prepare << kSelectVersion, soci::into(version_)));
      })) {}

uint64_t DataVersionReader::Read() {
  return Translate("reading the data version", [&] {
    st_.execute(true);
    // Stepped to its end, so that SQLite ends the read transaction (a WAL checkpoint would
    // otherwise wait for this reader).
    while (st_.fetch()) {
    }
    return static_cast<uint64_t>(version_);
  });
}

}  // namespace fostermatch::storage
