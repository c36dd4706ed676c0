#pragma once

// Training records: by hand per household, and in bulk from the trainer program's CSV.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "matching/domain.h"
#include "service/usecases/actor.h"

namespace fostermatch::usecases {

struct Context;

struct TrainingImportResult {
  int inserted = 0;
  int updated = 0;
  struct Rejected {
    size_t line;
    std::string error;
  };
  std::vector<Rejected> rejected;
};

// Admin, staff, agency (its own households) and trainer. Throws NotFoundError, ForbiddenError,
// ValidationError. Thread-safe.
class Trainings final {
 public:
  explicit Trainings(Context& ctx) : ctx_(ctx) {}

  std::vector<matching::Training> List(int64_t foster_parent_id, const Actor& actor);
  // ValidationError on external_id if an agency sets it (the trainer program's ids are
  // city-wide; an agency may not probe or claim them).
  matching::Training Add(matching::Training training, const Actor& actor);
  // Admin and trainer. CSV with a header naming external_id, foster_parent_id, course,
  // completed_on, hours, provider, outcome in any order. One transaction; a bad line is
  // reported and skipped, the good ones land; idempotent on external_id.
  TrainingImportResult ImportCsv(std::string_view csv, const Actor& actor);

 private:
  Context& ctx_;
};

}  // namespace fostermatch::usecases
