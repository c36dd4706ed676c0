#include "service/storage/training_repository.h"

#include "service/storage/codec.h"
#include "service/storage/data_version_repository.h"
#include "service/storage/database.h"

namespace fostermatch::storage {
namespace {

using matching::Training;

constexpr const char* kSelect =
    "SELECT id, foster_parent_id, external_id, course, completed_on, hours, provider, outcome "
    "FROM trainings";

struct Row {
  int64_t id = 0, foster_parent_id = 0;
  std::string external_id, course, completed_on, provider, outcome;
  soci::indicator external_ind = soci::i_ok;
  double hours = 0;

  Training ToDomain() const {
    Training t;
    t.id = id;
    t.foster_parent_id = foster_parent_id;
    t.external_id = external_ind == soci::i_ok ? external_id : "";
    t.course = StoredEnum<matching::Course>(course, "trainings.course");
    t.completed_on = StoredDate(completed_on, "trainings.completed_on");
    t.hours = hours;
    t.provider = provider;
    t.outcome = StoredEnum<matching::TrainingOutcome>(outcome, "trainings.outcome");
    return t;
  }
};

std::vector<Training> Query(soci::session& s, BadRow policy, const std::string& sql,
                            const int64_t* param, const int64_t* param2 = nullptr) {
  Row r;
  soci::statement st(s);
  st.exchange(soci::into(r.id));
  st.exchange(soci::into(r.foster_parent_id));
  st.exchange(soci::into(r.external_id, r.external_ind));
  st.exchange(soci::into(r.course));
  st.exchange(soci::into(r.completed_on));
  st.exchange(soci::into(r.hours));
  st.exchange(soci::into(r.provider));
  st.exchange(soci::into(r.outcome));
  if (param != nullptr) st.exchange(soci::use(*param, "p"));
  if (param2 != nullptr) st.exchange(soci::use(*param2, "q"));
  st.alloc();
  st.prepare(sql);
  st.define_and_bind();
  st.execute();
  std::vector<Training> out;
  while (st.fetch()) {
    DecodeRow(out, "trainings", r.id, policy, [&] { return r.ToDomain(); });
  }
  return out;
}

}  // namespace

int64_t TrainingRepository::Insert(const Training& t) {
  return Translate("saving a training record", [&] {
    const std::string now = NowTimestamp();
    const std::string course = Name(t.course), outcome = Name(t.outcome);
    const std::string completed = t.completed_on.ToString();
    soci::indicator ext_ind = t.external_id.empty() ? soci::i_null : soci::i_ok;
    int64_t id = 0;
    s_ << "INSERT INTO trainings (foster_parent_id, external_id, course, completed_on, hours, "
          "provider, outcome, created_at, updated_at) VALUES (:fp, :ext, :course, :done, :hours, "
          ":provider, :outcome, :c, :u) RETURNING id",
        soci::use(t.foster_parent_id), soci::use(t.external_id, ext_ind), soci::use(course),
        soci::use(completed), soci::use(t.hours), soci::use(t.provider), soci::use(outcome),
        soci::use(now), soci::use(now), soci::into(id);
    DataVersionRepository(s_).NoteHousehold(t.foster_parent_id);
    return id;
  });
}

TrainingRepository::UpsertResult TrainingRepository::UpsertByExternalId(const Training& t) {
  return BulkUpsertByExternalId({t}).front();
}

std::vector<Training> TrainingRepository::ListForFosterParent(int64_t foster_parent_id) {
  return Translate("reading training records", [&] {
    return Query(s_, BadRow::kThrow,
                 std::string(kSelect) + " WHERE foster_parent_id = :p ORDER BY completed_on, id",
                 &foster_parent_id);
  });
}

std::vector<Training> TrainingRepository::ListAll() {
  return Translate("reading training records", [&] {
    return Query(s_, BadRow::kSkip,
                 std::string(kSelect) + " ORDER BY foster_parent_id, completed_on, id", nullptr);
  });
}

std::vector<Training> TrainingRepository::ListForFosterParents(int64_t first_id, int64_t last_id) {
  return Translate("reading training records", [&] {
    return Query(s_, BadRow::kSkip,
                 std::string(kSelect) +
                     " WHERE foster_parent_id BETWEEN :p AND :q ORDER BY foster_parent_id, "
                     "completed_on, id",
                 &first_id, &last_id);
  });
}

std::vector<TrainingRepository::UpsertResult> TrainingRepository::BulkUpsertByExternalId(
    const std::vector<Training>& records) {
  return Translate("saving training records", [&] {
    std::vector<UpsertResult> out;
    out.reserve(records.size());
    // The bound variables; each record is copied in before the prepared statements run.
    int64_t fp = 0;
    std::string ext, course, done, provider, outcome;
    double hours = 0;
    const std::string now = NowTimestamp();
    DataVersionRepository changes(s_);  // notes the households losing or gaining a record
    soci::statement update =
        (s_.prepare << "UPDATE trainings SET foster_parent_id = :fp, course = :course, "
                       "completed_on = :done, hours = :hours, provider = :provider, "
                       "outcome = :outcome, updated_at = :u WHERE external_id = :ext",
         soci::use(fp), soci::use(course), soci::use(done), soci::use(hours), soci::use(provider),
         soci::use(outcome), soci::use(now), soci::use(ext));
    // A concurrent import may insert the same external id first: then this one updates it.
    soci::statement insert =
        (s_.prepare << "INSERT INTO trainings (foster_parent_id, external_id, course, "
                       "completed_on, hours, provider, outcome, created_at, updated_at) VALUES "
                       "(:fp, :ext, :course, :done, :hours, :provider, :outcome, :c, :u) "
                       "ON CONFLICT (external_id) DO NOTHING",
         soci::use(fp), soci::use(ext), soci::use(course), soci::use(done), soci::use(hours),
         soci::use(provider), soci::use(outcome), soci::use(now), soci::use(now));
    for (const Training& t : records) {
      fp = t.foster_parent_id;
      ext = t.external_id;
      course = Name(t.course);
      done = t.completed_on.ToString();
      hours = t.hours;
      provider = t.provider;
      outcome = Name(t.outcome);
      changes.NoteTrainingHolder(ext);
      changes.NoteHousehold(fp);
      update.execute(true);
      if (update.get_affected_rows() > 0) {
        out.push_back(UpsertResult::kUpdated);
        continue;
      }
      insert.execute(true);
      if (insert.get_affected_rows() > 0) {
        out.push_back(UpsertResult::kInserted);
        continue;
      }
      update.execute(true);  // inserted meanwhile by another transaction, committed now
      out.push_back(UpsertResult::kUpdated);
    }
    return out;
  });
}

}  // namespace fostermatch::storage
