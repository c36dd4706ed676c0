#include "service/casework.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <unordered_map>
#include <unordered_set>
#include <variant>

#include "service/csv.h"
#include "service/errors.h"
#include "service/storage/auth_repository.h"
#include "service/storage/placement_repository.h"
#include "service/storage/reference_repository.h"
#include "service/storage/training_repository.h"

namespace fostermatch {

using namespace matching;
using storage::Database;
using storage::WriteTransaction;

namespace {

constexpr int kScanBatch = 200;  // rows read at a time when a page filters on derived fields

void Audit(soci::session& s, const Actor& actor, const char* action, const char* entity,
           int64_t id, const std::string& detail = "") {
  storage::AuditRepository(s).Record(actor.name, action, entity, std::to_string(id), detail);
}

}  // namespace

// --- regions and agencies ---------------------------------------------------------------------

Region Casework::SaveRegion(const Region& r, const Actor& actor) {
  std::vector<FieldError> errors;
  if (r.code.empty() || r.code.size() > 16) errors.push_back({"code", "must be 1 to 16 bytes"});
  if (r.name_ja.empty() || r.name_ja.size() > 100) errors.push_back({"name_ja", "must be 1 to 100 bytes"});
  if (r.name_en.empty() || r.name_en.size() > 100) errors.push_back({"name_en", "must be 1 to 100 bytes"});
  ThrowIfAny(std::move(errors));
  Database::Lease lease = db_.Acquire();
  WriteTransaction tx(lease);
  storage::ReferenceRepository(lease.session()).UpsertRegion(r);
  storage::AuditRepository(lease.session()).Record(actor.name, "save", "region", r.code);
  tx.Commit();
  matching_.Invalidate();
  return r;
}

namespace {

void SortUnique(std::vector<std::string>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

void CheckAgency(storage::ReferenceRepository& repo, const Agency& a) {
  std::vector<FieldError> errors;
  if (a.name.empty() || a.name.size() > 200) errors.push_back({"name", "must be 1 to 200 bytes"});
  for (const auto& code : a.regions) {
    if (!repo.FindRegion(code)) errors.push_back({"regions", "no region has code " + code});
  }
  ThrowIfAny(std::move(errors));
}

}  // namespace

Agency Casework::CreateAgency(Agency agency, const Actor& actor) {
  SortUnique(agency.regions);
  Database::Lease lease = db_.Acquire();
  WriteTransaction tx(lease);
  storage::ReferenceRepository repo(lease.session());
  CheckAgency(repo, agency);
  agency.id = repo.InsertAgency(agency);
  Audit(lease.session(), actor, "create", "agency", agency.id);
  tx.Commit();
  matching_.Invalidate();
  return agency;
}

Agency Casework::UpdateAgency(const Agency& input, const Actor& actor) {
  Agency agency = input;
  SortUnique(agency.regions);
  Database::Lease lease = db_.Acquire();
  WriteTransaction tx(lease);
  storage::ReferenceRepository repo(lease.session());
  CheckAgency(repo, agency);
  if (!repo.UpdateAgency(agency)) throw NotFoundError("agency " + std::to_string(agency.id));
  Audit(lease.session(), actor, "update", "agency", agency.id);
  tx.Commit();
  matching_.Invalidate();
  return agency;
}

Agency Casework::GetAgency(int64_t id) {
  Database::Lease lease = db_.Acquire();
  auto agency = storage::ReferenceRepository(lease.session()).FindAgency(id);
  if (!agency) throw NotFoundError("agency " + std::to_string(id));
  return *agency;
}

// --- foster parents ---------------------------------------------------------------------------

HomeFacts Casework::Facts(const FosterParent& fp, const std::vector<Training>& trainings,
                          const std::vector<Placement>& placements) const {
  const MatchPolicy& policy = matching_.policy();
  return DeriveHomeFacts(fp, trainings, placements, matching_.Today(), policy.readiness,
                         policy.long_unplaced_months);
}

void Casework::CheckReferences(soci::session& s, const FosterParent& fp) const {
  storage::ReferenceRepository repo(s);
  std::vector<FieldError> errors;
  if (!repo.FindRegion(fp.region)) errors.push_back({"region", "no region has code " + fp.region});
  if (!repo.FindAgency(fp.agency_id)) {
    errors.push_back({"agency_id", "no agency has id " + std::to_string(fp.agency_id)});
  }
  ThrowIfAny(std::move(errors));
}

FosterParentView Casework::GetFosterParent(int64_t id, const Actor& actor) {
  Database::Lease lease = db_.Acquire();
  auto fp = storage::FosterParentRepository(lease.session()).Find(id);
  // Another agency's household does not exist for an agency coordinator.
  if (!fp || (actor.agency_id && fp->agency_id != *actor.agency_id)) {
    throw NotFoundError("foster parent " + std::to_string(id));
  }
  const auto trainings = storage::TrainingRepository(lease.session()).ListForFosterParent(id);
  const auto placements = storage::PlacementRepository(lease.session()).ListForFosterParent(id);
  return {*fp, Facts(*fp, trainings, placements)};
}

std::vector<FosterParentView> Casework::ListFosterParents(storage::FosterParentFilter filter,
                                                          bool long_unplaced_only,
                                                          const Actor& actor,
                                                          std::optional<int64_t>* next_after) {
  if (actor.agency_id) {
    if (filter.agency_id && *filter.agency_id != *actor.agency_id) {
      throw ForbiddenError("an agency token sees only its own agency's households");
    }
    filter.agency_id = actor.agency_id;
  }
  const int limit = std::max(1, filter.limit);
  next_after->reset();
  std::vector<FosterParentView> out;
  Database::Lease lease = db_.Acquire();
  storage::FosterParentRepository parents(lease.session());
  storage::TrainingRepository trainings(lease.session());
  storage::PlacementRepository placements(lease.session());
  // Reads one more than needed to know whether another page follows; with a filter on derived
  // fields, reads batches until the page is full or the table ends.
  filter.limit = long_unplaced_only ? std::max(kScanBatch, limit + 1) : limit + 1;
  while (true) {
    const auto batch = parents.List(filter);
    if (batch.empty()) return out;
    const auto batch_trainings = trainings.ListForFosterParents(batch.front().id, batch.back().id);
    const auto batch_placements = placements.ListForFosterParents(batch.front().id, batch.back().id);
    size_t ti = 0, pi = 0;
    for (const FosterParent& fp : batch) {
      std::vector<Training> own_trainings;
      std::vector<Placement> own_placements;
      while (ti < batch_trainings.size() && batch_trainings[ti].foster_parent_id < fp.id) ++ti;
      while (ti < batch_trainings.size() && batch_trainings[ti].foster_parent_id == fp.id) {
        own_trainings.push_back(batch_trainings[ti++]);
      }
      while (pi < batch_placements.size() && batch_placements[pi].foster_parent_id < fp.id) ++pi;
      while (pi < batch_placements.size() && batch_placements[pi].foster_parent_id == fp.id) {
        own_placements.push_back(batch_placements[pi++]);
      }
      HomeFacts facts = Facts(fp, own_trainings, own_placements);
      if (long_unplaced_only && !facts.long_unplaced) continue;
      if (static_cast<int>(out.size()) == limit) {
        *next_after = out.back().parent.id;
        return out;
      }
      out.push_back({fp, std::move(facts)});
    }
    if (static_cast<int>(batch.size()) < filter.limit) return out;
    filter.after_id = batch.back().id;
  }
}

FosterParentView Casework::CreateFosterParent(FosterParent fp, bool expiry_given,
                                              const Actor& actor) {
  if (actor.agency_id && fp.agency_id != *actor.agency_id) {
    throw ForbiddenError("an agency token registers households for its own agency only");
  }
  if (!expiry_given) fp.registration_expires_on = DefaultRegistrationExpiry(fp.types, fp.registered_on);
  ThrowIfAny(ValidateFosterParent(fp));
  Database::Lease lease = db_.Acquire();
  WriteTransaction tx(lease);
  CheckReferences(lease.session(), fp);
  fp.id = storage::FosterParentRepository(lease.session()).Insert(fp);
  Audit(lease.session(), actor, "create", "foster_parent", fp.id);
  tx.Commit();
  matching_.Invalidate();
  return {fp, Facts(fp, {}, {})};
}

FosterParentView Casework::UpdateFosterParent(const FosterParent& fp, const Actor& actor) {
  ThrowIfAny(ValidateFosterParent(fp));
  Database::Lease lease = db_.Acquire();
  WriteTransaction tx(lease);
  storage::FosterParentRepository repo(lease.session());
  auto existing = repo.Find(fp.id);
  if (!existing || (actor.agency_id && existing->agency_id != *actor.agency_id)) {
    throw NotFoundError("foster parent " + std::to_string(fp.id));
  }
  if (actor.agency_id && fp.agency_id != *actor.agency_id) {
    throw ForbiddenError("an agency token cannot move a household to another agency");
  }
  CheckReferences(lease.session(), fp);
  const auto trainings = storage::TrainingRepository(lease.session()).ListForFosterParent(fp.id);
  const auto placements = storage::PlacementRepository(lease.session()).ListForFosterParent(fp.id);
  HomeFacts facts = Facts(fp, trainings, placements);
  if (fp.capacity < facts.committed_children) {
    throw ValidationError("capacity", "cannot be below the " +
                                          std::to_string(facts.committed_children) +
                                          " children placed with the household");
  }
  repo.Update(fp);
  Audit(lease.session(), actor, "update", "foster_parent", fp.id);
  tx.Commit();
  matching_.Invalidate();
  return {fp, std::move(facts)};
}

// --- trainings --------------------------------------------------------------------------------

std::vector<Training> Casework::ListTrainings(int64_t foster_parent_id, const Actor& actor) {
  Database::Lease lease = db_.Acquire();
  auto fp = storage::FosterParentRepository(lease.session()).Find(foster_parent_id);
  if (!fp || (actor.agency_id && fp->agency_id != *actor.agency_id)) {
    throw NotFoundError("foster parent " + std::to_string(foster_parent_id));
  }
  return storage::TrainingRepository(lease.session()).ListForFosterParent(foster_parent_id);
}

Training Casework::AddTraining(Training t, const Actor& actor) {
  ThrowIfAny(ValidateTraining(t));
  Database::Lease lease = db_.Acquire();
  WriteTransaction tx(lease);
  auto fp = storage::FosterParentRepository(lease.session()).Find(t.foster_parent_id);
  if (!fp || (actor.agency_id && fp->agency_id != *actor.agency_id)) {
    throw NotFoundError("foster parent " + std::to_string(t.foster_parent_id));
  }
  t.id = storage::TrainingRepository(lease.session()).Insert(t);
  Audit(lease.session(), actor, "create", "training", t.id,
        "foster_parent " + std::to_string(t.foster_parent_id));
  tx.Commit();
  matching_.Invalidate();
  return t;
}

namespace {

constexpr std::array<std::string_view, 7> kTrainingColumns = {
    "external_id", "foster_parent_id", "course", "completed_on", "hours", "provider", "outcome"};

// Parses one CSV line into a training record, or returns what is wrong with it.
std::variant<Training, std::string> ParseTrainingLine(const CsvRecord& rec,
                                                      const std::array<size_t, 7>& column,
                                                      size_t header_width) {
  if (rec.fields.size() != header_width) {
    return "expected " + std::to_string(header_width) + " fields, found " +
           std::to_string(rec.fields.size());
  }
  auto field = [&](size_t i) -> const std::string& { return rec.fields[column[i]]; };
  Training t;
  t.external_id = field(0);
  if (t.external_id.empty()) return std::string("external_id: is required");
  if (t.external_id.size() > 100) return std::string("external_id: must be at most 100 bytes");
  {
    const std::string& s = field(1);
    int64_t id = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
    if (ec != std::errc() || end != s.data() + s.size() || id <= 0) {
      return "foster_parent_id: must be a positive integer, got \"" + s + "\"";
    }
    t.foster_parent_id = id;
  }
  auto course = ParseEnum<Course>(field(2));
  if (!course) return "course: must be one of " + AllowedValues<Course>() + ", got \"" + field(2) + "\"";
  t.course = *course;
  auto date = Date::Parse(field(3));
  if (!date) return "completed_on: must be a date YYYY-MM-DD, got \"" + field(3) + "\"";
  t.completed_on = *date;
  {
    const std::string& s = field(4);
    double hours = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), hours);
    if (ec != std::errc() || end != s.data() + s.size() || !(hours >= 0 && hours <= 1000)) {
      return "hours: must be a number from 0 to 1000, got \"" + s + "\"";
    }
    t.hours = hours;
  }
  t.provider = field(5);
  if (t.provider.size() > 200) return std::string("provider: must be at most 200 bytes");
  auto outcome = ParseEnum<TrainingOutcome>(field(6));
  if (!outcome) {
    return "outcome: must be one of " + AllowedValues<TrainingOutcome>() + ", got \"" + field(6) + "\"";
  }
  t.outcome = *outcome;
  return t;
}

}  // namespace

TrainingImportResult Casework::ImportTrainingsCsv(std::string_view csv, const Actor& actor) {
  std::vector<CsvRecord> records;
  try {
    records = ParseCsv(csv);
  } catch (const CsvError& e) {
    throw ValidationError("body", std::string("the CSV cannot be read: ") + e.what());
  }
  if (records.empty()) throw ValidationError("body", "the CSV is empty; a header row is required");
  // The header names the columns, in any order.
  std::array<size_t, 7> column{};
  std::vector<FieldError> header_errors;
  for (size_t c = 0; c < kTrainingColumns.size(); ++c) {
    const auto& header = records[0].fields;
    auto it = std::find(header.begin(), header.end(), kTrainingColumns[c]);
    if (it == header.end()) {
      header_errors.push_back({"body", "the header has no column " + std::string(kTrainingColumns[c])});
    } else {
      column[c] = static_cast<size_t>(it - header.begin());
    }
  }
  ThrowIfAny(std::move(header_errors));
  const size_t width = records[0].fields.size();

  TrainingImportResult result;
  Database::Lease lease = db_.Acquire();
  WriteTransaction tx(lease);
  const std::vector<int64_t> ids = storage::FosterParentRepository(lease.session()).AllIds();
  std::vector<Training> valid;
  std::unordered_map<std::string, size_t> first_line;  // external_id → line, for duplicates
  for (size_t r = 1; r < records.size(); ++r) {
    auto parsed = ParseTrainingLine(records[r], column, width);
    if (auto* error = std::get_if<std::string>(&parsed)) {
      result.rejected.push_back({records[r].line, *error});
      continue;
    }
    Training& t = std::get<Training>(parsed);
    if (!std::binary_search(ids.begin(), ids.end(), t.foster_parent_id)) {
      result.rejected.push_back({records[r].line, "foster_parent_id: no foster parent has id " +
                                                      std::to_string(t.foster_parent_id)});
      continue;
    }
    auto [it, fresh] = first_line.emplace(t.external_id, records[r].line);
    if (!fresh) {
      result.rejected.push_back({records[r].line, "external_id: " + t.external_id +
                                                      " already appears on line " +
                                                      std::to_string(it->second)});
      continue;
    }
    valid.push_back(std::move(t));
  }
  for (auto r : storage::TrainingRepository(lease.session()).BulkUpsertByExternalId(valid)) {
    ++(r == storage::TrainingRepository::UpsertResult::kInserted ? result.inserted : result.updated);
  }
  storage::AuditRepository(lease.session())
      .Record(actor.name, "import", "training", "-",
              "inserted " + std::to_string(result.inserted) + ", updated " +
                  std::to_string(result.updated) + ", rejected " +
                  std::to_string(result.rejected.size()));
  tx.Commit();
  if (!valid.empty()) matching_.Invalidate();
  return result;
}

// --- needs ------------------------------------------------------------------------------------

bool Casework::NeedVisible(soci::session& s, const Need& need, const Actor& actor) const {
  if (!actor.agency_id) return true;
  if (!need.shared_with.empty()) {
    return std::find(need.shared_with.begin(), need.shared_with.end(), *actor.agency_id) !=
           need.shared_with.end();
  }
  auto agency = storage::ReferenceRepository(s).FindAgency(*actor.agency_id);
  return agency && std::find(agency->regions.begin(), agency->regions.end(), need.region) !=
                       agency->regions.end();
}

Need Casework::GetNeed(int64_t id, const Actor& actor) {
  Database::Lease lease = db_.Acquire();
  WriteTransaction tx(lease);  // the read is audited
  auto need = storage::NeedRepository(lease.session()).Find(id);
  if (!need || !NeedVisible(lease.session(), *need, actor)) {
    throw NotFoundError("need " + std::to_string(id));
  }
  Audit(lease.session(), actor, "read", "need", id);
  tx.Commit();
  return *need;
}

std::vector<Need> Casework::ListNeeds(storage::NeedFilter filter, const Actor& actor,
                                      std::optional<int64_t>* next_after) {
  const int limit = std::max(1, filter.limit);
  next_after->reset();
  std::vector<Need> out;
  Database::Lease lease = db_.Acquire();
  WriteTransaction tx(lease);  // every need read is audited
  storage::NeedRepository repo(lease.session());
  filter.limit = actor.agency_id ? std::max(kScanBatch, limit + 1) : limit + 1;
  bool done = false;
  while (!done) {
    const auto batch = repo.List(filter);
    for (const Need& n : batch) {
      if (!NeedVisible(lease.session(), n, actor)) continue;
      if (static_cast<int>(out.size()) == limit) {
        *next_after = out.back().id;
        done = true;
        break;
      }
      out.push_back(n);
    }
    if (done || static_cast<int>(batch.size()) < filter.limit) break;
    filter.after_id = batch.back().id;
  }
  for (const Need& n : out) Audit(lease.session(), actor, "read", "need", n.id, "list");
  tx.Commit();
  return out;
}

namespace {

void CheckNeedReferences(soci::session& s, const Need& n) {
  storage::ReferenceRepository repo(s);
  std::vector<FieldError> errors;
  if (!repo.FindRegion(n.region)) errors.push_back({"region", "no region has code " + n.region});
  for (int64_t a : n.shared_with) {
    if (!repo.FindAgency(a)) errors.push_back({"shared_with", "no agency has id " + std::to_string(a)});
  }
  ThrowIfAny(std::move(errors));
}

}  // namespace

Need Casework::CreateNeed(Need need, const Actor& actor) {
  if (actor.agency_id) throw ForbiddenError("agency tokens read needs; the center enters them");
  std::vector<FieldError> errors = ValidateNeed(need);
  if (need.status == NeedStatus::kPlaced) {
    errors.push_back({"status", "placed is set by recording a placement"});
  }
  ThrowIfAny(std::move(errors));
  Database::Lease lease = db_.Acquire();
  WriteTransaction tx(lease);
  CheckNeedReferences(lease.session(), need);
  need.id = storage::NeedRepository(lease.session()).Insert(need);
  Audit(lease.session(), actor, "create", "need", need.id);
  tx.Commit();
  return need;
}

Need Casework::UpdateNeed(const Need& need, const Actor& actor) {
  if (actor.agency_id) throw ForbiddenError("agency tokens read needs; the center enters them");
  ThrowIfAny(ValidateNeed(need));
  Database::Lease lease = db_.Acquire();
  WriteTransaction tx(lease);
  storage::NeedRepository repo(lease.session());
  auto existing = repo.Find(need.id);
  if (!existing) throw NotFoundError("need " + std::to_string(need.id));
  if (need.status != existing->status) {
    if (existing->status == NeedStatus::kPlaced) {
      throw ConflictError("the need is placed; end the placement to change it");
    }
    if (need.status == NeedStatus::kPlaced) {
      throw ValidationError("status", "placed is set by recording a placement");
    }
  }
  CheckNeedReferences(lease.session(), need);
  repo.Update(need);
  Audit(lease.session(), actor, "update", "need", need.id);
  tx.Commit();
  return need;
}

// --- placements -------------------------------------------------------------------------------

Placement Casework::RecordPlacement(int64_t need_id, int64_t foster_parent_id, Date started_on,
                                    const Actor& actor) {
  if (actor.agency_id) throw ForbiddenError("placements are recorded by the center");
  Database::Lease lease = db_.Acquire();
  WriteTransaction tx(lease);
  soci::session& s = lease.session();
  const bool postgres = lease.engine() == storage::Engine::kPostgresql;
  storage::NeedRepository needs(s);
  storage::FosterParentRepository parents(s);
  // Row locks make concurrent placements into one home (or of one need) wait for each other,
  // so the capacity check below sees the other's placement: exactly one wins the last place.
  if (!needs.LockForUpdate(need_id, postgres)) {
    throw ValidationError("need_id", "no need has id " + std::to_string(need_id));
  }
  if (!parents.LockForUpdate(foster_parent_id, postgres)) {
    throw ValidationError("foster_parent_id", "no foster parent has id " + std::to_string(foster_parent_id));
  }
  Need need = *needs.Find(need_id);
  if (need.status != NeedStatus::kOpen && need.status != NeedStatus::kProposed) {
    throw ConflictError("need " + std::to_string(need_id) + " is " +
                        std::string(ToString(need.status)) + ", not open");
  }
  HomeInput home{*parents.Find(foster_parent_id),
                 storage::TrainingRepository(s).ListForFosterParent(foster_parent_id),
                 storage::PlacementRepository(s).ListForFosterParent(foster_parent_id)};
  storage::ReferenceRepository reference(s);
  auto regions = std::make_shared<RegionDistances>(reference.ListRegions(),
                                                   reference.ListTravelMinutes());
  // The engine's hard rules decide eligibility, judged on the start date. Distance is a
  // preference for ranking, not a bar to a placement a person has decided on.
  HomeIndex one(std::span<const HomeInput>(&home, 1), regions,
                std::max(started_on, matching_.Today()), matching_.policy());
  Need on_start = need;
  on_start.earliest_start = started_on;
  if (one.size() == 1) {
    if (auto why = one.Check(0, on_start); why && *why != Exclusion::kTooFar) {
      if (*why == Exclusion::kNoCapacity || *why == Exclusion::kTooManySiblings) {
        const HomeFacts facts = Facts(home.parent, home.trainings, home.placements);
        throw ConflictError("foster parent " + std::to_string(foster_parent_id) +
                            " has no room for " + std::to_string(need.siblings) +
                            " child(ren): capacity " + std::to_string(home.parent.capacity) +
                            ", " + std::to_string(facts.committed_children) + " placed");
      }
      throw ConflictError("foster parent " + std::to_string(foster_parent_id) +
                          " is not eligible for need " + std::to_string(need_id) + ": " +
                          std::string(ExclusionName(*why)));
    }
  }
  Placement p;
  p.need_id = need_id;
  p.foster_parent_id = foster_parent_id;
  p.children = need.siblings;
  p.started_on = started_on;
  p.id = storage::PlacementRepository(s).Insert(p);
  needs.SetStatus(need_id, NeedStatus::kPlaced);
  Audit(s, actor, "create", "placement", p.id,
        "need " + std::to_string(need_id) + " with foster_parent " + std::to_string(foster_parent_id));
  tx.Commit();
  matching_.Invalidate();
  return p;
}

Placement Casework::EndPlacement(int64_t placement_id, Date ended_on, const std::string& outcome,
                                 const Actor& actor) {
  if (actor.agency_id) throw ForbiddenError("placements are recorded by the center");
  if (outcome.size() > 100) throw ValidationError("outcome", "must be at most 100 bytes");
  Database::Lease lease = db_.Acquire();
  WriteTransaction tx(lease);
  storage::PlacementRepository repo(lease.session());
  auto p = repo.Find(placement_id);
  if (!p) throw NotFoundError("placement " + std::to_string(placement_id));
  if (p->ended_on) throw ConflictError("placement " + std::to_string(placement_id) + " has ended already");
  if (ended_on < p->started_on) {
    throw ValidationError("ended_on", "must not be before started_on " + p->started_on.ToString());
  }
  repo.End(placement_id, ended_on, outcome);
  Audit(lease.session(), actor, "end", "placement", placement_id);
  tx.Commit();
  matching_.Invalidate();
  p->ended_on = ended_on;
  p->outcome = outcome;
  return *p;
}

}  // namespace fostermatch
