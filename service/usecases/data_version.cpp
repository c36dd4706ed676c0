#include "service/usecases/data_version.h"

#include "service/storage/data_version_repository.h"

namespace fostermatch::usecases {

DataVersionWatch::DataVersionWatch(storage::Database& db, std::chrono::milliseconds interval)
    : db_(db), interval_(interval) {}

uint64_t DataVersionWatch::Poll() {
  const auto due = [&](SteadyClock::rep now) {
    return known_.load() == 0 || SteadyClock::duration(now - last_read_.load()) >= interval_;
  };
  const SteadyClock::rep now = SteadyClock::now().time_since_epoch().count();
  if (!due(now)) return known_.load();
  std::unique_lock lock(reading_, std::try_to_lock);
  // Someone else is reading, or has just read: their answer is as fresh as ours would be.
  if (!lock.owns_lock() || !due(now)) return known_.load();
  ReadDatabase();
  return known_.load();
}

uint64_t DataVersionWatch::ReadNow() {
  std::unique_lock lock(fresh_mu_);
  // Any read numbered from `wanted` on starts after this call began.
  const uint64_t wanted = reads_started_ + 1;
  for (;;) {
    if (reads_ended_ >= wanted) return last_read_version_;
    if (!fresh_reading_) break;
    fresh_read_.wait(lock);
  }
  fresh_reading_ = true;
  const uint64_t number = ++reads_started_;
  lock.unlock();
  uint64_t version = 0;
  try {
    version = ReadDatabase();
  } catch (...) {
    // The waiters try a read of their own.
    lock.lock();
    fresh_reading_ = false;
    fresh_read_.notify_all();
    throw;
  }
  lock.lock();
  fresh_reading_ = false;
  reads_ended_ = number;
  last_read_version_ = version;
  fresh_read_.notify_all();
  return version;
}

uint64_t DataVersionWatch::ReadDatabase() {
  std::lock_guard lock(own_session_mu_);
  // Stamped before the read: a change committed during the read is caught by the next one.
  last_read_.store(SteadyClock::now().time_since_epoch().count());
  uint64_t version = 0;
  try {
    if (!reader_) {
      own_session_ = db_.OpenOwnSession();
      reader_ = std::make_unique<storage::DataVersionReader>(*own_session_);
    }
    version = reader_->Read();
  } catch (...) {
    // A broken connection is opened again by the next read.
    reader_.reset();
    own_session_.reset();
    throw;
  }
  Saw(version);
  return version;
}

void DataVersionWatch::Saw(uint64_t version) {
  uint64_t known = known_.load();
  while (known < version && !known_.compare_exchange_weak(known, version)) {
  }
}

}  // namespace fostermatch::usecases
