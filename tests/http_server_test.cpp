// http::Server over real loopback sockets with a small handler of its own (no API, no database).
// Raw POSIX sockets where the protocol matters; every wait is bounded by a socket timeout.

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "service/http/problem.h"
#include "service/http/router.h"
#include "service/http/server.h"

namespace fostermatch {
namespace {

using namespace std::chrono_literals;

constexpr auto kSocketTimeout = 5s;  // no wait in these tests lasts longer

// A blocking client socket whose reads and writes give up after kSocketTimeout.
class RawConn final {
 public:
  explicit RawConn(uint16_t port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    timeval tv{static_cast<time_t>(kSocketTimeout.count()), 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~RawConn() { ::close(fd_); }
  RawConn(const RawConn&) = delete;
  RawConn& operator=(const RawConn&) = delete;

  bool connected() const { return connected_; }

  // True if every byte was sent.
  bool Send(std::string_view data) {
    while (!data.empty()) {
      const ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }

  // One response: the header, then a Content-Length body. "" if the connection ended first.
  std::string ReadResponse() {
    size_t end;
    while ((end = pending_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill()) return "";
    }
    size_t length = 0;
    const std::string head = Lower(pending_.substr(0, end));
    if (auto at = head.find("\r\ncontent-length:"); at != std::string::npos) {
      length = std::stoul(head.substr(at + 17));
    }
    while (pending_.size() < end + 4 + length) {
      if (!Fill()) return "";
    }
    std::string out = pending_.substr(0, end + 4 + length);
    pending_.erase(0, out.size());
    return out;
  }

  enum class End { kClosed, kTimedOut };
  // Reads and discards until the server closes the connection or kSocketTimeout passes.
  End WaitForClose() {
    while (Fill()) pending_.clear();
    return timed_out_ ? End::kTimedOut : End::kClosed;
  }

  static std::string Lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  }

 private:
  bool Fill() {
    char buf[65536];
    const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n > 0) {
      pending_.append(buf, static_cast<size_t>(n));
      return true;
    }
    timed_out_ = n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
    return false;
  }

  int fd_;
  bool connected_ = false;
  bool timed_out_ = false;
  std::string pending_;
};

// Polls `done` until it holds; false if that takes over kSocketTimeout.
template <typename Predicate>
bool WaitUntil(Predicate done) {
  const auto deadline = std::chrono::steady_clock::now() + kSocketTimeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(5ms);
  }
  return true;
}

int StatusOf(const std::string& response) {
  if (response.size() < 12 || !response.starts_with("HTTP/1.1 ")) return 0;
  return std::stoi(response.substr(9, 3));
}

std::string BodyOf(const std::string& response) {
  const size_t end = response.find("\r\n\r\n");
  return end == std::string::npos ? "" : response.substr(end + 4);
}

bool IsProblem(const std::string& response) {
  return RawConn::Lower(response).find("\r\ncontent-type: application/problem+json\r\n") !=
         std::string::npos;
}

std::string Get(const std::string& target, const std::string& extra_headers = "") {
  return "GET " + target + " HTTP/1.1\r\nHost: t\r\n" + extra_headers + "\r\n";
}

std::string Post(const std::string& target, const std::string& body,
                 const std::string& extra_headers = "") {
  return "POST " + target +
         " HTTP/1.1\r\nHost: t\r\nContent-Length: " + std::to_string(body.size()) + "\r\n" +
         extra_headers + "\r\n" + body;
}

std::string Chunked(const std::string& target, const std::string& body,
                    const std::string& extra_headers = "") {
  std::string out = "POST " + target + " HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n" +
                    extra_headers + "\r\n";
  constexpr size_t kChunk = 64 << 10;
  char size[32];
  for (size_t at = 0; at < body.size(); at += kChunk) {
    const size_t n = std::min(kChunk, body.size() - at);
    std::snprintf(size, sizeof size, "%zx\r\n", n);
    out += size;
    out.append(body, at, n);
    out += "\r\n";
  }
  return out + "0\r\n\r\n";
}

// The handler of these tests: echoes what the server made of the request.
//   /echo: "<method> <path> <body size>"; /loopback: "true"/"false";
//   /block, /heavy/block: wait until Release().
class EchoHandler {
 public:
  http::Response operator()(http::Request& r) {
    entered_.fetch_add(1);
    {
      std::lock_guard lock(mu_);
      ++entered_by_path_[r.path];
    }
    if (r.path == "/loopback") return Text(r.from_loopback ? "true" : "false");
    if (r.path.ends_with("/block")) {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return released_; });
    }
    return Text(r.method + " " + r.path + " " + std::to_string(r.body.size()));
  }
  void Release() {
    std::lock_guard lock(mu_);
    released_ = true;
    cv_.notify_all();
  }
  // Waits until `n` requests have reached the handler; false if that takes over kSocketTimeout.
  bool WaitEntered(int n) {
    return WaitUntil([&] { return entered_.load() >= n; });
  }
  // How many requests for `path` reached the handler.
  int EnteredFor(const std::string& path) {
    std::lock_guard lock(mu_);
    return entered_by_path_[path];
  }

 private:
  static http::Response Text(std::string s) { return {200, "text/plain", std::move(s), {}, {}}; }
  std::atomic<int> entered_{0};
  std::mutex mu_;
  std::condition_variable cv_;
  bool released_ = false;
  std::map<std::string, int> entered_by_path_;
};

http::ServerOptions SmallOptions() {
  http::ServerOptions o;
  o.address = "127.0.0.1";
  o.port = 0;
  o.io_threads = 2;
  o.worker_threads = 2;
  return o;
}

// An http::Server on a free loopback port, served by a background thread until destroyed.
class LoopbackServer final {
 public:
  explicit LoopbackServer(http::ServerOptions options = SmallOptions(),
                          std::function<http::Response(http::Request&)> handler = {})
      : server_(
            std::move(options),
            handler ? std::move(handler) : [this](http::Request& r) { return echo(r); }) {
    server_.Listen();
    thread_ = std::thread([this] { server_.Run(/*handle_signals=*/false); });
  }
  ~LoopbackServer() {
    echo.Release();
    server_.Stop();
    thread_.join();
  }
  uint16_t port() const { return server_.port(); }
  http::Server& server() { return server_; }
  EchoHandler echo;

 private:
  http::Server server_;
  std::thread thread_;
};

// --- 1. A body over the limit: the client reads 413, not a reset --------------------------------

TEST(HttpServer, OversizedContentLengthBodyGets413EveryTimeNotAReset) {
  LoopbackServer server;
  const std::string request = Post("/echo", std::string(2 << 20, 'x'));
  for (int i = 0; i < 30; ++i) {
    RawConn conn(server.port());
    ASSERT_TRUE(conn.connected());
    ASSERT_TRUE(conn.Send(request)) << "attempt " << i << ": the server reset the connection";
    const std::string response = conn.ReadResponse();
    ASSERT_EQ(StatusOf(response), 413) << "attempt " << i << ": " << response;
    EXPECT_TRUE(IsProblem(response));
    EXPECT_EQ(conn.WaitForClose(), RawConn::End::kClosed);
  }
}

// --- 3 and 5. Per-request body limits ----------------------------------------------------------

TEST(HttpServer, WithoutAHeadCheckEveryPathGetsTheNormalBodyLimit) {
  LoopbackServer server;
  RawConn conn(server.port());
  conn.Send(Chunked("/api/v1/trainings/import-anything", std::string(2 << 20, 'x')));
  const std::string response = conn.ReadResponse();
  EXPECT_EQ(StatusOf(response), 413) << response;
  EXPECT_TRUE(IsProblem(response));
}

// A head check like the API's: POST /import may send 4 MiB with "Authorization: yes", is refused
// 401 without it; everything else gets the normal limit.
http::HeadDecision ImportCheck(const http::Request& head) {
  if (head.method != "POST" || head.path != "/import") return {};
  if (head.Header("authorization") != "yes") {
    return {http::ProblemResponse(http::ApiError::Unauthorized()), std::nullopt};
  }
  return {std::nullopt, size_t{4} << 20};
}

TEST(HttpServer, AHeadCheckLimitAppliesToContentLengthAndChunkedBodies) {
  http::ServerOptions options = SmallOptions();
  options.head_check = ImportCheck;
  LoopbackServer server(options);
  const std::string body(2 << 20, 'x');
  RawConn conn(server.port());
  conn.Send(Post("/import", body, "Authorization: yes\r\n"));
  EXPECT_EQ(BodyOf(conn.ReadResponse()), "POST /import 2097152") << "Content-Length";
  conn.Send(Chunked("/import", body, "Authorization: yes\r\n"));
  EXPECT_EQ(BodyOf(conn.ReadResponse()), "POST /import 2097152") << "chunked";
  conn.Send(Post("/import", std::string(5 << 20, 'x'), "Authorization: yes\r\n"));
  EXPECT_EQ(StatusOf(conn.ReadResponse()), 413) << "over the granted limit";
  RawConn other(server.port());
  other.Send(Chunked("/import/more", body, "Authorization: yes\r\n"));
  EXPECT_EQ(StatusOf(other.ReadResponse()), 413) << "only the exact path";
}

TEST(HttpServer, AHeadCheckRefusalIsSentBeforeTheBodyIsRead) {
  http::ServerOptions options = SmallOptions();
  options.head_check = ImportCheck;
  LoopbackServer server(options);
  RawConn conn(server.port());
  // Only the header: the answer must come without the 2 MiB the header announces.
  conn.Send("POST /import HTTP/1.1\r\nHost: t\r\nContent-Length: 2097152\r\n\r\n");
  const std::string response = conn.ReadResponse();
  EXPECT_EQ(StatusOf(response), 401) << response;
  EXPECT_TRUE(IsProblem(response));
  EXPECT_NE(RawConn::Lower(response).find("connection: close"), std::string::npos);
  EXPECT_EQ(conn.WaitForClose(), RawConn::End::kClosed);
}

TEST(HttpServer, Expect100ContinueIsAnsweredBeforeTheBodyIsSent) {
  LoopbackServer server;
  RawConn conn(server.port());
  conn.Send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
  EXPECT_EQ(StatusOf(conn.ReadResponse()), 100);
  conn.Send("hello");
  EXPECT_EQ(BodyOf(conn.ReadResponse()), "POST /echo 5");
}

TEST(HttpServer, BodiesBeyondTheServerWideBudgetGet503WithRetryAfter) {
  http::ServerOptions options = SmallOptions();
  options.limits.max_buffered_body_bytes = 1 << 20;
  LoopbackServer server(options);
  const std::string body(600 << 10, 'x');
  RawConn first(server.port());
  first.Send(Post("/block", body));
  ASSERT_TRUE(server.echo.WaitEntered(1));
  RawConn second(server.port());
  second.Send(Post("/echo", body));
  const std::string refused = second.ReadResponse();
  EXPECT_EQ(StatusOf(refused), 503) << refused;
  EXPECT_TRUE(IsProblem(refused));
  EXPECT_NE(RawConn::Lower(refused).find("\r\nretry-after: "), std::string::npos);
  server.echo.Release();
  EXPECT_EQ(BodyOf(first.ReadResponse()), "POST /block 614400");
  // The budget is given back once the response has been written, just after the client reads it.
  EXPECT_TRUE(WaitUntil([&] { return server.server().stats().buffered_body_bytes == 0; }))
      << "released once the response is written";
  RawConn third(server.port());
  third.Send(Post("/echo", body));
  EXPECT_EQ(BodyOf(third.ReadResponse()), "POST /echo 614400") << "the budget was given back";
}

// --- 4. Shutdown while a handler outlives the grace period --------------------------------------

// A log sink that notices one message: lets a test wait for what the server logs, not for a time.
class LogWatch final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  explicit LogWatch(std::string needle) : needle_(std::move(needle)) {}
  // True once the message was logged; false if that takes over kSocketTimeout.
  bool Wait() {
    std::unique_lock lock(seen_mu_);
    return seen_cv_.wait_for(lock, kSocketTimeout, [&] { return seen_; });
  }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    if (std::string_view(msg.payload.data(), msg.payload.size()).find(needle_) ==
        std::string_view::npos) {
      return;
    }
    std::lock_guard lock(seen_mu_);
    seen_ = true;
    seen_cv_.notify_all();
  }
  void flush_() override {}

 private:
  const std::string needle_;
  std::mutex seen_mu_;
  std::condition_variable seen_cv_;
  bool seen_ = false;
};

TEST(HttpServer, SigtermWhileAHandlerOutlivesTheGracePeriodReturnsCleanly) {
  auto watch = std::make_shared<LogWatch>("shutdown grace period over");
  auto previous = spdlog::default_logger();
  spdlog::set_default_logger(std::make_shared<spdlog::logger>("watch", watch));
  auto run = std::async(std::launch::async, [watch] {
    http::ServerOptions options = SmallOptions();
    options.limits.shutdown_grace = 1s;
    EchoHandler echo;
    std::thread client;
    bool grace_ran_out = false;
    {
      http::Server server(options, [&](http::Request& r) { return echo(r); });
      server.Listen();
      client = std::thread([port = server.port()] {
        RawConn conn(port);
        conn.Send(Get("/block"));
        conn.WaitForClose();
      });
      std::thread killer([&] {
        if (echo.WaitEntered(1)) ::kill(::getpid(), SIGTERM);
      });
      // The handler stays blocked until the grace period is over: it outlives it for certain.
      std::thread releaser([&] {
        grace_ran_out = watch->Wait();
        echo.Release();
      });
      server.Run(/*handle_signals=*/true);
      killer.join();
      releaser.join();
    }  // the server is destroyed here, after the handler has finished; the client sees the close
    client.join();
    return grace_ran_out;
  });
  const bool stopped = run.wait_for(15s) == std::future_status::ready;
  spdlog::set_default_logger(previous);
  ASSERT_TRUE(stopped) << "the server did not stop";
  EXPECT_TRUE(run.get()) << "the grace period did not run out while the handler was busy";
}

// --- 6. Slots held by slow or idle clients -------------------------------------------------------

TEST(HttpServer, APartialHeaderIsClosedAfterTheReadTimeoutNotTheIdleTimeout) {
  http::ServerOptions options = SmallOptions();
  options.limits.read_timeout = 1s;
  options.limits.idle_timeout = 60s;
  LoopbackServer server(options);
  RawConn conn(server.port());
  ASSERT_TRUE(conn.Send("GET /echo HTTP/1.1\r\nHost: t\r\nX-Slow: "));
  EXPECT_EQ(conn.WaitForClose(), RawConn::End::kClosed);
}

TEST(HttpServer, ASilentNewConnectionIsClosedAfterTheReadTimeout) {
  http::ServerOptions options = SmallOptions();
  options.limits.read_timeout = 1s;
  options.limits.idle_timeout = 60s;
  LoopbackServer server(options);
  RawConn conn(server.port());
  EXPECT_EQ(conn.WaitForClose(), RawConn::End::kClosed);
}

TEST(HttpServer, AnIdleKeepAliveConnectionIsClosedAfterTheIdleTimeout) {
  http::ServerOptions options = SmallOptions();
  options.limits.read_timeout = 60s;
  options.limits.idle_timeout = 1s;
  LoopbackServer server(options);
  RawConn conn(server.port());
  conn.Send(Get("/echo"));
  ASSERT_EQ(StatusOf(conn.ReadResponse()), 200);
  EXPECT_EQ(conn.WaitForClose(), RawConn::End::kClosed);
}

TEST(HttpServer, OverMaxConnectionsWithEverySlotBusyAConnectionGets503ProblemJson) {
  http::ServerOptions options = SmallOptions();
  options.limits.max_connections = 2;
  LoopbackServer server(options);
  RawConn a(server.port()), b(server.port());
  a.Send(Get("/block"));
  b.Send(Get("/block"));
  ASSERT_TRUE(server.echo.WaitEntered(2)) << "both slots busy in the handler";
  RawConn c(server.port());
  c.Send(Get("/echo"));
  const std::string refused = c.ReadResponse();
  EXPECT_EQ(StatusOf(refused), 503) << refused;
  EXPECT_TRUE(IsProblem(refused));
  EXPECT_EQ(c.WaitForClose(), RawConn::End::kClosed);
  server.echo.Release();
  EXPECT_EQ(StatusOf(a.ReadResponse()), 200);
  EXPECT_EQ(StatusOf(b.ReadResponse()), 200);
}

TEST(HttpServer, OneClientAddressGetsAtMostItsShareOfConnections) {
  http::ServerOptions options = SmallOptions();
  options.limits.max_connections_per_client = 3;
  LoopbackServer server(options);
  std::vector<std::unique_ptr<RawConn>> held;
  for (int i = 0; i < 3; ++i) {
    held.push_back(std::make_unique<RawConn>(server.port()));
    held.back()->Send(Get("/echo"));
    ASSERT_EQ(StatusOf(held.back()->ReadResponse()), 200);
  }
  RawConn extra(server.port());
  extra.Send(Get("/echo"));
  const std::string response = extra.ReadResponse();
  EXPECT_TRUE(response.empty() || StatusOf(response) == 503) << response;
  if (!response.empty()) {
    EXPECT_TRUE(IsProblem(response));
  }
  for (auto& conn : held) {
    conn->Send(Get("/echo"));
    EXPECT_EQ(StatusOf(conn->ReadResponse()), 200) << "the others keep working";
  }
}

TEST(HttpServer, WhenEverySlotIsTakenAnIdleKeepAliveConnectionGivesWay) {
  http::ServerOptions options = SmallOptions();
  options.limits.max_connections = 2;
  LoopbackServer server(options);
  RawConn a(server.port()), b(server.port());
  for (RawConn* conn : {&a, &b}) {
    conn->Send(Get("/echo"));
    ASSERT_EQ(StatusOf(conn->ReadResponse()), 200);
  }
  RawConn c(server.port());
  c.Send(Get("/echo"));
  EXPECT_EQ(StatusOf(c.ReadResponse()), 200) << "served, not refused";
  int served = 0;
  for (RawConn* conn : {&a, &b}) {
    conn->Send(Get("/echo"));
    served += StatusOf(conn->ReadResponse()) == 200;
  }
  EXPECT_EQ(served, 1) << "exactly one idle connection was closed to make room";
}

// --- 9. Request classes: heavy work has its own bounded share; a probe never waits --------------

// "/heavy/..." is heavy, "/healthz" a probe, the rest light: what the API registers per route.
http::RequestClass ClassByPath(const http::Request& head) {
  if (head.path.starts_with("/heavy/")) return http::RequestClass::kHeavy;
  if (head.path == "/healthz") return http::RequestClass::kProbe;
  return http::RequestClass::kLight;
}

http::ServerOptions ClassedOptions(int heavy_threads, int heavy_queue) {
  http::ServerOptions o = SmallOptions();
  o.heavy_threads = heavy_threads;
  o.heavy_queue = heavy_queue;
  o.classify = ClassByPath;
  return o;
}

TEST(HttpServer, HeavyRequestsBeyondTheirShareGet503AndLightRequestsAndProbesStillAnswer) {
  LoopbackServer server(ClassedOptions(/*heavy_threads=*/2, /*heavy_queue=*/1));
  RawConn running1(server.port()), running2(server.port()), queued(server.port());
  running1.Send(Get("/heavy/block"));
  running2.Send(Get("/heavy/block"));
  ASSERT_TRUE(server.echo.WaitEntered(2)) << "both heavy threads busy";
  queued.Send(Get("/heavy/echo"));
  ASSERT_TRUE(WaitUntil([&] { return server.server().stats().heavy_waiting == 1; }));

  RawConn refused(server.port());
  refused.Send(Get("/heavy/echo"));
  const std::string busy = refused.ReadResponse();
  EXPECT_EQ(StatusOf(busy), 503) << busy;
  EXPECT_TRUE(IsProblem(busy));
  EXPECT_NE(RawConn::Lower(busy).find("\r\nretry-after: 5\r\n"), std::string::npos) << busy;

  RawConn light(server.port()), probe(server.port());
  light.Send(Get("/echo"));
  EXPECT_EQ(BodyOf(light.ReadResponse()), "GET /echo 0") << "a light request does not wait";
  probe.Send(Get("/healthz"));
  EXPECT_EQ(BodyOf(probe.ReadResponse()), "GET /healthz 0") << "a probe does not wait";
  EXPECT_EQ(server.echo.EnteredFor("/heavy/echo"), 0) << "the queued heavy request still waits";

  server.echo.Release();
  EXPECT_EQ(BodyOf(running1.ReadResponse()), "GET /heavy/block 0");
  EXPECT_EQ(BodyOf(running2.ReadResponse()), "GET /heavy/block 0");
  EXPECT_EQ(BodyOf(queued.ReadResponse()), "GET /heavy/echo 0") << "the queued one ran";
  // Places are given back before the response is written: the share is free again.
  EXPECT_EQ(server.server().stats().heavy_admitted, 0);
  RawConn again(server.port());
  again.Send(Get("/heavy/echo"));
  EXPECT_EQ(StatusOf(again.ReadResponse()), 200);
}

TEST(HttpServer, AProbeAnswersWhileEveryLightAndHeavyThreadIsBusy) {
  LoopbackServer server(ClassedOptions(/*heavy_threads=*/1, /*heavy_queue=*/0));
  std::vector<std::unique_ptr<RawConn>> blocked;
  for (const char* path : {"/block", "/block", "/heavy/block"}) {  // SmallOptions: 2 light
    blocked.push_back(std::make_unique<RawConn>(server.port()));
    blocked.back()->Send(Get(path));
  }
  ASSERT_TRUE(server.echo.WaitEntered(3)) << "every light and heavy thread busy";
  RawConn probe(server.port());
  probe.Send(Get("/healthz"));
  EXPECT_EQ(BodyOf(probe.ReadResponse()), "GET /healthz 0");
  server.echo.Release();
  for (auto& conn : blocked) EXPECT_EQ(StatusOf(conn->ReadResponse()), 200);
}

TEST(HttpServer, AQueuedRequestOfAClientThatHasLeftIsDroppedNotRun) {
  LoopbackServer server(ClassedOptions(/*heavy_threads=*/1, /*heavy_queue=*/2));
  RawConn running(server.port());
  running.Send(Get("/heavy/block"));
  ASSERT_TRUE(server.echo.WaitEntered(1));
  auto departed = std::make_unique<RawConn>(server.port());
  departed->Send(Get("/heavy/departed"));
  ASSERT_TRUE(WaitUntil([&] { return server.server().stats().heavy_waiting == 1; }));
  departed.reset();  // the client gives up while its request waits for the heavy thread
  RawConn stayed(server.port());
  stayed.Send(Get("/heavy/stayed"));
  ASSERT_TRUE(WaitUntil([&] { return server.server().stats().heavy_waiting == 2; }));

  server.echo.Release();
  EXPECT_EQ(StatusOf(running.ReadResponse()), 200);
  // One heavy thread takes the waiting requests in order: the departed one came first.
  EXPECT_EQ(BodyOf(stayed.ReadResponse()), "GET /heavy/stayed 0");
  EXPECT_EQ(server.echo.EnteredFor("/heavy/departed"), 0) << "the departed client's request ran";
  EXPECT_EQ(server.server().stats().dropped_requests, 1u);
  EXPECT_EQ(server.server().stats().heavy_admitted, 0) << "the dropped request's place is free";
}

TEST(HttpServer, WithoutAClassifierEveryRequestIsLightAndNoneIsRefusedForHeavyWork) {
  http::ServerOptions options = SmallOptions();
  options.heavy_queue = 0;
  LoopbackServer server(options);
  RawConn a(server.port()), b(server.port());
  a.Send(Get("/heavy/block"));
  ASSERT_TRUE(server.echo.WaitEntered(1));
  b.Send(Get("/heavy/echo"));
  EXPECT_EQ(BodyOf(b.ReadResponse()), "GET /heavy/echo 0");
  server.echo.Release();
  EXPECT_EQ(StatusOf(a.ReadResponse()), 200);
}

// --- 2. File descriptors -------------------------------------------------------------------------
// In a child process (death test), since they lower the process's descriptor limit for good.

class HttpServerDeathTest : public ::testing::Test {
 public:
  void SetUp() override { GTEST_FLAG_SET(death_test_style, "threadsafe"); }
  // The child logs to stderr, where the death test looks for the expected message.
  static void LogToStderr() { spdlog::set_default_logger(spdlog::stderr_logger_st("child")); }
};

// Exits 0 if Listen() raised the soft limit to the hard one and clamped max connections.
[[noreturn]] void ClampChild() {
  HttpServerDeathTest::LogToStderr();
  rlimit limit{100, 300};
  if (setrlimit(RLIMIT_NOFILE, &limit) != 0) std::_Exit(2);
  http::ServerOptions options = SmallOptions();
  options.limits.max_connections = 1000;
  http::Server server(options, [](http::Request&) { return http::Response{}; });
  server.Listen();
  getrlimit(RLIMIT_NOFILE, &limit);
  if (limit.rlim_cur != 300) std::_Exit(3);
  const int max = server.stats().max_connections;
  std::_Exit(max > 0 && max < 300 - 64 ? 0 : 4);
}

// Exits 0 if, out of descriptors, the server retried accept() a bounded number of times and then
// served the waiting connection once descriptors were free.
[[noreturn]] void BackoffChild() {
  HttpServerDeathTest::LogToStderr();
  rlimit limit{256, 256};
  if (setrlimit(RLIMIT_NOFILE, &limit) != 0) std::_Exit(2);
  LoopbackServer server;
  // The client's socket exists before the descriptors run out; then take every one left.
  const int client = ::socket(AF_INET, SOCK_STREAM, 0);
  const int null_fd = ::open("/dev/null", O_RDONLY);
  std::vector<int> hogs;
  for (int fd; (fd = ::dup(null_fd)) >= 0;) hogs.push_back(fd);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(server.port());
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(client, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) std::_Exit(3);
  const auto deadline = std::chrono::steady_clock::now() + kSocketTimeout;
  while (server.server().stats().accept_failures == 0) {
    if (std::chrono::steady_clock::now() > deadline) std::_Exit(4);
    std::this_thread::sleep_for(5ms);
  }
  // A server that retried at once would fail thousands of times in this while.
  std::this_thread::sleep_for(300ms);
  const uint64_t failures = server.server().stats().accept_failures;
  if (failures > 20) std::_Exit(5);
  for (int fd : hogs) ::close(fd);
  timeval tv{static_cast<time_t>(kSocketTimeout.count()), 0};
  ::setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  const std::string request = Get("/echo");
  ::send(client, request.data(), request.size(), MSG_NOSIGNAL);
  char reply[64] = {};
  const ssize_t n = ::recv(client, reply, sizeof reply - 1, 0);
  std::_Exit(n > 0 && StatusOf(reply) == 200 ? 0 : 6);
}

TEST_F(HttpServerDeathTest, ListenRaisesTheSoftFileLimitAndClampsMaxConnections) {
  EXPECT_EXIT(ClampChild(), ::testing::ExitedWithCode(0), "max connections lowered from 1000");
}

TEST_F(HttpServerDeathTest, OutOfDescriptorsTheServerBacksOffAndRecovers) {
  EXPECT_EXIT(BackoffChild(), ::testing::ExitedWithCode(0), "accept failed");
}

// --- HasMediaType ------------------------------------------------------------------------------

TEST(HttpMessage, HasMediaTypeComparesTheMediaTypeExactlyIgnoringCaseAndParameters) {
  http::Request r;
  EXPECT_FALSE(http::HasMediaType(r, "application/json")) << "no Content-Type";
  const std::pair<const char*, bool> cases[] = {{"application/json", true},
                                                {"APPLICATION/JSON; charset=utf-8", true},
                                                {" application/json ;charset=utf-8", true},
                                                {"application/jsonx", false},
                                                {"application/json-seq", false},
                                                {"text/application/json", false},
                                                {"application/jso", false},
                                                {"", false}};
  for (const auto& [type, expected] : cases) {
    r.headers["content-type"] = type;
    EXPECT_EQ(http::HasMediaType(r, "application/json"), expected) << type;
  }
  r.headers["content-type"] = "Text/CSV; header=present";
  EXPECT_TRUE(http::HasMediaType(r, "text/csv"));
}

// --- 7. Protocol
// ----------------------------------------------------------------------------------

class BadFraming : public ::testing::TestWithParam<std::string> {};

TEST_P(BadFraming, Gets400AndTheConnectionIsClosed) {
  LoopbackServer server;
  RawConn conn(server.port());
  // What follows the header would be a second, smuggled request if the body were read as empty.
  conn.Send("POST /echo HTTP/1.1\r\nHost: t\r\n" + GetParam() + "\r\n5\r\nhello\r\n0\r\n\r\n" +
            Get("/smuggled"));
  const std::string response = conn.ReadResponse();
  EXPECT_EQ(StatusOf(response), 400) << response;
  EXPECT_TRUE(IsProblem(response));
  EXPECT_EQ(conn.ReadResponse(), "") << "nothing after the 400";
}

INSTANTIATE_TEST_SUITE_P(
    HttpServer, BadFraming,
    ::testing::Values("Transfer-Encoding: xchunked\r\n", "Transfer-Encoding: chunked, identity\r\n",
                      "Transfer-Encoding: identity\r\n", "Transfer-Encoding: gzip, chunked\r\n",
                      "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n",
                      "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n",
                      "Transfer-Encoding: identity\r\nContent-Length: 5\r\n"));

TEST(HttpServer, TwoAuthorizationHeadersGet400) {
  LoopbackServer server;
  RawConn conn(server.port());
  conn.Send(Get("/echo", "Authorization: Bearer a\r\nAuthorization: Bearer b\r\n"));
  const std::string response = conn.ReadResponse();
  EXPECT_EQ(StatusOf(response), 400) << response;
  EXPECT_TRUE(IsProblem(response));
}

TEST(HttpServer, PlainChunkedBodyIsRead) {
  LoopbackServer server;
  RawConn conn(server.port());
  conn.Send(Chunked("/echo", std::string(100000, 'x')));
  EXPECT_EQ(BodyOf(conn.ReadResponse()), "POST /echo 100000");
}

TEST(HttpServer, PipelinedRequestsAreAnsweredInOrderOnOneConnection) {
  LoopbackServer server;
  RawConn conn(server.port());
  // Three requests in one write, the middle one with a body: each is read only after the
  // previous one is answered, and none leaks into another.
  ASSERT_TRUE(conn.Send(Get("/one") + Post("/two", "12345") + Get("/three")));
  EXPECT_EQ(BodyOf(conn.ReadResponse()), "GET /one 0");
  EXPECT_EQ(BodyOf(conn.ReadResponse()), "POST /two 5");
  EXPECT_EQ(BodyOf(conn.ReadResponse()), "GET /three 0");
}

TEST(HttpServer, ABodySentTooSlowlyIsCutOffAfterTheReadTimeout) {
  http::ServerOptions options = SmallOptions();
  options.limits.read_timeout = 1s;
  options.limits.idle_timeout = 60s;
  LoopbackServer server(options);
  RawConn conn(server.port());
  // The header promises 100 bytes; 10 come, then nothing.
  ASSERT_TRUE(conn.Send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\n0123456789"));
  EXPECT_EQ(conn.WaitForClose(), RawConn::End::kClosed);
  EXPECT_EQ(server.echo.EnteredFor("/echo"), 0) << "a partial body never reaches the handler";
}

TEST(HttpServer, AFloodOfConnectionsBeyondTheLimitIsRefusedAndTheServerRecovers) {
  constexpr int kSlots = 16, kFlood = 48;
  http::ServerOptions options = SmallOptions();
  options.limits.max_connections = kSlots;
  LoopbackServer server(options);
  std::vector<std::unique_ptr<RawConn>> holding, flood;
  for (int i = 0; i < kSlots; ++i) {
    holding.push_back(std::make_unique<RawConn>(server.port()));
    ASSERT_TRUE(holding.back()->Send(Get("/block")));
  }
  ASSERT_TRUE(WaitUntil([&] { return server.server().stats().connections == kSlots; }));
  // One after another, so fewer are being refused at once than the server answers (64).
  for (int i = 0; i < kFlood; ++i) {
    flood.push_back(std::make_unique<RawConn>(server.port()));
    flood.back()->Send(Get("/echo"));
    const std::string response = flood.back()->ReadResponse();
    EXPECT_EQ(StatusOf(response), 503) << "connection " << i << ": " << response;
    EXPECT_TRUE(IsProblem(response));
  }
  EXPECT_EQ(server.echo.EnteredFor("/echo"), 0) << "no flood request reached the handler";
  server.echo.Release();
  for (auto& conn : holding) EXPECT_EQ(StatusOf(conn->ReadResponse()), 200);
  holding.clear();
  flood.clear();
  ASSERT_TRUE(WaitUntil([&] { return server.server().stats().connections == 0; }));
  RawConn after(server.port());
  after.Send(Get("/echo"));
  EXPECT_EQ(BodyOf(after.ReadResponse()), "GET /echo 0") << "served once the flood has gone";
}

TEST(HttpServer, AnEncodedSlashDoesNotRouteAsASlash) {
  http::Router router;
  router.Add("GET", "/a/b", [](http::Request&) {
    return http::Response{200, "text/plain", "ab", {}, {}};
  });
  router.Add("GET", "/a/{x}", [](http::Request& r) {
    return http::Response{200, "text/plain", "x=" + r.path_params["x"], {}, {}};
  });
  LoopbackServer server(SmallOptions(), [&](http::Request& r) {
    try {
      return router.Dispatch(r);
    } catch (const http::ApiError& e) {
      return http::ProblemResponse(e);
    }
  });
  RawConn conn(server.port());
  conn.Send(Get("/a/b"));
  EXPECT_EQ(BodyOf(conn.ReadResponse()), "ab");
  conn.Send(Get("/a%2fb/c"));
  EXPECT_EQ(StatusOf(conn.ReadResponse()), 404);
  conn.Send(Get("/a/b%2Fc"));
  EXPECT_EQ(BodyOf(conn.ReadResponse()), "x=b%2Fc") << "kept encoded in the segment";
  conn.Send(Get("/a/%62"));
  EXPECT_EQ(BodyOf(conn.ReadResponse()), "ab") << "other escapes are decoded";
}

TEST(HttpServer, TheAccessLogEscapesControlCharactersInThePath) {
  std::ostringstream log;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(log);
  sink->set_pattern("%v");
  auto previous = spdlog::default_logger();
  spdlog::set_default_logger(std::make_shared<spdlog::logger>("capture", sink));
  {
    LoopbackServer server;
    RawConn conn(server.port());
    conn.Send(Get("/x%0aGET%20/forged%20200%200.1ms%0d%0a"));
    EXPECT_EQ(StatusOf(conn.ReadResponse()), 200);
  }
  spdlog::set_default_logger(previous);
  const std::string text = log.str();
  EXPECT_EQ(text.find("\nGET /forged"), std::string::npos) << text;
  EXPECT_NE(text.find("/x%0AGET%20/forged%20200%200.1ms%0D%0A 200"), std::string::npos) << text;
}

// --- 8. Requests relayed by a local proxy are not loopback ---------------------------------------

TEST(HttpServer, ARequestCarryingForwardingHeadersIsNotLoopback) {
  LoopbackServer server;
  RawConn conn(server.port());
  conn.Send(Get("/loopback"));
  EXPECT_EQ(BodyOf(conn.ReadResponse()), "true");
  conn.Send(Get("/loopback", "X-Forwarded-For: 203.0.113.9\r\n"));
  EXPECT_EQ(BodyOf(conn.ReadResponse()), "false");
  conn.Send(Get("/loopback", "Forwarded: for=203.0.113.9\r\n"));
  EXPECT_EQ(BodyOf(conn.ReadResponse()), "false");
}

}  // namespace
}  // namespace fostermatch
