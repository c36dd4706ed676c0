// The server over a real loopback socket, on both engines.

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio.hpp>
#include <future>
#include <thread>

#include "service/usecases/access.h"
#include "service/usecases/regions.h"
#include "tests/support/http_client.h"
#include "tests/support/test_server.h"

namespace fostermatch {
namespace {

using matching::Role;
using storage::Engine;
using testing::HttpClient;
using testing::TestDatabase;
using testing::TestServer;

class ServerTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestDatabase>(GetParam());
    usecases::SaveRegions(db_->db(), usecases::ParseRegionsCsv(usecases::DefaultRegionsCsv()));
    admin_token_ = testing::IssueToken(db_->db(), Role::kAdmin, std::nullopt);
  }
  std::unique_ptr<TestDatabase> db_;
  std::string admin_token_;
};

TEST_P(ServerTest, HealthzReportsTheDatabaseReachable) {
  TestServer server(db_->db());
  HttpClient client(server.port());
  auto r = client.Get("/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.headers["content-type"], "application/json");
  EXPECT_EQ(r.Json().at("database"), "reachable");
}

TEST_P(ServerTest, KeepAliveServesManyRequestsOnOneConnection) {
  TestServer server(db_->db());
  HttpClient client(server.port());
  for (int i = 0; i < 20; ++i) ASSERT_EQ(client.Get("/healthz").status, 200);
  EXPECT_NE(client.Get("/healthz").headers["connection"], "close");
}

TEST_P(ServerTest, ApiRefusesMissingOrUnknownTokensWithProblemJson) {
  TestServer server(db_->db());
  HttpClient client(server.port());
  for (const std::string& token : {std::string(), std::string("fm_not-a-real-token")}) {
    auto r = client.Get("/api/v1/regions", token);
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(r.headers["content-type"], "application/problem+json");
    EXPECT_EQ(r.Json().at("status"), 401);
  }
}

TEST_P(ServerTest, ValidTokenReadsRegions) {
  TestServer server(db_->db());
  HttpClient client(server.port());
  auto r = client.Get("/api/v1/regions", admin_token_);
  ASSERT_EQ(r.status, 200) << r.body;
  auto items = r.Json().at("items").as_array();
  ASSERT_EQ(items.size(), 10u);
  EXPECT_EQ(items[0].at("name_ja"), "中央区");
}

TEST_P(ServerTest, RevokedTokenIsRefused) {
  TestServer server(db_->db());
  const auto issued =
      server.use_cases().access.IssueToken(Role::kStaff, std::nullopt, "", usecases::Actor::Cli());
  HttpClient client(server.port());
  EXPECT_EQ(client.Get("/api/v1/regions", issued.token).status, 200);
  ASSERT_TRUE(server.use_cases().access.RevokeToken(issued.id, usecases::Actor::Cli()));
  EXPECT_EQ(client.Get("/api/v1/regions", issued.token).status, 401);
}

TEST_P(ServerTest, TheBaseUrlSaysWhereTheApiIs) {
  TestServer server(db_->db());
  HttpClient client(server.port());
  auto r = client.Get("/");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.Json().at("openapi"), "/api/v1/openapi.json");
}

TEST_P(ServerTest, UnknownPathIs404AndWrongMethodIs405) {
  TestServer server(db_->db());
  HttpClient client(server.port());
  EXPECT_EQ(client.Get("/nowhere").status, 404);
  auto r = client.Request("DELETE", "/healthz");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.headers["content-type"], "application/problem+json");
}

TEST_P(ServerTest, OversizedBodyIsRefusedWith413BeforeItIsRead) {
  http::ServerOptions options = TestServer::DefaultOptions();
  options.limits.body_limit = 1024;
  TestServer server(db_->db(), {}, options);
  HttpClient client(server.port());
  auto r = client.Request("POST", "/api/v1/regions", admin_token_, std::string(4096, 'x'));
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.headers["content-type"], "application/problem+json");
  EXPECT_EQ(client.Get("/healthz").status, 200) << "the client reconnects; the server is fine";
}

TEST_P(ServerTest, ImportBodiesOverTheNormalLimitNeedAnImporterTokenBeforeTheyAreRead) {
  http::ServerOptions options = TestServer::DefaultOptions();
  options.limits.body_limit = 1024;
  options.limits.import_body_limit = 1 << 20;
  TestServer server(db_->db(), {}, options);
  std::string csv = "external_id,foster_parent_id,course,completed_on,hours,provider,outcome\n";
  while (csv.size() < 8192) csv += "x,999999,basic,2024-01-01,1,p,passed\n";
  const std::string staff = testing::IssueToken(db_->db(), Role::kStaff, std::nullopt);
  HttpClient client(server.port());
  EXPECT_EQ(client.Request("POST", "/api/v1/trainings/import", "", csv, "text/csv").status, 401);
  EXPECT_EQ(client.Request("POST", "/api/v1/trainings/import", staff, csv, "text/csv").status, 403);
  const auto r = client.Request("POST", "/api/v1/trainings/import", admin_token_, csv, "text/csv");
  EXPECT_NE(r.status, 413) << "an admin gets the import limit, with Content-Length too";
  EXPECT_NE(r.status, 401);
  EXPECT_EQ(
      client.Request("POST", "/api/v1/trainings/import/x", admin_token_, csv, "text/csv").status,
      413)
      << "only the import route itself";
}

TEST_P(ServerTest, ContentTypesAreMatchedExactly) {
  TestServer server(db_->db());
  HttpClient client(server.port());
  EXPECT_EQ(
      client.Request("POST", "/api/v1/regions", admin_token_, "{}", "application/jsonx").status,
      415);
  EXPECT_NE(
      client
          .Request("POST", "/api/v1/regions", admin_token_, "{}", "APPLICATION/JSON; charset=utf-8")
          .status,
      415);
}

TEST_P(ServerTest, MalformedHttpGets400AndTheServerCarriesOn) {
  TestServer server(db_->db());
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::socket socket(ioc);
  socket.connect({boost::asio::ip::make_address("127.0.0.1"), server.port()});
  const std::string garbage = "THIS IS NOT HTTP\r\n\r\n";
  boost::asio::write(socket, boost::asio::buffer(garbage));
  std::string reply;
  boost::system::error_code ec;
  char buf[512];
  while (size_t n = socket.read_some(boost::asio::buffer(buf), ec)) reply.append(buf, n);
  EXPECT_NE(reply.find(" 400 "), std::string::npos) << reply;
  HttpClient client(server.port());
  EXPECT_EQ(client.Get("/healthz").status, 200);
}

TEST_P(ServerTest, StopClosesIdleKeepAliveConnectionsAndStopsListening) {
  auto server = std::make_unique<TestServer>(db_->db());
  const uint16_t port = server->port();
  // Start a request, then stop the server while the connection is open.
  HttpClient client(port);
  ASSERT_EQ(client.Get("/healthz").status, 200);
  auto stopped = std::async(std::launch::async, [&] { server.reset(); });
  EXPECT_EQ(stopped.wait_for(std::chrono::seconds(20)), std::future_status::ready)
      << "an idle keep-alive connection must not hold the shutdown";
  // Nothing listens any more.
  HttpClient late(port);
  EXPECT_THROW(late.Get("/healthz"), std::exception);
}

TEST(Server, StopLetsAnInFlightRequestFinishThenRefusesNewConnections) {
  std::promise<void> entered, finish;
  std::shared_future<void> may_finish = finish.get_future().share();
  http::ServerOptions options = TestServer::DefaultOptions();
  http::Server server(options, [&](http::Request&) {
    entered.set_value();
    may_finish.wait();  // until the server has stopped listening
    return http::Response{200, "text/plain", "finished", {}, {}};
  });
  server.Listen();
  std::thread runner([&] { server.Run(false); });
  const uint16_t port = server.port();
  auto reply = std::async(std::launch::async, [&] { return HttpClient(port).Get("/slow"); });
  entered.get_future().wait();
  server.Stop();
  // Stop() takes effect on the server's thread: wait (bounded) until a connection is refused.
  auto refused = [port] {
    boost::asio::io_context ioc;
    boost::asio::ip::tcp::socket socket(ioc);
    boost::system::error_code ec;
    socket.connect({boost::asio::ip::make_address("127.0.0.1"), port}, ec);
    return static_cast<bool>(ec);
  };
  bool stopped_listening = false;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!(stopped_listening = refused()) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  finish.set_value();
  EXPECT_TRUE(stopped_listening) << "new connections are still accepted after Stop()";
  const auto result = reply.get();
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.body, "finished");
  EXPECT_EQ(result.headers.at("connection"), "close") << "no keep-alive while stopping";
  runner.join();
}

TEST(Server, SlowHandlerDoesNotStallOtherConnections) {
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  http::ServerOptions options = TestServer::DefaultOptions();
  options.io_threads = 1;
  options.worker_threads = 2;
  http::Server server(options, [&](http::Request& r) {
    if (r.path == "/slow") released.wait();
    return http::Response{200, "text/plain", r.path, {}, {}};
  });
  server.Listen();
  std::thread runner([&] { server.Run(false); });
  auto slow =
      std::async(std::launch::async, [&] { return HttpClient(server.port()).Get("/slow"); });
  // With the only network thread free, a second connection is served while /slow blocks.
  EXPECT_EQ(HttpClient(server.port()).Get("/fast").body, "/fast");
  release.set_value();
  EXPECT_EQ(slow.get().body, "/slow");
  server.Stop();
  runner.join();
}

TEST_P(ServerTest, MetricsAreOpenOnLoopbackAndNeedAnAdminElsewhere) {
  TestServer server(db_->db());
  HttpClient client(server.port());
  client.Get("/healthz");
  auto r = client.Get("/metrics");
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(r.headers["content-type"].starts_with("text/plain"));
  EXPECT_NE(r.body.find("fostermatch_http_responses_total{code=\"2xx\"}"), std::string::npos);
  EXPECT_NE(r.body.find("fostermatch_http_request_duration_seconds_bucket{le=\"+Inf\"}"),
            std::string::npos);
  // The same handler for a request from another host.
  http::Request remote;
  remote.method = "GET";
  remote.path = "/metrics";
  remote.from_loopback = false;
  EXPECT_EQ(server.app().Handle(remote).status, 401);
  const std::string staff = testing::IssueToken(db_->db(), Role::kStaff, std::nullopt);
  remote.headers["authorization"] = "Bearer " + staff;
  EXPECT_EQ(server.app().Handle(remote).status, 403);
  remote.headers["authorization"] = "Bearer " + admin_token_;
  EXPECT_EQ(server.app().Handle(remote).status, 200);
}

INSTANTIATE_TEST_SUITE_P(Engines, ServerTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgresql),
                         [](const auto& info) { return testing::EngineName(info.param); });

}  // namespace
}  // namespace fostermatch
