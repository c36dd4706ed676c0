#pragma once

// JSON for the system of record's resources: encoders, and decoders that apply the fields a
// request carries onto a record (all required fields on create; any subset on PATCH), reporting
// every invalid field at once (ValidationError).

#include <boost/json.hpp>

#include "matching/domain.h"
#include "service/casework.h"
#include "service/storage/auth_repository.h"

namespace fostermatch::api {

boost::json::object ToJson(const FosterParentView& view);
boost::json::object ToJson(const matching::Training& training);
boost::json::object ToJson(const matching::Need& need);
boost::json::object ToJson(const matching::Placement& placement);
boost::json::object ToJson(const storage::AuditEntry& entry);

// Sets *expiry_given when the body names registration_expires_on.
void ApplyFosterParent(const boost::json::object& body, bool create, matching::FosterParent& fp,
                       bool* expiry_given);
void ApplyNeed(const boost::json::object& body, bool create, matching::Need& need);
matching::Training DecodeTraining(const boost::json::object& body, int64_t foster_parent_id);
matching::Region DecodeRegion(const boost::json::object& body);
void ApplyAgency(const boost::json::object& body, bool create, matching::Agency& agency);

}  // namespace fostermatch::api
