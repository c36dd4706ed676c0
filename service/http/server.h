#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "service/http/message.h"
#include "service/http/metrics.h"

namespace fostermatch::http {

// Every limit of the server, named, with the defaults an operator gets without flags.
struct ServerLimits {
  static constexpr size_t kDefaultBodyLimit = 1 << 20;         // 1 MiB
  static constexpr size_t kDefaultImportBodyLimit = 64 << 20;  // CSV import: 64 MiB
  static constexpr uint32_t kDefaultHeaderLimit = 16 << 10;    // 16 KiB
  static constexpr int kDefaultMaxConnections = 1024;

  size_t body_limit = kDefaultBodyLimit;
  size_t import_body_limit = kDefaultImportBodyLimit;
  uint32_t header_limit = kDefaultHeaderLimit;
  // A request must arrive whole within this once its first byte has been read.
  std::chrono::seconds read_timeout{30};
  // A keep-alive connection with no request for this long is closed.
  std::chrono::seconds idle_timeout{60};
  // Responses must be written within this.
  std::chrono::seconds write_timeout{30};
  int max_connections = kDefaultMaxConnections;
  // On SIGINT/SIGTERM, in-flight requests get this long to finish.
  std::chrono::seconds shutdown_grace{10};
};

struct ServerOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;    // 0 = any free port (tests)
  int io_threads = 0;      // 0 = one per core
  int worker_threads = 4;  // run handlers (blocking database work); sized to the pool
  ServerLimits limits;
  // Requests to this path prefix get limits.import_body_limit instead of body_limit.
  std::string import_path = "/api/v1/trainings/import";
  // Where every response is counted; may be null.
  Metrics* metrics = nullptr;
};

// An HTTP/1.1 keep-alive server (Boost.Beast). Network I/O runs on `io_threads`; each request's
// handler runs on a separate worker pool, so a slow database call never stalls the network
// threads or other connections. One request per connection is handled at a time; pipelined
// requests wait in the connection's buffer (bounded by the header limit).
class Server final {
 public:
  // `handler` is called on a worker thread, concurrently for different connections.
  Server(ServerOptions options, std::function<Response(Request&)> handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens; throws std::runtime_error with a clear message if that fails.
  void Listen();
  // The bound port (after Listen).
  uint16_t port() const;
  // Serves until Stop() or SIGINT/SIGTERM (when `handle_signals`), then returns once in-flight
  // requests have finished or the grace period has passed.
  void Run(bool handle_signals);
  // Stops accepting and closes idle connections; thread-safe, may be called from any thread.
  void Stop();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fostermatch::http
