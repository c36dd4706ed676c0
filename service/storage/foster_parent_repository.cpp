#include "service/storage/foster_parent_repository.h"

#include <map>

#include "service/storage/codec.h"
#include "service/storage/data_version_repository.h"
#include "service/storage/database.h"

namespace fostermatch::storage {
namespace {

using matching::FosterParent;

constexpr const char* kSelect =
    "SELECT id, agency_id, household_name, region_code, status, registered_on, "
    "registration_expires_on, capacity, own_children, accepts_age_min, accepts_age_max, "
    "accepts_female, accepts_male, accepts_max_siblings, respite_only, notes "
    "FROM foster_parents fp";

// The columns of foster_parents as the database holds them.
struct Row {
  int64_t id = 0, agency_id = 0;
  std::string household_name, region, status, registered_on, expires_on, notes;
  int capacity = 0, own_children = 0, age_min = 0, age_max = 0, female = 0, male = 0;
  int max_siblings = 0, respite_only = 0;

  void Bind(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(agency_id));
    st.exchange(soci::into(household_name));
    st.exchange(soci::into(region));
    st.exchange(soci::into(status));
    st.exchange(soci::into(registered_on));
    st.exchange(soci::into(expires_on));
    st.exchange(soci::into(capacity));
    st.exchange(soci::into(own_children));
    st.exchange(soci::into(age_min));
    st.exchange(soci::into(age_max));
    st.exchange(soci::into(female));
    st.exchange(soci::into(male));
    st.exchange(soci::into(max_siblings));
    st.exchange(soci::into(respite_only));
    st.exchange(soci::into(notes));
  }

  FosterParent ToDomain() const {
    FosterParent fp;
    fp.id = id;
    fp.agency_id = agency_id;
    fp.household_name = household_name;
    fp.region = region;
    fp.status = StoredEnum<matching::ParentStatus>(status, "foster_parents.status");
    fp.registered_on = StoredDate(registered_on, "foster_parents.registered_on");
    fp.registration_expires_on = StoredDate(expires_on, "foster_parents.registration_expires_on");
    fp.capacity = capacity;
    fp.own_children = own_children;
    fp.accepts.age_min = age_min;
    fp.accepts.age_max = age_max;
    fp.accepts.sexes = {};
    if (female) fp.accepts.sexes.Add(matching::Sex::kFemale);
    if (male) fp.accepts.sexes.Add(matching::Sex::kMale);
    fp.accepts.max_siblings = max_siblings;
    fp.respite_only = respite_only != 0;
    fp.notes = notes;
    return fp;
  }
};

// Reads (owner id, enum name) pairs from a set table into bit sets keyed by owner id.
template <typename E>
std::map<int64_t, matching::EnumSet<E>> LoadSets(soci::session& s, const std::string& sql,
                                                 int64_t lo, int64_t hi, const char* column) {
  std::map<int64_t, matching::EnumSet<E>> out;
  int64_t owner = 0;
  std::string name;
  soci::statement st = (s.prepare << sql, soci::use(lo, "lo"), soci::use(hi, "hi"),
                        soci::into(owner), soci::into(name));
  st.execute();
  while (st.fetch()) out[owner].Add(StoredEnum<E>(name, column));
  return out;
}

// A household's values in the column types the schema stores them in.
struct Columns {
  explicit Columns(const FosterParent& fp)
      : now(NowTimestamp()),
        status(Name(fp.status)),
        registered(fp.registered_on.ToString()),
        expires(fp.registration_expires_on.ToString()),
        female(fp.accepts.sexes.Has(matching::Sex::kFemale)),
        male(fp.accepts.sexes.Has(matching::Sex::kMale)),
        respite(fp.respite_only) {}
  std::string now, status, registered, expires;
  int female, male, respite;
};

}  // namespace

int64_t FosterParentRepository::Insert(const FosterParent& fp) {
  return Translate("saving a foster parent", [&] {
    const Columns c(fp);
    int64_t id = 0;
    s_ << "INSERT INTO foster_parents (agency_id, household_name, region_code, status, "
          "registered_on, registration_expires_on, capacity, own_children, accepts_age_min, "
          "accepts_age_max, accepts_female, accepts_male, accepts_max_siblings, respite_only, "
          "notes, created_at, updated_at) VALUES (:agency, :name, :region, :status, :reg, :exp, "
          ":cap, :own, :amin, :amax, :f, :m, :sib, :resp, :notes, :c, :u) RETURNING id",
        soci::use(fp.agency_id), soci::use(fp.household_name), soci::use(fp.region),
        soci::use(c.status), soci::use(c.registered), soci::use(c.expires), soci::use(fp.capacity),
        soci::use(fp.own_children), soci::use(fp.accepts.age_min), soci::use(fp.accepts.age_max),
        soci::use(c.female), soci::use(c.male), soci::use(fp.accepts.max_siblings),
        soci::use(c.respite), soci::use(fp.notes), soci::use(c.now), soci::use(c.now),
        soci::into(id);
    FosterParent stored = fp;
    stored.id = id;
    ReplaceSets(stored);
    DataVersionRepository(s_).NoteHousehold(id);
    return id;
  });
}

bool FosterParentRepository::Update(const FosterParent& fp) {
  return Translate("saving a foster parent", [&] {
    const Columns c(fp);
    soci::statement st =
        (s_.prepare << "UPDATE foster_parents SET agency_id = :agency, household_name = :name, "
                       "region_code = :region, status = :status, registered_on = :reg, "
                       "registration_expires_on = :exp, capacity = :cap, own_children = :own, "
                       "accepts_age_min = :amin, accepts_age_max = :amax, accepts_female = :f, "
                       "accepts_male = :m, accepts_max_siblings = :sib, respite_only = :resp, "
                       "notes = :notes, updated_at = :u WHERE id = :id",
         soci::use(fp.agency_id), soci::use(fp.household_name), soci::use(fp.region),
         soci::use(c.status), soci::use(c.registered), soci::use(c.expires), soci::use(fp.capacity),
         soci::use(fp.own_children), soci::use(fp.accepts.age_min), soci::use(fp.accepts.age_max),
         soci::use(c.female), soci::use(c.male), soci::use(fp.accepts.max_siblings),
         soci::use(c.respite), soci::use(fp.notes), soci::use(c.now), soci::use(fp.id));
    st.execute(true);
    if (st.get_affected_rows() == 0) return false;
    ReplaceSets(fp);
    DataVersionRepository(s_).NoteHousehold(fp.id);
    return true;
  });
}

void FosterParentRepository::ReplaceSets(const FosterParent& fp) {
  s_ << "DELETE FROM foster_parent_types WHERE foster_parent_id = :id", soci::use(fp.id);
  for (std::string_view type : fp.types.Names()) {
    const std::string name(type);
    s_ << "INSERT INTO foster_parent_types (foster_parent_id, type) VALUES (:id, :t)",
        soci::use(fp.id), soci::use(name);
  }
  s_ << "DELETE FROM foster_parent_accepted_needs WHERE foster_parent_id = :id", soci::use(fp.id);
  for (std::string_view need : fp.accepts.needs.Names()) {
    const std::string name(need);
    s_ << "INSERT INTO foster_parent_accepted_needs (foster_parent_id, need) VALUES (:id, :n)",
        soci::use(fp.id), soci::use(name);
  }
}

std::optional<FosterParent> FosterParentRepository::Find(int64_t id) {
  FosterParentFilter filter;
  filter.after_id = id - 1;
  filter.limit = 1;
  std::vector<FosterParent> found = Select(filter, BadRow::kThrow, nullptr);
  if (found.empty() || found.front().id != id) return std::nullopt;
  return found.front();
}

std::vector<FosterParent> FosterParentRepository::List(const FosterParentFilter& filter,
                                                       Scan* scan) {
  return Select(filter, BadRow::kSkip, scan);
}

std::vector<FosterParent> FosterParentRepository::Select(const FosterParentFilter& filter,
                                                         BadRow policy, Scan* scan) {
  return Translate("reading foster parents", [&] {
    // The WHERE clause is assembled from constant fragments only; every value is bound.
    std::string sql = std::string(kSelect) + " WHERE fp.id > :after";
    if (filter.region) sql += " AND fp.region_code = :region";
    if (filter.agency_id) sql += " AND fp.agency_id = :agency";
    if (filter.status) sql += " AND fp.status = :status";
    if (filter.type) {
      sql +=
          " AND EXISTS (SELECT 1 FROM foster_parent_types t "
          "WHERE t.foster_parent_id = fp.id AND t.type = :type)";
    }
    sql += " ORDER BY fp.id";
    if (filter.limit > 0) sql += " LIMIT :limit";

    const std::string status = filter.status ? Name(*filter.status) : "";
    const std::string type = filter.type ? Name(*filter.type) : "";
    Row row;
    soci::statement st(s_);
    row.Bind(st);
    st.exchange(soci::use(filter.after_id, "after"));
    if (filter.region) st.exchange(soci::use(*filter.region, "region"));
    if (filter.agency_id) st.exchange(soci::use(*filter.agency_id, "agency"));
    if (filter.status) st.exchange(soci::use(status, "status"));
    if (filter.type) st.exchange(soci::use(type, "type"));
    if (filter.limit > 0) st.exchange(soci::use(filter.limit, "limit"));
    st.alloc();
    st.prepare(sql);
    st.define_and_bind();
    st.execute();
    std::vector<FosterParent> out;
    Scan scanned;
    while (st.fetch()) {
      ++scanned.rows;
      scanned.last_id = row.id;
      DecodeRow(out, "foster_parents", row.id, policy, [&] { return row.ToDomain(); });
    }
    if (scan != nullptr) *scan = scanned;
    if (out.empty()) return out;

    const int64_t lo = out.front().id, hi = out.back().id;
    auto types =
        LoadSets<matching::FosterType>(s_,
                                       "SELECT foster_parent_id, type FROM foster_parent_types "
                                       "WHERE foster_parent_id BETWEEN :lo AND :hi",
                                       lo, hi, "foster_parent_types.type");
    auto needs = LoadSets<matching::NeedCategory>(
        s_,
        "SELECT foster_parent_id, need FROM foster_parent_accepted_needs "
        "WHERE foster_parent_id BETWEEN :lo AND :hi",
        lo, hi, "foster_parent_accepted_needs.need");
    for (FosterParent& fp : out) {
      if (auto it = types.find(fp.id); it != types.end()) fp.types = it->second;
      if (auto it = needs.find(fp.id); it != needs.end()) fp.accepts.needs = it->second;
    }
    return out;
  });
}

std::vector<int64_t> FosterParentRepository::AllIds() {
  return Translate("reading foster parents", [&] {
    std::vector<int64_t> out;
    int64_t id = 0;
    soci::statement st =
        (s_.prepare << "SELECT id FROM foster_parents ORDER BY id", soci::into(id));
    st.execute();
    while (st.fetch()) out.push_back(id);
    return out;
  });
}

bool FosterParentRepository::LockForUpdate(int64_t id, bool postgres) {
  return Translate("locking a foster parent", [&] {
    int64_t found = 0;
    if (postgres) {
      s_ << "SELECT id FROM foster_parents WHERE id = :id FOR UPDATE", soci::use(id),
          soci::into(found);
    } else {
      s_ << "SELECT id FROM foster_parents WHERE id = :id", soci::use(id), soci::into(found);
    }
    return s_.got_data();
  });
}

}  // namespace fostermatch::storage
