#pragma once

#include <memory>
#include <thread>

#include "service/api/app.h"
#include "service/http/server.h"
#include "service/pages/pages.h"
#include "service/usecases/use_cases.h"
#include "tests/support/test_db.h"

namespace fostermatch::testing {

// The real API and admin pages on a real socket: use cases + App + Pages + Server listening on
// 127.0.0.1 at a free port, served by a background thread until destroyed.
class TestServer final {
 public:
  explicit TestServer(storage::Database& db, usecases::Config config = {},
                      http::ServerOptions options = DefaultOptions());
  ~TestServer();
  uint16_t port() const { return server_->port(); }
  api::App& app() { return *app_; }
  pages::Pages& pages() { return *pages_; }
  usecases::UseCases& use_cases() { return *use_cases_; }

  static http::ServerOptions DefaultOptions() {
    http::ServerOptions o;
    o.address = "127.0.0.1";
    o.port = 0;
    o.io_threads = 2;
    o.worker_threads = 4;
    return o;
  }

 private:
  std::unique_ptr<http::Metrics> metrics_;
  std::unique_ptr<usecases::UseCases> use_cases_;
  std::unique_ptr<api::App> app_;
  std::unique_ptr<pages::Pages> pages_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
};

}  // namespace fostermatch::testing
