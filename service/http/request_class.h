#pragma once

namespace fostermatch::http {

// How the server schedules a request's handler. Each class has its own threads, so work of one
// class never queues behind another's (ServerOptions says how many). A route's class is
// registered with the route (Router::Add).
enum class RequestClass {
  kLight,  // by-id reads, small writes, pages: the default
  kHeavy,  // imports, batch runs, long lists, exports: a bounded share; beyond it 503
  kProbe,  // liveness (/healthz): never waits for a thread other work can hold
};

}  // namespace fostermatch::http
