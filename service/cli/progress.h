#pragma once

#include <chrono>
#include <string>

namespace fostermatch::cli {

// Reports progress of long work: a redrawn bar on a terminal (stderr), plain log lines at most
// every few seconds otherwise (cron, systemd, pipes).
class Progress final {
 public:
  Progress(std::string phase, size_t total);
  ~Progress();
  void Advance(size_t n = 1);
  void Set(size_t done);
  void Finish();

 private:
  void Draw(bool force);
  std::string phase_;
  size_t total_;
  size_t done_ = 0;
  bool tty_;
  bool finished_ = false;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace fostermatch::cli
