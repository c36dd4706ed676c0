#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>

#include "service/storage/data_version_repository.h"
#include "service/storage/database.h"

namespace fostermatch::usecases {

// How fresh this process's copies of the database are. Every committed change to cached data
// moves the database's data version forward (storage::DataVersionRepository); this watch knows
// the newest version the process has seen, and reads the database's at most once per interval,
// so that a change committed by another process (another server, the CLI) reaches this one's
// caches within about one interval. Thread-safe.
class DataVersionWatch final {
 public:
  DataVersionWatch(storage::Database& db, std::chrono::milliseconds interval);
  DataVersionWatch(const DataVersionWatch&) = delete;
  DataVersionWatch& operator=(const DataVersionWatch&) = delete;

  // The newest version known, read from the database first when the last read is older than the
  // interval. One caller reads at a time; the others get the known version without waiting.
  // Throws StorageError if the read fails.
  uint64_t Poll();
  // A version read from the database after this call began, recorded and returned: every change
  // committed before the call is in it. Callers arriving while a read is under way wait for the
  // next one and share it, so under load many requests cost one read (as a group commit shares
  // one fsync). Throws StorageError if the read fails.
  uint64_t ReadNow();
  // Records a version this process saw in a transaction of its own (a commit, a snapshot build).
  void Saw(uint64_t version);
  uint64_t Known() const { return known_.load(); }

 private:
  using SteadyClock = std::chrono::steady_clock;
  storage::Database& db_;
  const SteadyClock::duration interval_;
  std::atomic<uint64_t> known_{0};
  std::atomic<SteadyClock::rep> last_read_{0};  // steady-clock ticks of the last read's start
  std::mutex reading_;                          // held by the one caller reading

  // ReadNow's shared reads: reads are numbered as they start, one at a time.
  std::mutex fresh_mu_;
  std::condition_variable fresh_read_;  // a read ended
  bool fresh_reading_ = false;
  uint64_t reads_started_ = 0, reads_ended_ = 0;
  uint64_t last_read_version_ = 0;  // what read number `reads_ended_` returned

  // The reads go through a session of the watch's own with the statement prepared once.
  std::mutex own_session_mu_;
  std::unique_ptr<soci::session> own_session_;
  std::unique_ptr<storage::DataVersionReader> reader_;

  uint64_t ReadDatabase();
};

}  // namespace fostermatch::usecases
