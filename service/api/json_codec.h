#pragma once

// Boost.JSON encoders for the domain's resources, one place per resource.

#include <boost/json.hpp>
#include <optional>
#include <span>
#include <string>

#include "matching/domain.h"
#include "matching/engine.h"
#include "service/usecases/match_runs.h"
#include "service/usecases/ranking.h"
#include "service/usecases/trainings.h"

namespace fostermatch::api {

boost::json::object ToJson(const matching::Region& region);
boost::json::object ToJson(const matching::Agency& agency);
boost::json::object ToJson(const matching::Readiness& readiness);
// A ranking: {need_id, evaluated, eligible, excluded: {reason: n}, weights, candidates: [...]}.
// The JSON text of a need's candidates (their list's text, and each candidate's, shared between
// rankings: see Candidates::encoded_candidates and encoded_items).
std::string CandidatesText(const usecases::Candidates& candidates);
boost::json::object ToJson(const usecases::RunStatus& status);
boost::json::object ToJson(const usecases::TrainingImportResult& result);

// Serialises a list page: {"items": [...], "next_cursor": "…" | null}.
std::string ListPage(boost::json::array items, const std::optional<std::string>& next_cursor);
// A long-unplaced page: {"items": [...], "next_cursor": "…" | null, "total",
// "open_needs_considered", "threshold_months"}, each item's text written once per list.
std::string LongUnplacedPageText(const usecases::LongUnplacedSlice& slice);
// The same page from items already serialised (each one JSON text), copied once into the body.
std::string ListPageOfTexts(std::span<const std::string* const> items,
                            const std::optional<std::string>& next_cursor);

}  // namespace fostermatch::api
