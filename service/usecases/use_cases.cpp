#include "service/usecases/use_cases.h"

#include "service/usecases/context.h"

namespace fostermatch::usecases {

UseCases::UseCases(storage::Database& db, const Config& config)
    : ctx_(std::make_unique<Context>(db, config)),
      reference(*ctx_),
      households(*ctx_),
      trainings(*ctx_),
      needs(*ctx_),
      ranking(*ctx_),
      placements(*ctx_),
      match_runs(*ctx_),
      audit(*ctx_),
      access(*ctx_),
      dashboard(*ctx_),
      sessions(*ctx_) {}

UseCases::~UseCases() = default;

Health UseCases::CheckHealth() {
  return {ctx_->db.Ping(), ctx_->db.pool_size(), ctx_->db.connections_in_use(),
          ctx_->db.lease_timeouts()};
}

const Config& UseCases::config() const { return ctx_->config; }

}  // namespace fostermatch::usecases
