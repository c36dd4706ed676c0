#include "service/http/server.h"

#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <utility>

#include "service/http/problem.h"
#include "service/http/request_head.h"

namespace fostermatch::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

// File descriptors kept free of client connections: the listener, the io_context's own, log
// files, connections being refused (the database pool adds two per worker on top).
constexpr rlim_t kReservedDescriptors = 64;
// Accepting fails while the process is out of descriptors; wait this long before trying again
// rather than spinning on a listener that stays readable.
constexpr auto kAcceptBackoff = std::chrono::milliseconds(100);
// "accept failed" is logged at most this often, with how many failures it stands for.
constexpr auto kAcceptLogInterval = std::chrono::seconds(5);
// Connections being refused (503) at once; beyond this they are closed without an answer.
constexpr int kMaxRefusing = 64;
// How much is read at a time while waiting for a request's first byte or draining.
constexpr size_t kReadChunk = 16 << 10;
// Fields a request may carry at most once: two Authorization headers would let two components
// see two identities; two Hosts or Content-Types, two readings of one request.
constexpr std::array<std::string_view, 3> kSingletonFields = {"authorization", "host",
                                                              "content-type"};
// What a 503 tells the client to wait: a moment when the server is full, longer when its heavy
// share is (an import or a batch run takes seconds).
constexpr std::string_view kBusyRetryAfter = "1";
constexpr std::string_view kHeavyRetryAfter = "5";

// 503 problem+json with Retry-After.
Response Busy(std::string detail, std::string_view retry_after = kBusyRetryAfter) {
  Response r = ProblemResponse(ApiError(503, std::move(detail)));
  r.headers.emplace_back("Retry-After", std::string(retry_after));
  return r;
}

// How much lower heavy handlers run than the rest (nice 10: about a tenth of the CPU share when
// both want it).
constexpr int kHeavyNice = 10;

// The threads of one request class. Work is handed over under a lock, so `waiting` counts
// exactly what has been handed over and not yet started.
class Lane final {
 public:
  // `capacity`: requests admitted at once, running or waiting; 0 = no bound. `nice`: how much
  // lower than the process's the lane's threads are scheduled (Linux's per-thread nice).
  Lane(int threads, int capacity, int nice = 0)
      : pool_(static_cast<size_t>(std::max(1, threads))), capacity_(capacity), nice_(nice) {}

  // Takes a place in the lane; false if it is full.
  bool TryAdmit() {
    if (capacity_ == 0) return true;
    int now = admitted_.load();
    do {
      if (now >= capacity_) return false;
    } while (!admitted_.compare_exchange_weak(now, now + 1));
    return true;
  }
  void Release() {
    if (capacity_ != 0) --admitted_;
  }

  template <typename F>
  void Post(F&& work) {
    std::lock_guard lock(mu_);
    ++waiting_;
    asio::post(pool_, [this, work = std::forward<F>(work)]() mutable {
      {
        std::lock_guard started(mu_);
        --waiting_;
      }
      LowerThisThread();
      work();
    });
  }

  int admitted() const { return admitted_.load(); }
  int waiting() const {
    std::lock_guard lock(mu_);
    return waiting_;
  }
  asio::thread_pool& pool() { return pool_; }
  void Join() { pool_.join(); }

 private:
  // Once per thread: on Linux a thread's nice value is its own.
  void LowerThisThread() const {
    static thread_local bool lowered = false;
    if (nice_ == 0 || std::exchange(lowered, true)) return;
    if (setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), nice_) != 0) {
      spdlog::warn("could not lower a heavy thread's priority: {}", std::strerror(errno));
    }
  }

  asio::thread_pool pool_;
  const int capacity_;
  const int nice_;
  std::atomic<int> admitted_{0};
  mutable std::mutex mu_;
  int waiting_ = 0;
};

std::string ToLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decodes a path, except that an encoded "/" stays "%2F": "/needs%2F5" names one
// segment, and must not route as "/needs/5".
std::string DecodePath(std::string_view encoded) {
  std::string out;
  out.reserve(encoded.size());
  for (size_t i = 0; i < encoded.size(); ++i) {
    if (encoded[i] == '%' && i + 2 < encoded.size() && HexValue(encoded[i + 1]) >= 0 &&
        HexValue(encoded[i + 2]) >= 0) {
      const char c = static_cast<char>(HexValue(encoded[i + 1]) * 16 + HexValue(encoded[i + 2]));
      out += c == '/' ? std::string_view("%2F") : std::string_view(&c, 1);
      i += 2;
    } else {
      out += encoded[i];
    }
  }
  return out;
}

// A path as the access log shows it: controls, spaces, quotes, backslashes and non-ASCII bytes
// percent-encoded, so a "%0a" in a request cannot start a forged log line.
std::string LogSafe(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c >= 0x7f || c == '"' || c == '\\') {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    } else {
      out += ch;
    }
  }
  return out;
}

// RFC 9112 section 6: the only transfer coding we accept is a lone "chunked", and never with a
// Content-Length; anything else is refused rather than read as "no body" (request smuggling).
// Returns what is wrong, or nullopt.
std::optional<std::string> HeaderFramingProblem(const bhttp::request<bhttp::string_body>& header) {
  int transfer_encodings = 0;
  bool chunked_only = true;
  std::array<int, kSingletonFields.size()> seen{};
  for (const auto& field : header) {
    if (field.name() == bhttp::field::transfer_encoding) {
      ++transfer_encodings;
      chunked_only = chunked_only && beast::iequals(Trim(field.value()), "chunked");
    }
    for (size_t i = 0; i < kSingletonFields.size(); ++i) {
      if (beast::iequals(field.name_string(), kSingletonFields[i]) && ++seen[i] > 1) {
        return "the header field " + std::string(kSingletonFields[i]) + " appears more than once";
      }
    }
  }
  if (transfer_encodings > 0 && header.count(bhttp::field::content_length) > 0) {
    return "a request may not carry both Content-Length and Transfer-Encoding";
  }
  if (transfer_encodings > 1 || !chunked_only) {
    return "the only supported Transfer-Encoding is chunked";
  }
  return std::nullopt;
}

// The transport-free Request for a parsed header (body still empty); ApiError 400 for a bad
// target.
Request HeadOf(const bhttp::request<bhttp::string_body>& in, bool loopback,
               const std::string& remote_address) {
  Request r;
  r.remote_address = remote_address;
  r.method = std::string(in.method_string());
  auto url = boost::urls::parse_origin_form(in.target());
  if (!url) throw ApiError::BadRequest("the request target is not a valid path");
  r.path = DecodePath(url->encoded_path());
  for (const auto& p : url->params()) r.query.emplace_back(p.key, p.value);
  for (const auto& field : in) {
    r.headers[ToLower(field.name_string())] = std::string(field.value());
  }
  // A local reverse proxy connects from loopback on behalf of someone else.
  r.from_loopback = loopback && !r.headers.contains("x-forwarded-for") &&
                    !r.headers.contains("forwarded") && !r.headers.contains("x-real-ip");
  return r;
}

bool OutOfDescriptors(const beast::error_code& ec) {
  if (ec.category() != boost::system::system_category()) return false;
  const int v = ec.value();
  return v == EMFILE || v == ENFILE || v == ENOBUFS || v == ENOMEM;
}

// Raises the soft RLIMIT_NOFILE to the hard limit; returns the soft limit in force afterwards.
rlim_t RaiseFileLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return RLIM_INFINITY;
  if (limit.rlim_cur != limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    // An infinite hard limit is refused for descriptors; the kernel's ceiling is nr_open.
    if (raised.rlim_cur == RLIM_INFINITY) raised.rlim_cur = 1 << 20;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) {
      limit = raised;
    } else {
      spdlog::warn("cannot raise the open file limit from {} to {}: {}", limit.rlim_cur,
                   raised.rlim_cur, std::strerror(errno));
    }
  }
  return limit.rlim_cur;
}

}  // namespace

Request RequestHead(const bhttp::request<bhttp::string_body>& header, bool loopback) {
  return HeadOf(header, loopback, loopback ? "127.0.0.1" : "");
}

std::optional<std::string> FramingProblem(const bhttp::request<bhttp::string_body>& header) {
  return HeaderFramingProblem(header);
}

class Server::Impl {
 public:
  class Session;

  Impl(ServerOptions options, std::function<Response(Request&)> handler)
      : options_(std::move(options)),
        handler_(std::move(handler)),
        io_threads_(options_.io_threads > 0 ? options_.io_threads
                                            : std::max(1u, std::thread::hardware_concurrency())),
        max_connections_(options_.limits.max_connections),
        ioc_(io_threads_),
        acceptor_(asio::make_strand(ioc_)),
        grace_timer_(acceptor_.get_executor()),
        accept_timer_(acceptor_.get_executor()),
        light_(options_.worker_threads, 0),
        // Below the probes and light reads on the CPU too, not only in their own queue.
        heavy_(options_.heavy_threads,
               std::max(1, options_.heavy_threads) + std::max(0, options_.heavy_queue), kHeavyNice),
        probe_(ServerOptions::kProbeThreads, 0) {}

  // Run() has returned or never ran. Handlers still running finish first; then the members are
  // destroyed in reverse order: the I/O objects, then the io_context, whose destruction drops
  // queued completions and with them the last references to sessions, whose destructors use
  // the registry and counters declared before it (so those are still alive).
  ~Impl() {
    destroying_ = true;
    ioc_.stop();
    JoinLanes();
    // A held response's completion posts to the io_context and refers to its session: both
    // must outlive it. Whoever started the hold promised to complete it (commit or fail).
    std::unique_lock lock(holds_mu_);
    holds_done_.wait(lock, [this] { return holds_ == 0; });
  }

  void Listen() {
    ClampConnections(RaiseFileLimit());
    beast::error_code ec;
    const auto address = asio::ip::make_address(options_.address, ec);
    if (ec) throw std::runtime_error("invalid listen address " + options_.address);
    const tcp::endpoint endpoint(address, options_.port);
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      throw std::runtime_error("cannot listen on " + options_.address + ":" +
                               std::to_string(options_.port) + ": " + ec.message());
    }
    port_ = acceptor_.local_endpoint().port();
  }

  void Run(bool handle_signals) {
    if (handle_signals) {
      signals_.emplace(ioc_, SIGINT, SIGTERM);
      signals_->async_wait([this](beast::error_code ec, int signal) {
        if (ec) return;
        spdlog::info("signal {}: stopping; in-flight requests get {}s", signal,
                     options_.limits.shutdown_grace.count());
        Stop();
      });
    }
    DoAccept();
    std::vector<std::thread> threads;
    for (int i = 1; i < io_threads_; ++i) threads.emplace_back([this] { ioc_.run(); });
    ioc_.run();
    for (auto& t : threads) t.join();
    // Handlers still running past the grace period finish their database work before exit;
    // the responses they queue are never written (the io_context has stopped).
    JoinLanes();
  }

  void Stop() {
    asio::post(acceptor_.get_executor(), [this] {
      if (stopping_.exchange(true)) return;
      beast::error_code ec;
      acceptor_.close(ec);
      accept_timer_.cancel();
      if (signals_) signals_->cancel();
      grace_timer_.expires_after(options_.limits.shutdown_grace);
      grace_timer_.async_wait([this](beast::error_code ec) {
        if (!ec) {
          spdlog::warn("shutdown grace period over; closing remaining connections");
          ioc_.stop();
        }
      });
      StopSessions();
      MaybeFinishShutdown();
    });
  }

  uint16_t port() const { return port_; }

  ServerStats stats() const {
    return {max_connections_,  connections_.load(), accept_failures_.load(), buffered_.load(),
            heavy_.admitted(), heavy_.waiting(),    dropped_.load()};
  }

  // Called by sessions.
  const ServerOptions& options() const { return options_; }
  bool stopping() const { return stopping_; }
  RequestClass Classify(const Request& head) const {
    return options_.classify ? options_.classify(head) : RequestClass::kLight;
  }
  Lane& LaneFor(RequestClass c) {
    switch (c) {
      case RequestClass::kHeavy:
        return heavy_;
      case RequestClass::kProbe:
        return probe_;
      case RequestClass::kLight:
        break;
    }
    return light_;
  }
  void CountDropped() { ++dropped_; }
  // A response waits for its hold (Response::hold); the server is not destroyed meanwhile.
  void HoldStarted() {
    std::lock_guard lock(holds_mu_);
    ++holds_;
  }
  void HoldFinished() {
    std::lock_guard lock(holds_mu_);
    // Notified under the lock: once ~Impl sees zero, this thread touches the server no more.
    if (--holds_ == 0) holds_done_.notify_all();
  }
  Response Handle(Request& r) { return handler_(r); }
  void Register(Session* s, std::weak_ptr<Session> w) {
    std::lock_guard lock(sessions_mu_);
    sessions_[s] = std::move(w);
  }
  struct Slot {
    std::string client;    // the peer's address
    bool counted = false;  // holds a connection slot (false: being refused)
    bool evicted = false;  // closed by EvictIdle, which counted it in evicting_
  };
  void Unregister(Session* s, const Slot& slot) {
    {
      std::lock_guard lock(sessions_mu_);
      sessions_.erase(s);
      if (slot.counted) {
        auto it = per_client_.find(slot.client);
        if (it != per_client_.end() && --it->second <= 0) per_client_.erase(it);
      }
    }
    if (slot.counted) --connections_;
    if (!slot.counted) --refusing_;
    if (slot.evicted) --evicting_;
    if (stopping_ && !destroying_) {
      asio::post(acceptor_.get_executor(), [this] { MaybeFinishShutdown(); });
    }
  }
  // Reserves room for a request body in the server-wide budget; false if it does not fit.
  bool ReserveBody(size_t bytes) {
    size_t now = buffered_.load();
    do {
      if (bytes > options_.limits.max_buffered_body_bytes ||
          now > options_.limits.max_buffered_body_bytes - bytes) {
        return false;
      }
    } while (!buffered_.compare_exchange_weak(now, now + bytes));
    return true;
  }
  void ReleaseBody(size_t bytes) { buffered_ -= bytes; }

 private:
  void ClampConnections(rlim_t descriptors) {
    if (descriptors == RLIM_INFINITY) return;
    const rlim_t reserved =
        kReservedDescriptors + 2 * static_cast<rlim_t>(options_.HandlerThreads());
    const int allowed = descriptors > reserved + 1
                            ? static_cast<int>(std::min<rlim_t>(descriptors - reserved, 1 << 30))
                            : 1;
    if (max_connections_ > allowed) {
      spdlog::warn(
          "max connections lowered from {} to {}: the open file limit is {} (raise LimitNOFILE)",
          max_connections_, allowed, descriptors);
      max_connections_ = allowed;
    }
  }
  void DoAccept();
  void OnAcceptError(const beast::error_code& ec);
  void Admit(tcp::socket socket);
  bool EvictIdle();
  void StopSessions();
  void MaybeFinishShutdown() {
    std::lock_guard lock(sessions_mu_);
    if (sessions_.empty()) grace_timer_.cancel();
  }
  void JoinLanes() {
    light_.Join();
    heavy_.Join();
    probe_.Join();
  }

  ServerOptions options_;
  std::function<Response(Request&)> handler_;
  int io_threads_;
  int max_connections_;
  uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> destroying_{false};
  std::atomic<int> connections_{0};
  std::atomic<int> refusing_{0};
  std::atomic<int> evicting_{0};
  std::atomic<uint64_t> accept_failures_{0};
  std::atomic<size_t> buffered_{0};
  std::atomic<uint64_t> dropped_{0};
  // On the acceptor's strand only.
  std::chrono::steady_clock::time_point last_accept_log_{};
  uint64_t unlogged_accept_failures_ = 0;
  std::mutex sessions_mu_;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions_;
  std::unordered_map<std::string, int> per_client_;  // open connections by client address
  std::mutex holds_mu_;
  std::condition_variable holds_done_;
  int holds_ = 0;  // responses waiting for their hold
  // Everything above outlives the io_context (see ~Impl).
  asio::io_context ioc_;
  tcp::acceptor acceptor_;
  asio::steady_timer grace_timer_;
  asio::steady_timer accept_timer_;
  std::optional<asio::signal_set> signals_;  // created by Run when it handles signals
  Lane light_;
  Lane heavy_;
  Lane probe_;

  friend class Session;
};

// One connection: reads a request header, lets the head check decide whether and how much of
// the body to read (so an oversized or unauthorised body is refused before it is read), hands
// the request to a worker, writes the response.
class Server::Impl::Session : public std::enable_shared_from_this<Session> {
 public:
  // `refusal`: answer 503 with this detail and close (a connection over a limit).
  Session(tcp::socket&& socket, Impl& server, const tcp::endpoint& remote, Slot slot,
          std::optional<std::string> refusal)
      : stream_(std::move(socket)),
        server_(server),
        slot_(std::move(slot)),
        refusal_(std::move(refusal)),
        loopback_(remote.address().is_loopback()),
        remote_address_(remote.address().to_string()) {
    if (auto* m = server_.options().metrics) m->ConnectionOpened();
  }
  ~Session() {
    if (auto* m = server_.options().metrics) m->ConnectionClosed();
    server_.ReleaseBody(reserved_);
    ReleaseLane();
    slot_.evicted = evicted_;
    server_.Unregister(this, slot_);
  }

  void Start() {
    server_.Register(this, weak_from_this());
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      if (self->refusal_) return self->Refuse(Busy(*self->refusal_));
      self->ReadRequest();
    });
  }

  // Runs on the session's strand: closes an idle connection now; a busy one closes after its
  // response (keep-alive is switched off while stopping).
  void OnServerStop() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      if (!self->busy_) self->Close();
    });
  }

  // Called from the acceptor when every slot is taken: closes this connection if it is waiting
  // for its next keep-alive request. True if it will close.
  bool TryEvict() {
    if (!idle_.exchange(false)) return false;
    evicted_ = true;
    ++server_.evicting_;
    asio::post(stream_.get_executor(), [self = shared_from_this()] { self->Close(); });
    return true;
  }

 private:
  const ServerLimits& limits() const { return server_.options().limits; }

  void ReadRequest() {
    if (server_.stopping()) return Close();
    parser_.emplace();
    parser_->header_limit(limits().header_limit);
    // The body limit is decided once the header is read (OnHeader); until then Beast must not
    // refuse a Content-Length by its own default.
    parser_->body_limit(boost::none);
    head_ = {};
    log_path_ = "-";
    method_ = "-";
    if (buffer_.size() > 0) return ReadHeader();  // a pipelined request is already here
    // Between requests a kept-alive connection may wait idle_timeout; a new one must start its
    // request within read_timeout, so saying nothing does not hold a slot for long.
    idle_ = served_ > 0;
    stream_.expires_after(served_ > 0 ? limits().idle_timeout : limits().read_timeout);
    stream_.async_read_some(buffer_.prepare(kReadChunk),
                            beast::bind_front_handler(&Session::OnFirstBytes, shared_from_this()));
  }

  void OnFirstBytes(beast::error_code ec, size_t n) {
    idle_ = false;
    if (ec) return OnReadError(ec);
    buffer_.commit(n);
    ReadHeader();
  }

  void ReadHeader() {
    started_ = std::chrono::steady_clock::now();
    // From its first byte, the whole request (header, head check, body) gets read_timeout: a
    // header sent a byte at a time cannot hold the connection for the idle timeout.
    stream_.expires_after(limits().read_timeout);
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             beast::bind_front_handler(&Session::OnHeader, shared_from_this()));
  }

  void OnHeader(beast::error_code ec, size_t) {
    if (ec) return OnReadError(ec);
    busy_ = true;
    const auto& header = parser_->get();
    method_ = std::string(header.method_string());
    keep_alive_ = header.keep_alive();
    if (auto problem = HeaderFramingProblem(header)) return Refuse(400, std::move(*problem));
    try {
      head_ = HeadOf(header, loopback_, remote_address_);
    } catch (const ApiError& e) {
      return Refuse(e.status(), e.what());
    }
    log_path_ = LogSafe(head_.path);
    request_class_ = server_.Classify(head_);
    if (parser_->is_done()) {  // no body
      if (!Admit()) return Refuse(HeavyBusy());
      return Dispatch();
    }
    if (!server_.options().head_check) return OnDecision({});
    // The check may block on the database: run it on a light worker (it is short, whatever the
    // request's class), then continue on our strand.
    asio::post(server_.LaneFor(RequestClass::kLight).pool(), [self = shared_from_this()] {
      HeadDecision decision;
      try {
        decision = self->server_.options().head_check(self->head_);
      } catch (const ApiError& e) {
        decision.reject = ProblemResponse(e);
      } catch (const std::exception& e) {
        spdlog::error("head check failed for {} {}: {}", self->method_, self->log_path_, e.what());
        decision.reject = ProblemResponse(ApiError(500, "internal error; it has been logged"));
      }
      asio::post(self->stream_.get_executor(), [self, decision = std::move(decision)]() mutable {
        self->OnDecision(std::move(decision));
      });
    });
  }

  void OnDecision(HeadDecision decision) {
    if (decision.reject) return Refuse(std::move(*decision.reject));
    // Admitted only once the head check has passed, so a caller who may not import never takes
    // a place in the heavy share; admitted before the body is read, so a full share refuses a
    // large upload before reading it.
    if (!Admit()) return Refuse(HeavyBusy());
    const size_t limit = decision.body_limit.value_or(limits().body_limit);
    const auto length = parser_->content_length();
    if (length && *length > limit) {
      return Refuse(
          413, "the request body is larger than the limit of " + std::to_string(limit) + " bytes");
    }
    // A chunked body may grow to the limit: reserve that much.
    const size_t reserve = length ? static_cast<size_t>(*length) : limit;
    if (!server_.ReserveBody(reserve)) return Refuse(Busy("the server is busy; try again shortly"));
    reserved_ = reserve;
    parser_->body_limit(limit);
    if (beast::iequals(parser_->get()[bhttp::field::expect], "100-continue")) {
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      return asio::async_write(stream_, asio::buffer(kContinue),
                               [self = shared_from_this()](beast::error_code ec, size_t) {
                                 if (ec) return self->Close();
                                 self->ReadBody();
                               });
    }
    ReadBody();
  }

  void ReadBody() {
    bhttp::async_read(stream_, buffer_, *parser_,
                      beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

  void OnReadError(beast::error_code ec) {
    if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout ||
        ec == asio::error::operation_aborted || ec == asio::error::connection_reset ||
        ec == asio::error::eof) {
      return Close();
    }
    if (ec == bhttp::error::header_limit) {
      return Refuse(431, "the request headers are larger than the limit");
    }
    if (ec == bhttp::error::body_limit) {
      return Refuse(413, "the request body is larger than the limit");
    }
    return Refuse(400, "the request is not valid HTTP/1.1: " + ec.message());
  }

  void OnRead(beast::error_code ec, size_t) {
    if (ec) return OnReadError(ec);
    head_.body = std::move(parser_->get().body());
    Dispatch();
  }

  // Takes a place in the request's lane; false if the lane is full.
  bool Admit() {
    Lane& lane = server_.LaneFor(request_class_);
    if (!lane.TryAdmit()) return false;
    admitted_ = &lane;
    return true;
  }

  // Gives the lane place back; safe to call more than once, from any thread.
  void ReleaseLane() {
    if (Lane* lane = admitted_.exchange(nullptr)) lane->Release();
  }

  static Response HeavyBusy() {
    return Busy(
        "the server is busy with heavy work (imports, batch runs, exports); try again later",
        kHeavyRetryAfter);
  }

  // The handler may block on the database: run it on a worker of the request's class, then
  // write from our strand.
  void Dispatch() {
    server_.LaneFor(request_class_).Post([self = shared_from_this()] { self->RunHandler(); });
  }

  // On a worker. The connection does nothing else while its request waits here, so reading the
  // socket's state from this thread is safe.
  void RunHandler() {
    if (ClientGone()) {
      ReleaseLane();
      server_.CountDropped();
      spdlog::info("{} {} dropped: the client left before it was run", method_, log_path_);
      return asio::post(stream_.get_executor(), [self = shared_from_this()] { self->Close(); });
    }
    Response response;
    try {
      response = server_.Handle(head_);
    } catch (const ApiError& e) {
      response = ProblemResponse(e);
    } catch (const std::exception& e) {
      spdlog::error("unhandled error for {} {}: {}", method_, log_path_, e.what());
      response = ProblemResponse(ApiError(500, "internal error; it has been logged"));
    }
    ReleaseLane();
    if (response.hold) return AwaitHold(std::move(response));
    asio::post(stream_.get_executor(),
               [self = shared_from_this(), response = std::move(response)]() mutable {
                 self->Write(std::move(response));
               });
  }

  // On a worker, after the handler: starts what the response waits for (its reads' audit
  // commit) and frees the thread; the response is written from our strand once that is done, or
  // the hold's failure response instead. The connection reads nothing meanwhile (busy_), so a
  // server stop waits for it, and a client that leaves only makes the write fail.
  void AwaitHold(Response response) {
    const std::shared_ptr<ResponseHold> hold = std::move(response.hold);
    auto held = std::make_shared<Response>(std::move(response));
    auto answered = std::make_shared<std::atomic<bool>>(false);
    server_.HoldStarted();
    // Copies of `done` may be destroyed on any thread, late: the one called hands its session
    // reference to the strand, so no copy outlives the server holding one.
    std::function<void(bool)> done = [self = shared_from_this(), hold, held,
                                      answered](bool ok) mutable {
      if (answered->exchange(true) || !self) return;
      Impl& server = self->server_;
      {
        // Scoped: this copy of the strand must be gone before HoldFinished lets ~Impl destroy
        // the io_context and its strands (ASan caught it released after, on this thread).
        auto executor = self->stream_.get_executor();
        Response out = ok ? std::move(*held) : hold->failure();
        asio::post(executor, [self = std::move(self), out = std::move(out)]() mutable {
          self->Write(std::move(out));
        });
      }
      server.HoldFinished();
    };
    try {
      hold->start(done);
    } catch (const std::exception& e) {
      spdlog::error("{} {}: what its response waits for did not start: {}", method_, log_path_,
                    e.what());
      done(false);  // nothing if start had already called it
    }
  }

  // True if the client has closed or reset the connection: nobody would read the response, and
  // work it asked for and never saw acknowledged need not be done. A client that only shut down
  // its sending side counts as gone too (as nginx judges it). Peeking consumes nothing, so a
  // pipelined request stays for the next read.
  bool ClientGone() {
    char byte = 0;
    const ssize_t n = ::recv(stream_.socket().native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    if (n >= 0) return n == 0;
    return errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR;
  }

  void Refuse(int status, std::string detail) {
    Refuse(ProblemResponse(ApiError(status, std::move(detail))));
  }

  // Answers without reading (the rest of) the body, then drains and closes.
  void Refuse(Response response) {
    ReleaseLane();
    busy_ = true;
    keep_alive_ = false;
    drain_ = true;
    if (started_ == std::chrono::steady_clock::time_point{}) {
      started_ = std::chrono::steady_clock::now();
    }
    Write(std::move(response));
  }

  void Write(Response response) {
    auto out = std::make_shared<bhttp::response<bhttp::string_body>>(
        static_cast<bhttp::status>(response.status), 11);
    out->set(bhttp::field::server, "fostermatch");
    out->set(bhttp::field::content_type, response.content_type);
    out->set(bhttp::field::cache_control, "no-store");
    out->set("X-Content-Type-Options", "nosniff");
    for (auto& [name, value] : response.headers) {
      // Set-Cookie is the one header that may not be folded into one line (RFC 6265): each
      // cookie gets its own.
      if (beast::iequals(name, "Set-Cookie")) {
        out->insert(name, value);
      } else {
        out->set(name, value);
      }
    }
    out->body() = std::move(response.body);
    out->keep_alive(keep_alive_ && !server_.stopping());
    out->prepare_payload();
    const auto elapsed =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started_);
    if (auto* m = server_.options().metrics) m->Record(response.status, elapsed.count() / 1000);
    // Method, path, status, duration: never the query, a header or the body (tokens, children).
    spdlog::info("{} {} {} {:.1f}ms", method_, log_path_, response.status, elapsed.count());
    stream_.expires_after(limits().write_timeout);
    bhttp::async_write(stream_, *out,
                       [self = shared_from_this(), out](beast::error_code ec, size_t) {
                         self->busy_ = false;
                         self->head_ = {};
                         self->server_.ReleaseBody(self->reserved_);
                         self->reserved_ = 0;
                         self->started_ = {};
                         if (!ec && self->drain_) return self->Drain();
                         if (ec || !out->keep_alive()) return self->Close();
                         ++self->served_;
                         self->ReadRequest();
                       });
  }

  // After a refusal the client may still be sending the body we did not read. Closing now would
  // reset the connection and could destroy our answer before the client reads it; instead end
  // our side, then read and discard until the client closes, up to a bound of bytes and time.
  void Drain() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return Close();
    drained_ = buffer_.size();
    buffer_.clear();
    stream_.expires_after(limits().drain_timeout);
    DrainSome();
  }

  void DrainSome() {
    if (drained_ >= limits().drain_limit) return Close();
    stream_.async_read_some(buffer_.prepare(kReadChunk),
                            [self = shared_from_this()](beast::error_code ec, size_t n) {
                              self->drained_ += n;
                              if (ec) return self->Close();
                              self->DrainSome();
                            });
  }

  void Close() {
    idle_ = false;
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.close();
  }

  beast::tcp_stream stream_;
  Impl& server_;
  Slot slot_;
  std::optional<std::string> refusal_;
  bool loopback_;
  std::string remote_address_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  Request head_;              // the request being handled (its body once read)
  std::string method_ = "-";  // for the access log
  std::string log_path_ = "-";
  bool keep_alive_ = true;
  bool busy_ = false;    // a request is being handled: a stop lets it finish
  bool drain_ = false;   // after the response: drain, then close
  size_t reserved_ = 0;  // bytes of the server's body budget held by this request
  size_t drained_ = 0;
  int served_ = 0;                 // responses written on this connection
  std::atomic<bool> idle_{false};  // waiting for the next keep-alive request
  std::atomic<bool> evicted_{false};
  std::chrono::steady_clock::time_point started_{};
  RequestClass request_class_ = RequestClass::kLight;
  std::atomic<Lane*> admitted_{nullptr};  // the lane this request holds a place in
};

void Server::Impl::DoAccept() {
  acceptor_.async_accept(asio::make_strand(ioc_), [this](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      if (ec == asio::error::operation_aborted || stopping_) return;
      OnAcceptError(ec);
      if (OutOfDescriptors(ec)) {
        // The pending connection stays in the backlog and the listener stays readable: trying
        // again at once would spin. Wait for descriptors to be freed.
        accept_timer_.expires_after(kAcceptBackoff);
        accept_timer_.async_wait([this](beast::error_code ec) {
          if (!ec && !stopping_) DoAccept();
        });
        return;
      }
      return DoAccept();
    }
    Admit(std::move(socket));
    DoAccept();
  });
}

void Server::Impl::OnAcceptError(const beast::error_code& ec) {
  ++accept_failures_;
  ++unlogged_accept_failures_;
  const auto now = std::chrono::steady_clock::now();
  if (last_accept_log_ == std::chrono::steady_clock::time_point{} ||
      now - last_accept_log_ >= kAcceptLogInterval) {
    spdlog::warn("accept failed: {} ({} time(s) since the last report){}", ec.message(),
                 unlogged_accept_failures_, OutOfDescriptors(ec) ? "; backing off" : "");
    last_accept_log_ = now;
    unlogged_accept_failures_ = 0;
  }
}

void Server::Impl::Admit(tcp::socket socket) {
  beast::error_code ec;
  const tcp::endpoint remote = socket.remote_endpoint(ec);
  if (ec) return;  // already gone; the socket closes here
  Slot slot{remote.address().to_string(), true, false};
  std::optional<std::string> refusal;
  {
    std::lock_guard lock(sessions_mu_);
    auto it = per_client_.find(slot.client);
    if (it != per_client_.end() && it->second >= options_.limits.max_connections_per_client) {
      refusal = "too many connections from one address";
    }
  }
  // Every slot taken: a connection waiting for its next keep-alive request gives way first.
  if (!refusal && connections_ - evicting_ >= max_connections_ && !EvictIdle()) {
    refusal = "the server is at its connection limit";
  }
  if (refusal) {
    // Refused with a 503 (its own short-lived session, not holding a slot), unless too many
    // are being refused already.
    if (refusing_ >= kMaxRefusing) return;
    ++refusing_;
    slot.counted = false;
  } else {
    std::lock_guard lock(sessions_mu_);
    ++per_client_[slot.client];
    ++connections_;
  }
  std::make_shared<Session>(std::move(socket), *this, remote, std::move(slot), std::move(refusal))
      ->Start();
}

bool Server::Impl::EvictIdle() {
  // Collected under the lock, released outside it: a session's destructor takes the lock.
  std::vector<std::shared_ptr<Session>> live;
  {
    std::lock_guard lock(sessions_mu_);
    live.reserve(sessions_.size());
    for (auto& [ptr, weak] : sessions_) {
      if (auto s = weak.lock()) live.push_back(std::move(s));
    }
  }
  for (auto& s : live) {
    if (s->TryEvict()) return true;
  }
  return false;
}

void Server::Impl::StopSessions() {
  std::vector<std::shared_ptr<Session>> live;
  {
    std::lock_guard lock(sessions_mu_);
    for (auto& [ptr, weak] : sessions_) {
      if (auto s = weak.lock()) live.push_back(std::move(s));
    }
  }
  for (auto& s : live) s->OnServerStop();
}

Server::Server(ServerOptions options, std::function<Response(Request&)> handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}
Server::~Server() = default;
void Server::Listen() { impl_->Listen(); }
uint16_t Server::port() const { return impl_->port(); }
void Server::Run(bool handle_signals) { impl_->Run(handle_signals); }
void Server::Stop() { impl_->Stop(); }
ServerStats Server::stats() const { return impl_->stats(); }

}  // namespace fostermatch::http
