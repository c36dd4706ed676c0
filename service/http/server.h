#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "service/http/message.h"
#include "service/http/metrics.h"
#include "service/http/request_class.h"

namespace fostermatch::http {

// Every limit of the server, named, with the defaults an operator gets without flags.
struct ServerLimits {
  static constexpr size_t kDefaultBodyLimit = 1 << 20;         // 1 MiB
  static constexpr size_t kDefaultImportBodyLimit = 64 << 20;  // CSV import: 64 MiB
  static constexpr uint32_t kDefaultHeaderLimit = 16 << 10;    // 16 KiB
  static constexpr int kDefaultMaxConnections = 1024;
  // One address may not take every slot (slowloris, a leaking client); a local reverse proxy
  // that connects from one address needs this raised.
  static constexpr int kDefaultMaxConnectionsPerClient = 64;
  // Bodies held in memory at once, across all requests: 4 imports at the import limit.
  static constexpr size_t kDefaultMaxBufferedBodyBytes = 256 << 20;
  // After refusing a request whose body was not read, read and discard this much of it so the
  // client, still sending, is not reset before it reads the refusal.
  static constexpr size_t kDefaultDrainLimit = 8 << 20;

  size_t body_limit = kDefaultBodyLimit;
  // The limit a head check grants the CSV import route (the server alone never applies it; see
  // ServerOptions::head_check).
  size_t import_body_limit = kDefaultImportBodyLimit;
  uint32_t header_limit = kDefaultHeaderLimit;
  // A request must arrive whole (header and body) within this once its first byte has been read;
  // a new connection must send its first byte within this too.
  std::chrono::seconds read_timeout{30};
  // A keep-alive connection with no request for this long is closed.
  std::chrono::seconds idle_timeout{60};
  // Responses must be written within this.
  std::chrono::seconds write_timeout{30};
  // Clamped at Listen() to what the process's file descriptor limit allows.
  int max_connections = kDefaultMaxConnections;
  // Connections from one client address; more get 503.
  int max_connections_per_client = kDefaultMaxConnectionsPerClient;
  // Request bodies buffered at once across all connections; beyond it requests get 503.
  size_t max_buffered_body_bytes = kDefaultMaxBufferedBodyBytes;
  size_t drain_limit = kDefaultDrainLimit;
  std::chrono::seconds drain_timeout{3};
  // On SIGINT/SIGTERM, in-flight requests get this long to finish.
  std::chrono::seconds shutdown_grace{10};
};

// Called on a worker thread (it may block on the database) with the request's head: method,
// path, query and headers filled, body empty. Called only for requests that carry a body.
using HeadCheck = std::function<HeadDecision(const Request& head)>;

// Called on a network thread with the request's head (body empty); must not block.
using Classifier = std::function<RequestClass(const Request& head)>;

struct ServerOptions {
  // A liveness probe has one thread of its own: it answers while every other one is busy.
  static constexpr int kProbeThreads = 1;

  std::string address = "127.0.0.1";
  uint16_t port = 8080;    // 0 = any free port (tests)
  int io_threads = 0;      // 0 = one per core
  int worker_threads = 4;  // run light handlers (blocking database work)
  // Heavy handlers (imports, batch runs, long lists, exports) run on threads of their own, so
  // they never hold a light request's thread; at most heavy_threads + heavy_queue of them are
  // admitted at once (running or waiting), more get 503 with Retry-After.
  int heavy_threads = 2;
  int heavy_queue = 8;
  // Decides each request's class from its head. Empty: every request is kLight.
  Classifier classify;
  ServerLimits limits;
  // Decides per request whether to read its body and up to what size (the CSV import's larger
  // limit, only for a caller allowed to import). Empty: limits.body_limit for every request.
  HeadCheck head_check;
  // Where every response is counted; may be null.
  Metrics* metrics = nullptr;

  // Handler threads of every class: what the database pool needs at least, one session each.
  int HandlerThreads() const { return worker_threads + heavy_threads + kProbeThreads; }
};

// What the server is doing, for tests and diagnostics.
struct ServerStats {
  int max_connections = 0;  // after clamping to the file descriptor limit
  int connections = 0;      // open client connections
  uint64_t accept_failures = 0;
  size_t buffered_body_bytes = 0;  // reserved for request bodies right now
  int heavy_admitted = 0;          // heavy requests admitted and not finished
  int heavy_waiting = 0;           // heavy requests handed to their threads, not yet started
  uint64_t dropped_requests = 0;   // never run: the client had gone before a thread was free
};

// An HTTP/1.1 keep-alive server (Boost.Beast). Network I/O runs on `io_threads`; each request's
// handler runs on a separate worker pool, so a slow database call never stalls the network
// threads or other connections. Each request class (ServerOptions::classify) has a pool of its
// own: heavy work never delays a light request or a probe. A request whose client has closed
// its connection by the time a thread is free for it is dropped, not run. One request per
// connection is handled at a time; pipelined requests wait in the connection's buffer (bounded
// by the header limit).
//
// Responses the server makes itself (400, 408, 413, 431, 503) are application/problem+json.
class Server final {
 public:
  // `handler` is called on a worker thread, concurrently for different connections. It must
  // outlive the Server; it is never called after Run() has returned.
  Server(ServerOptions options, std::function<Response(Request&)> handler);
  // Safe at any time after Run() has returned (or if it was never called): waits for handlers
  // still running on the worker pool, then closes every connection.
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Raises the soft file descriptor limit to the hard one, clamps max_connections below it,
  // binds and listens; throws std::runtime_error with a clear message if that fails.
  void Listen();
  // The bound port (after Listen).
  uint16_t port() const;
  // Serves until Stop() or SIGINT/SIGTERM (when `handle_signals`), then returns once in-flight
  // requests have finished or the grace period has passed (after waiting for handlers still
  // running, whose responses are then dropped).
  void Run(bool handle_signals);
  // Stops accepting and closes idle connections; thread-safe, may be called from any thread.
  void Stop();
  // Thread-safe.
  ServerStats stats() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fostermatch::http
