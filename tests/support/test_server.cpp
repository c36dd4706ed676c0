#include "tests/support/test_server.h"

namespace fostermatch::testing {

TestServer::TestServer(storage::Database& db, api::AppConfig config, http::ServerOptions options)
    : metrics_(std::make_unique<http::Metrics>()) {
  config.metrics = metrics_.get();
  options.metrics = metrics_.get();
  app_ = std::make_unique<api::App>(db, config);
  options.head_check = [this, limit = options.limits.import_body_limit](const http::Request& h) {
    return app_->HeadCheck(h, limit);
  };
  server_ =
      std::make_unique<http::Server>(options, [this](http::Request& r) { return app_->Handle(r); });
  server_->Listen();
  thread_ = std::thread([this] { server_->Run(/*handle_signals=*/false); });
}

TestServer::~TestServer() {
  server_->Stop();
  thread_.join();
}

}  // namespace fostermatch::testing
