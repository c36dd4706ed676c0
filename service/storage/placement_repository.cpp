#include "service/storage/placement_repository.h"

#include "service/storage/codec.h"
#include "service/storage/data_version_repository.h"
#include "service/storage/database.h"

namespace fostermatch::storage {

using matching::Placement;

int64_t PlacementRepository::Insert(const Placement& p) {
  return Translate("saving a placement", [&] {
    const std::string now = NowTimestamp(), started = p.started_on.ToString();
    const std::string ended = p.ended_on ? p.ended_on->ToString() : "";
    soci::indicator ended_ind = p.ended_on ? soci::i_ok : soci::i_null;
    int64_t id = 0;
    s_ << "INSERT INTO placements (need_id, foster_parent_id, children, started_on, ended_on, "
          "outcome, created_at, updated_at) VALUES (:need, :fp, :children, :start, :end, "
          ":outcome, :c, :u) RETURNING id",
        soci::use(p.need_id), soci::use(p.foster_parent_id), soci::use(p.children),
        soci::use(started), soci::use(ended, ended_ind), soci::use(p.outcome), soci::use(now),
        soci::use(now), soci::into(id);
    DataVersionRepository(s_).NoteHousehold(p.foster_parent_id);
    return id;
  });
}

bool PlacementRepository::End(int64_t id, matching::Date ended_on, const std::string& outcome) {
  return Translate("saving a placement", [&] {
    const std::string now = NowTimestamp(), ended = ended_on.ToString();
    soci::statement st = (s_.prepare << "UPDATE placements SET ended_on = :e, outcome = :o, "
                                        "updated_at = :u WHERE id = :id",
                          soci::use(ended), soci::use(outcome), soci::use(now), soci::use(id));
    st.execute(true);
    if (st.get_affected_rows() == 0) return false;
    DataVersionRepository(s_).NotePlacementHousehold(id);
    return true;
  });
}

std::vector<Placement> PlacementRepository::Query(BadRow policy, const std::string& where,
                                                  const int64_t* param, const int64_t* param2) {
  Placement p;
  std::string started, ended;
  soci::indicator ended_ind = soci::i_null;
  soci::statement st(s_);
  st.exchange(soci::into(p.id));
  st.exchange(soci::into(p.need_id));
  st.exchange(soci::into(p.foster_parent_id));
  st.exchange(soci::into(p.children));
  st.exchange(soci::into(started));
  st.exchange(soci::into(ended, ended_ind));
  st.exchange(soci::into(p.outcome));
  if (param != nullptr) st.exchange(soci::use(*param, "p"));
  if (param2 != nullptr) st.exchange(soci::use(*param2, "q"));
  st.alloc();
  st.prepare(
      "SELECT id, need_id, foster_parent_id, children, started_on, ended_on, outcome "
      "FROM placements " +
      where);
  st.define_and_bind();
  st.execute();
  std::vector<Placement> out;
  while (st.fetch()) {
    DecodeRow(out, "placements", p.id, policy, [&] {
      Placement row = p;
      row.started_on = StoredDate(started, "placements.started_on");
      row.ended_on.reset();
      if (ended_ind == soci::i_ok) row.ended_on = StoredDate(ended, "placements.ended_on");
      return row;
    });
  }
  return out;
}

std::optional<Placement> PlacementRepository::Find(int64_t id) {
  return Translate("reading a placement", [&]() -> std::optional<Placement> {
    auto found = Query(BadRow::kThrow, "WHERE id = :p", &id);
    if (found.empty()) return std::nullopt;
    return found.front();
  });
}

std::vector<Placement> PlacementRepository::ListForFosterParent(int64_t foster_parent_id) {
  return Translate("reading placements", [&] {
    return Query(BadRow::kThrow, "WHERE foster_parent_id = :p ORDER BY started_on, id",
                 &foster_parent_id);
  });
}

std::vector<Placement> PlacementRepository::ListAll() {
  return Translate("reading placements", [&] {
    return Query(BadRow::kSkip, "ORDER BY foster_parent_id, started_on, id", nullptr);
  });
}

std::vector<Placement> PlacementRepository::ListForFosterParents(int64_t first_id,
                                                                 int64_t last_id) {
  return Translate("reading placements", [&] {
    return Query(
        BadRow::kSkip,
        "WHERE foster_parent_id BETWEEN :p AND :q ORDER BY foster_parent_id, started_on, id",
        &first_id, &last_id);
  });
}

}  // namespace fostermatch::storage
