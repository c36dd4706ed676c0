#include "tests/support/test_server.h"

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
  options.classify = [this](const http::Request& head) {
    return pages::Pages::Owns(head) ? pages_->router().ClassOf(head) : app_->router().ClassOf(head);
  };
  // Composed as `serve` composes it: audited reads answer once committed, holding no thread.
  server_ = std::make_unique<http::Server>(
      options, api::AnswerAfterReadAudits(
                   *use_cases_,
                   [this](http::Request& r) {
                     return pages::Pages::Owns(r) ? pages_->Handle(r) : app_->Handle(r);
                   },
                   [this](http::Request& r) -> http::ResponseHold::Failure {
                     if (!pages::Pages::Owns(r)) return api::ReadAuditUnavailable;
                     return [page = pages_->Unavailable(r)] { return page; };
                   }));
  server_->Listen();
  thread_ = std::thread([this] { server_->Run(/*handle_signals=*/false); });
}

TestServer::~TestServer() {
  server_->Stop();
  thread_.join();
}

}  // namespace fostermatch::testing
