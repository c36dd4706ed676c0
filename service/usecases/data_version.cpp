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
  ReadNow();
  return known_.load();
}

uint64_t DataVersionWatch::ReadNow() {
  // Stamped before the read: a change committed during the read is caught by the next one.
  last_read_.store(SteadyClock::now().time_since_epoch().count());
  storage::Database::Lease lease = db_.Acquire();
  const uint64_t version = storage::DataVersionRepository(lease.session()).Current();
  Saw(version);
  return version;
}

void DataVersionWatch::Saw(uint64_t version) {
  uint64_t known = known_.load();
  while (known < version && !known_.compare_exchange_weak(known, version)) {
  }
}

}  // namespace fostermatch::usecases
