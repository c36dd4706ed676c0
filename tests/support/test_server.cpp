#include "tests/support/test_server.h"

#include "service/front_door/front_door.h"

namespace fostermatch::testing {

TestServer::TestServer(storage::Database& db, usecases::Config config, http::ServerOptions options)
    : metrics_(std::make_unique<http::Metrics>()),
      use_cases_(std::make_unique<usecases::UseCases>(db, config)),
      app_(std::make_unique<api::App>(*use_cases_, metrics_.get())),
      pages_(std::make_unique<pages::Pages>(*use_cases_)) {
  options.metrics = metrics_.get();
  options.head_check = [this, limit = options.limits.import_body_limit](const http::Request& head) {
    return app_->HeadCheck(head, limit);
  };
  // Composed as `serve` composes it: audited reads answer once committed, holding no thread.
  const front_door::FrontDoor door = front_door::Compose(*use_cases_, *app_, *pages_);
  options.classify = door.classify;
  server_ = std::make_unique<http::Server>(options, door.handle);
  server_->Listen();
  thread_ = std::thread([this] { server_->Run(/*handle_signals=*/false); });
}

TestServer::~TestServer() {
  server_->Stop();
  thread_.join();
}

}  // namespace fostermatch::testing
