#include "service/storage/need_repository.h"

#include <map>

#include "service/storage/codec.h"
#include "service/storage/data_version_repository.h"
#include "service/storage/database.h"

namespace fostermatch::storage {
namespace {

using matching::Need;

struct Row {
  int64_t id = 0;
  std::string case_ref, region, sex, kind, requires_type, earliest_start, status;
  soci::indicator requires_ind = soci::i_null;
  int age = 0, siblings = 1, urgency = 2;

  void Bind(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(case_ref));
    st.exchange(soci::into(region));
    st.exchange(soci::into(age));
    st.exchange(soci::into(sex));
    st.exchange(soci::into(siblings));
    st.exchange(soci::into(kind));
    st.exchange(soci::into(requires_type, requires_ind));
    st.exchange(soci::into(earliest_start));
    st.exchange(soci::into(urgency));
    st.exchange(soci::into(status));
  }

  Need ToDomain() const {
    Need n;
    n.id = id;
    n.case_ref = case_ref;
    n.region = region;
    n.child.age_years = age;
    n.child.sex = StoredEnum<matching::Sex>(sex, "needs.child_sex");
    n.siblings = siblings;
    n.kind = StoredEnum<matching::NeedKind>(kind, "needs.kind");
    if (requires_ind == soci::i_ok) {
      n.requires_type = StoredEnum<matching::FosterType>(requires_type, "needs.requires_type");
    }
    n.earliest_start = StoredDate(earliest_start, "needs.earliest_start");
    n.urgency = urgency;
    n.status = StoredEnum<matching::NeedStatus>(status, "needs.status");
    return n;
  }
};

// A need's values in the column types the schema stores them in.
struct Columns {
  explicit Columns(const Need& n)
      : now(NowTimestamp()),
        sex(Name(n.child.sex)),
        kind(Name(n.kind)),
        status(Name(n.status)),
        requires_type(n.requires_type ? Name(*n.requires_type) : ""),
        requires_ind(n.requires_type ? soci::i_ok : soci::i_null),
        start(n.earliest_start.ToString()) {}
  std::string now, sex, kind, status, requires_type;
  soci::indicator requires_ind;
  std::string start;
};

}  // namespace

int64_t NeedRepository::Insert(const Need& n) {
  return Translate("saving a need", [&] {
    Columns c(n);
    int64_t id = 0;
    s_ << "INSERT INTO needs (case_ref, region_code, child_age_years, child_sex, siblings, kind, "
          "requires_type, earliest_start, urgency, status, created_at, updated_at) VALUES "
          "(:ref, :region, :age, :sex, :sib, :kind, :req, :start, :urg, :status, :c, :u) "
          "RETURNING id",
        soci::use(n.case_ref), soci::use(n.region), soci::use(n.child.age_years), soci::use(c.sex),
        soci::use(n.siblings), soci::use(c.kind), soci::use(c.requires_type, c.requires_ind),
        soci::use(c.start), soci::use(n.urgency), soci::use(c.status), soci::use(c.now),
        soci::use(c.now), soci::into(id);
    Need stored = n;
    stored.id = id;
    ReplaceSets(stored);
    DataVersionRepository(s_).NoteNeeds();  // servers hold the needs they rank
    return id;
  });
}

bool NeedRepository::Update(const Need& n) {
  return Translate("saving a need", [&] {
    Columns c(n);
    soci::statement st =
        (s_.prepare << "UPDATE needs SET case_ref = :ref, region_code = :region, "
                       "child_age_years = :age, child_sex = :sex, siblings = :sib, kind = :kind, "
                       "requires_type = :req, earliest_start = :start, urgency = :urg, "
                       "status = :status, updated_at = :u WHERE id = :id",
         soci::use(n.case_ref), soci::use(n.region), soci::use(n.child.age_years), soci::use(c.sex),
         soci::use(n.siblings), soci::use(c.kind), soci::use(c.requires_type, c.requires_ind),
         soci::use(c.start), soci::use(n.urgency), soci::use(c.status), soci::use(c.now),
         soci::use(n.id));
    st.execute(true);
    if (st.get_affected_rows() == 0) return false;
    ReplaceSets(n);
    DataVersionRepository(s_).NoteNeeds();
    return true;
  });
}

bool NeedRepository::SetStatus(int64_t id, matching::NeedStatus status) {
  return Translate("saving a need", [&] {
    const std::string now = NowTimestamp(), name = Name(status);
    soci::statement st = (s_.prepare << "UPDATE needs SET status = :s, updated_at = :u "
                                        "WHERE id = :id",
                          soci::use(name), soci::use(now), soci::use(id));
    st.execute(true);
    if (st.get_affected_rows() == 0) return false;
    DataVersionRepository(s_).NoteNeeds();
    return true;
  });
}

void NeedRepository::ReplaceSets(const Need& n) {
  s_ << "DELETE FROM need_categories WHERE need_id = :id", soci::use(n.id);
  for (std::string_view category : n.needs.Names()) {
    const std::string name(category);
    s_ << "INSERT INTO need_categories (need_id, category) VALUES (:id, :c)", soci::use(n.id),
        soci::use(name);
  }
  s_ << "DELETE FROM need_shared_with WHERE need_id = :id", soci::use(n.id);
  for (int64_t agency : n.shared_with) {
    s_ << "INSERT INTO need_shared_with (need_id, agency_id) VALUES (:id, :a)", soci::use(n.id),
        soci::use(agency);
  }
}

std::optional<Need> NeedRepository::Find(int64_t id) {
  NeedFilter filter;
  filter.after_id = id - 1;
  filter.limit = 1;
  std::vector<Need> found = Select(filter, BadRow::kThrow, nullptr);
  if (found.empty() || found.front().id != id) return std::nullopt;
  return found.front();
}

bool NeedRepository::LockForUpdate(int64_t id, bool postgres) {
  return Translate("locking a need", [&] {
    int64_t found = 0;
    if (postgres) {
      s_ << "SELECT id FROM needs WHERE id = :id FOR UPDATE", soci::use(id), soci::into(found);
    } else {
      s_ << "SELECT id FROM needs WHERE id = :id", soci::use(id), soci::into(found);
    }
    return s_.got_data();
  });
}

std::vector<Need> NeedRepository::List(const NeedFilter& filter, Scan* scan) {
  return Select(filter, BadRow::kSkip, scan);
}

std::vector<Need> NeedRepository::Select(const NeedFilter& filter, BadRow policy, Scan* scan) {
  return Translate("reading needs", [&] {
    // Assembled from constant fragments only; every value is bound.
    std::string sql =
        "SELECT id, case_ref, region_code, child_age_years, child_sex, siblings, kind, "
        "requires_type, earliest_start, urgency, status FROM needs WHERE id > :after";
    if (filter.status) sql += " AND status = :status";
    if (filter.region) sql += " AND region_code = :region";
    sql += " ORDER BY id";
    if (filter.limit > 0) sql += " LIMIT :limit";
    const std::string status = filter.status ? Name(*filter.status) : "";
    Row row;
    soci::statement st(s_);
    row.Bind(st);
    st.exchange(soci::use(filter.after_id, "after"));
    if (filter.status) st.exchange(soci::use(status, "status"));
    if (filter.region) st.exchange(soci::use(*filter.region, "region"));
    if (filter.limit > 0) st.exchange(soci::use(filter.limit, "limit"));
    st.alloc();
    st.prepare(sql);
    st.define_and_bind();
    st.execute();
    std::vector<Need> out;
    Scan scanned;
    while (st.fetch()) {
      ++scanned.rows;
      scanned.last_id = row.id;
      DecodeRow(out, "needs", row.id, policy, [&] { return row.ToDomain(); });
    }
    if (scan != nullptr) *scan = scanned;
    if (out.empty()) return out;

    std::map<int64_t, Need*> by_id;
    for (Need& n : out) by_id[n.id] = &n;
    int64_t lo = out.front().id, hi = out.back().id, need_id = 0, agency = 0;
    std::string category;
    soci::statement cats =
        (s_.prepare << "SELECT need_id, category FROM need_categories "
                       "WHERE need_id BETWEEN :lo AND :hi",
         soci::use(lo), soci::use(hi), soci::into(need_id), soci::into(category));
    cats.execute();
    while (cats.fetch()) {
      if (auto it = by_id.find(need_id); it != by_id.end()) {
        it->second->needs.Add(StoredEnum<matching::NeedCategory>(category, "need_categories"));
      }
    }
    soci::statement shared =
        (s_.prepare << "SELECT need_id, agency_id FROM need_shared_with "
                       "WHERE need_id BETWEEN :lo AND :hi ORDER BY need_id, agency_id",
         soci::use(lo), soci::use(hi), soci::into(need_id), soci::into(agency));
    shared.execute();
    while (shared.fetch()) {
      if (auto it = by_id.find(need_id); it != by_id.end()) {
        it->second->shared_with.push_back(agency);
      }
    }
    return out;
  });
}

}  // namespace fostermatch::storage
