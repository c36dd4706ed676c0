// Finding 9 of the Hardening issue through the real API, on SQLite and PostgreSQL: each route's
// request class as registered with it, and /healthz and cheap reads answering while every heavy
// thread is held and the heavy queue is full.

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <future>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "service/http/server.h"
#include "service/pages/pages.h"
#include "tests/support/app_fixture.h"
#include "tests/support/http_client.h"

namespace fostermatch {
namespace {

using namespace std::chrono_literals;
using http::RequestClass;
using storage::Engine;
using testing::AppFixture;
using testing::HttpClient;
using testing::HttpResult;

constexpr auto kWaitBound = 10s;  // no wait in these tests lasts longer

// "METHOD pattern" of every route registered with a class other than kLight.
std::set<std::string> NotLight(const http::Router& router, RequestClass c) {
  std::set<std::string> out;
  for (const auto& route : router.Routes()) {
    if (route.request_class == c) out.insert(route.method + " " + route.pattern);
  }
  return out;
}

// Holds every request that reaches it until Open(); counts them.
class Gate final {
 public:
  void Pass() {
    std::unique_lock lock(mu_);
    ++entered_;
    cv_.notify_all();
    cv_.wait(lock, [&] { return open_; });
  }
  void Open() {
    std::lock_guard lock(mu_);
    open_ = true;
    cv_.notify_all();
  }
  // False if `n` requests have not reached the gate within kWaitBound.
  bool WaitEntered(int n) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, kWaitBound, [&] { return entered_ >= n; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int entered_ = 0;
  bool open_ = false;
};

class RequestClassTest : public ::testing::TestWithParam<Engine>, public AppFixture {
 protected:
  // A session for each handler thread (2 light, 2 heavy, 1 probe) and one for the fixture.
  RequestClassTest() : AppFixture(GetParam(), /*pool_size=*/6) {}

  // The API on a loopback server whose heavy handlers wait at `gate` before running: 2 heavy
  // threads, 1 heavy request may wait.
  std::unique_ptr<http::Server> GatedServer(Gate& gate) {
    http::ServerOptions o;
    o.address = "127.0.0.1";
    o.port = 0;
    o.io_threads = 2;
    o.worker_threads = 2;
    o.heavy_threads = 2;
    o.heavy_queue = 1;
    o.classify = [this](const http::Request& head) { return app().router().ClassOf(head); };
    o.head_check = [this, limit = o.limits.import_body_limit](const http::Request& head) {
      return app().HeadCheck(head, limit);
    };
    auto server = std::make_unique<http::Server>(o, [this, &gate](http::Request& r) {
      if (app().router().ClassOf(r) == RequestClass::kHeavy) {
        // Held with a database session, as a long import would hold one.
        auto lease = db().Acquire();
        gate.Pass();
      }
      return app().Handle(r);
    });
    server->Listen();
    return server;
  }

  std::future<HttpResult> ImportAsync(uint16_t port, const std::string& external_id,
                                      int64_t household) {
    const std::string csv =
        "external_id,foster_parent_id,course,completed_on,hours,provider,outcome\n" + external_id +
        "," + std::to_string(household) + ",practical,2026-10-01,6,x,completed\n";
    return std::async(std::launch::async, [port, csv, token = trainer] {
      HttpClient client(port);
      return client.Request("POST", "/api/v1/trainings/import", token, csv, "text/csv");
    });
  }
};

TEST(RequestClasses, ImportsRunsAndExportsAreHeavyHealthIsAProbeTheRestIsLight) {
  AppFixture f(Engine::kSqlite);
  pages::Pages pages(f.uc());
  EXPECT_EQ(
      NotLight(f.app().router(), RequestClass::kHeavy),
      (std::set<std::string>{"POST /api/v1/trainings/import", "GET /api/v1/match-runs/{month}"}));
  EXPECT_EQ(NotLight(f.app().router(), RequestClass::kProbe),
            (std::set<std::string>{"GET /healthz"}));
  EXPECT_EQ(NotLight(pages.router(), RequestClass::kHeavy),
            (std::set<std::string>{"GET /admin/foster-parents.csv",
                                   "GET /admin/match-runs/{month}/report",
                                   "GET /admin/match-runs/{month}/agencies/{id}/csv"}));
  EXPECT_TRUE(NotLight(pages.router(), RequestClass::kProbe).empty());
  // A request is classed by its route: method and path, placeholders filled.
  EXPECT_EQ(f.app().router().ClassOf(testing::MakeRequest("GET", "/api/v1/match-runs/2026-12")),
            RequestClass::kHeavy);
  EXPECT_EQ(f.app().router().ClassOf(testing::MakeRequest("GET", "/api/v1/needs/7")),
            RequestClass::kLight);
  EXPECT_EQ(f.app().router().ClassOf(testing::MakeRequest("GET", "/api/v1/trainings/import")),
            RequestClass::kLight)
      << "another method on a heavy path is answered 405 at once";
  EXPECT_EQ(f.app().router().ClassOf(testing::MakeRequest("GET", "/no/such/route")),
            RequestClass::kLight);
}

TEST_P(RequestClassTest, HealthAndCheapReadsAnswerWhileEveryHeavyThreadIsHeldAndItsQueueIsFull) {
  const int64_t home = Household(agency1_id);
  Gate gate;
  auto server = GatedServer(gate);
  std::thread serving([&] { server->Run(/*handle_signals=*/false); });
  const uint16_t port = server->port();

  auto first = ImportAsync(port, "ISO-1", home);
  auto second = ImportAsync(port, "ISO-2", home);
  ASSERT_TRUE(gate.WaitEntered(2)) << "both heavy threads hold an import";
  auto third = ImportAsync(port, "ISO-3", home);
  const auto deadline = std::chrono::steady_clock::now() + kWaitBound;
  while (server->stats().heavy_waiting < 1 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(5ms);
  }
  ASSERT_EQ(server->stats().heavy_waiting, 1) << "the third import waits for a heavy thread";

  HttpClient client(port);
  const HttpResult refused =
      client.Request("POST", "/api/v1/trainings/import", trainer, "external_id\n", "text/csv");
  EXPECT_EQ(refused.status, 503) << refused.body;
  EXPECT_EQ(refused.headers.at("content-type"), "application/problem+json");
  EXPECT_EQ(refused.headers.count("retry-after"), 1u);

  HttpClient other(port);
  const HttpResult health = other.Get("/healthz");
  EXPECT_EQ(health.status, 200) << health.body;
  EXPECT_EQ(health.Json().at("database").as_string(), "reachable");
  EXPECT_EQ(other.Get("/api/v1/regions", agency1).status, 200);
  EXPECT_EQ(other.Get("/api/v1/foster-parents/" + std::to_string(home), agency1).status, 200);

  gate.Open();
  for (auto* pending : {&first, &second, &third}) {
    ASSERT_EQ(pending->wait_for(kWaitBound), std::future_status::ready);
    const HttpResult r = pending->get();
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.Json().at("inserted").as_int64(), 1);
  }
  server->Stop();
  serving.join();
}

INSTANTIATE_TEST_SUITE_P(Engines, RequestClassTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgresql),
                         [](const auto& info) { return testing::EngineName(info.param); });

}  // namespace
}  // namespace fostermatch
