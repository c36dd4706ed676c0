#pragma once

// JSON for the system of record's resources: encoders, and decoders that apply the fields a
// request carries onto a record (all required fields on create; any subset on PATCH), reporting
// every invalid field at once (ValidationError).

#include <boost/json.hpp>

#include "matching/domain.h"
#include "service/model/records.h"
#include "service/usecases/households.h"
#include "service/usecases/needs.h"
#include "service/usecases/reference.h"

namespace fostermatch::api {

boost::json::object ToJson(const usecases::FosterParentView& view);
boost::json::object ToJson(const matching::FosterParent& parent, const matching::HomeFacts& facts);
// The JSON text of ToJson(entry's household), written once per household per change and day
// (kept with the entry's derived fields) and shared by every read afterwards.
const std::string& JsonText(const usecases::HouseholdEntry& entry);
boost::json::object ToJson(const matching::Training& training);
boost::json::object ToJson(const matching::Need& need);
boost::json::object ToJson(const matching::Placement& placement);
boost::json::object ToJson(const model::AuditEntry& entry);

// The fields a body names, with every field of the wrong type or range reported at once
// (ValidationError); `create` makes the fields a new record needs required.
usecases::FosterParentChanges DecodeFosterParentChanges(const boost::json::object& body,
                                                        bool create);
usecases::NeedChanges DecodeNeedChanges(const boost::json::object& body, bool create);
usecases::AgencyChanges DecodeAgencyChanges(const boost::json::object& body, bool create);
matching::Training DecodeTraining(const boost::json::object& body, int64_t foster_parent_id);
matching::Region DecodeRegion(const boost::json::object& body);

}  // namespace fostermatch::api
