#include "service/cli/progress.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdio>

namespace fostermatch::cli {

Progress::Progress(std::string phase, size_t total)
    : phase_(std::move(phase)), total_(total), tty_(isatty(STDERR_FILENO) != 0) {
  if (!tty_) spdlog::info("{}: 0/{}", phase_, total_);
  last_draw_ = std::chrono::steady_clock::now();
}

Progress::~Progress() { Finish(); }

void Progress::Advance(size_t n) {
  done_ += n;
  Draw(false);
}

void Progress::Set(size_t done) {
  done_ = done;
  Draw(false);
}

void Progress::Finish() {
  if (finished_) return;
  finished_ = true;
  done_ = total_;
  Draw(true);
  if (tty_) std::fputc('\n', stderr);
}

void Progress::Draw(bool force) {
  const auto now = std::chrono::steady_clock::now();
  const auto interval = tty_ ? std::chrono::milliseconds(100) : std::chrono::milliseconds(5000);
  if (!force && now - last_draw_ < interval) return;
  last_draw_ = now;
  if (!tty_) {
    spdlog::info("{}: {}/{}", phase_, done_, total_);
    return;
  }
  constexpr int kWidth = 30;
  const double fraction = total_ == 0 ? 1.0 : static_cast<double>(done_) / total_;
  const int filled = static_cast<int>(fraction * kWidth);
  std::fprintf(stderr, "\r%-24s [%s%s] %zu/%zu", phase_.c_str(), std::string(filled, '#').c_str(),
               std::string(kWidth - filled, '.').c_str(), done_, total_);
  std::fflush(stderr);
}

}  // namespace fostermatch::cli
