#include "service/storage/data_version_repository.h"

#include "service/storage/errors.h"

namespace fostermatch::storage {

uint64_t DataVersionRepository::Current() {
  return Translate("reading the data version", [&] {
    long long version = 0;
    s_ << "SELECT version FROM data_version WHERE id = 1", soci::into(version);
    return static_cast<uint64_t>(version);
  });
}

uint64_t DataVersionRepository::Bump() {
  Translate("moving the data version",
            [&] { s_ << "UPDATE data_version SET version = version + 1 WHERE id = 1"; });
  return Current();
}

}  // namespace fostermatch::storage
