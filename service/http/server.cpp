#include "service/http/server.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

#include "service/http/problem.h"

namespace fostermatch::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

std::string ToLower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Turns a Beast request into the transport-free Request; throws ApiError 400 for a bad target.
Request ToRequest(const bhttp::request<bhttp::string_body>& in, bool loopback) {
  Request r;
  r.method = std::string(in.method_string());
  auto url = boost::urls::parse_origin_form(in.target());
  if (!url) throw ApiError::BadRequest("the request target is not a valid path");
  r.path = url->path();
  for (const auto& p : url->params()) r.query.emplace_back(p.key, p.value);
  for (const auto& field : in) {
    r.headers[ToLower(std::string(field.name_string()))] = std::string(field.value());
  }
  r.body = in.body();
  r.from_loopback = loopback;
  return r;
}

}  // namespace

class Server::Impl {
 public:
  class Session;

  Impl(ServerOptions options, std::function<Response(Request&)> handler)
      : options_(std::move(options)),
        handler_(std::move(handler)),
        io_threads_(options_.io_threads > 0 ? options_.io_threads
                                            : std::max(1u, std::thread::hardware_concurrency())),
        ioc_(io_threads_),
        acceptor_(asio::make_strand(ioc_)),
        workers_(static_cast<size_t>(std::max(1, options_.worker_threads))),
        grace_timer_(ioc_) {}

  void Listen() {
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
    // Handlers still running past the grace period finish their database work before exit.
    workers_.join();
  }

  void Stop() {
    asio::post(acceptor_.get_executor(), [this] {
      if (stopping_.exchange(true)) return;
      beast::error_code ec;
      acceptor_.close(ec);
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

  // Called by sessions.
  const ServerOptions& options() const { return options_; }
  bool stopping() const { return stopping_; }
  asio::thread_pool& workers() { return workers_; }
  Response Handle(Request& r) { return handler_(r); }
  void Register(Session* s, std::weak_ptr<Session> w) {
    std::lock_guard lock(sessions_mu_);
    sessions_[s] = std::move(w);
  }
  void Unregister(Session* s) {
    {
      std::lock_guard lock(sessions_mu_);
      sessions_.erase(s);
    }
    --connections_;
    if (stopping_) asio::post(acceptor_.get_executor(), [this] { MaybeFinishShutdown(); });
  }

 private:
  void DoAccept();
  void StopSessions();
  void MaybeFinishShutdown() {
    std::lock_guard lock(sessions_mu_);
    if (sessions_.empty()) grace_timer_.cancel();
  }

  ServerOptions options_;
  std::function<Response(Request&)> handler_;
  int io_threads_;
  asio::io_context ioc_;
  tcp::acceptor acceptor_;
  asio::thread_pool workers_;
  asio::steady_timer grace_timer_;
  std::optional<asio::signal_set> signals_;  // created by Run when it handles signals
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0};
  uint16_t port_ = 0;
  std::mutex sessions_mu_;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions_;

  friend class Session;
};

// One connection: reads a request (header first, so the body limit can depend on the path and
// an oversized body is refused before it is read), hands it to a worker, writes the response.
class Server::Impl::Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, Impl& server) : stream_(std::move(socket)), server_(server) {
    beast::error_code ec;
    const auto remote = stream_.socket().remote_endpoint(ec);
    loopback_ = !ec && remote.address().is_loopback();
    if (auto* m = server_.options().metrics) m->ConnectionOpened();
  }
  ~Session() {
    if (auto* m = server_.options().metrics) m->ConnectionClosed();
    server_.Unregister(this);
  }

  void Start() {
    server_.Register(this, weak_from_this());
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->ReadHeader(); });
  }

  // Runs on the session's strand: closes an idle connection now; a busy one closes after its
  // response (keep-alive is switched off while stopping).
  void OnServerStop() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      if (!self->busy_) {
        beast::error_code ec;
        self->stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
        self->stream_.close();
      }
    });
  }

 private:
  const ServerLimits& limits() const { return server_.options().limits; }

  void ReadHeader() {
    if (server_.stopping()) return Close();
    parser_.emplace();
    parser_->header_limit(limits().header_limit);
    parser_->body_limit(limits().body_limit);
    stream_.expires_after(limits().idle_timeout);
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             beast::bind_front_handler(&Session::OnHeader, shared_from_this()));
  }

  void OnHeader(beast::error_code ec, size_t) {
    if (ec) return OnReadError(ec);
    started_ = std::chrono::steady_clock::now();
    const auto& header = parser_->get();
    const bool import = header.target().starts_with(server_.options().import_path);
    const size_t limit = import ? limits().import_body_limit : limits().body_limit;
    parser_->body_limit(limit);
    if (auto length = parser_->content_length(); length && *length > limit) {
      return RejectAndClose(
          413, "the request body is larger than the limit of " + std::to_string(limit) + " bytes");
    }
    stream_.expires_after(limits().read_timeout);
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
      return RejectAndClose(431, "the request headers are larger than the limit");
    }
    if (ec == bhttp::error::body_limit) {
      return RejectAndClose(413, "the request body is larger than the limit");
    }
    return RejectAndClose(400, "the request is not valid HTTP/1.1: " + ec.message());
  }

  void OnRead(beast::error_code ec, size_t) {
    if (ec) return OnReadError(ec);
    busy_ = true;
    request_ = parser_->release();
    keep_alive_ = request_.keep_alive();
    // The handler may block on the database: run it on a worker, then write from our strand.
    asio::post(server_.workers(), [self = shared_from_this()] {
      Response response;
      Request request;
      try {
        request = ToRequest(self->request_, self->loopback_);
        response = self->server_.Handle(request);
      } catch (const ApiError& e) {
        response = ProblemResponse(e);
      } catch (const std::exception& e) {
        spdlog::error("unhandled error for {} {}: {}", request.method, request.path, e.what());
        response = ProblemResponse(ApiError(500, "internal error; it has been logged"));
      }
      asio::post(self->stream_.get_executor(),
                 [self, response = std::move(response), path = std::move(request.path)]() mutable {
                   self->Write(std::move(response), path);
                 });
    });
  }

  void RejectAndClose(int status, std::string detail) {
    keep_alive_ = false;
    started_ = std::chrono::steady_clock::now();
    Write(ProblemResponse(ApiError(status, std::move(detail))), "-");
  }

  void Write(Response response, const std::string& path) {
    auto out = std::make_shared<bhttp::response<bhttp::string_body>>(
        static_cast<bhttp::status>(response.status), 11);
    out->set(bhttp::field::server, "fostermatch");
    out->set(bhttp::field::content_type, response.content_type);
    out->set(bhttp::field::cache_control, "no-store");
    out->set("X-Content-Type-Options", "nosniff");
    for (auto& [name, value] : response.headers) out->set(name, value);
    out->body() = std::move(response.body);
    out->keep_alive(keep_alive_ && !server_.stopping());
    out->prepare_payload();
    const auto elapsed =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started_);
    if (auto* m = server_.options().metrics) m->Record(response.status, elapsed.count() / 1000);
    // Method, path, status, duration: never the query, a header or the body (tokens, children).
    spdlog::info("{} {} {} {:.1f}ms",
                 request_.method_string().empty() ? std::string_view("-")
                                                  : std::string_view(request_.method_string()),
                 path, response.status, elapsed.count());
    stream_.expires_after(limits().write_timeout);
    bhttp::async_write(stream_, *out,
                       [self = shared_from_this(), out](beast::error_code ec, size_t) {
                         self->busy_ = false;
                         if (ec || !out->keep_alive()) return self->Close();
                         self->request_ = {};
                         self->ReadHeader();
                       });
  }

  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.close();
  }

  beast::tcp_stream stream_;
  Impl& server_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  bhttp::request<bhttp::string_body> request_;
  bool keep_alive_ = true;
  bool busy_ = false;
  bool loopback_ = false;
  std::chrono::steady_clock::time_point started_;
};

void Server::Impl::DoAccept() {
  acceptor_.async_accept(asio::make_strand(ioc_), [this](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      if (ec == asio::error::operation_aborted || stopping_) return;
      spdlog::warn("accept failed: {}", ec.message());
      return DoAccept();
    }
    if (++connections_ > options_.limits.max_connections) {
      // Over the limit: refuse at once rather than queue work we cannot serve.
      --connections_;
      beast::error_code ignored;
      static constexpr std::string_view kBusy =
          "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
      asio::write(socket, asio::buffer(kBusy), ignored);
      socket.close(ignored);
    } else {
      std::make_shared<Session>(std::move(socket), *this)->Start();
    }
    DoAccept();
  });
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

}  // namespace fostermatch::http
