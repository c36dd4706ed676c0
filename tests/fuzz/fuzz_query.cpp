// Query strings and cursors: ?limit=, integer and enum parameters, opaque cursors (round trip),
// and path ids.

#include "service/api/request.h"
#include "tests/fuzz/fuzz_support.h"

using namespace fostermatch;

namespace {

template <typename F>
void Check(F&& read) {
  try {
    read();
  } catch (const http::ApiError& e) {
    fuzz::CheckProblem(e);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  http::Request r;
  // "k=v&k=v" split as the server's URL parser would, bytes kept as they are (decoded already).
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('&', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view pair = text.substr(start, end - start);
    const size_t eq = pair.find('=');
    r.query.emplace_back(std::string(pair.substr(0, eq)),
                         eq == std::string_view::npos ? "" : std::string(pair.substr(eq + 1)));
    start = end + 1;
  }
  Check([&] {
    const int limit = api::QueryLimit(r, 50, 500);
    fuzz::Require(limit >= 1 && limit <= 500, "limit out of range");
  });
  Check([&] { api::QueryInt(r, "agency"); });
  Check([&] { api::QueryEnum<matching::ParentStatus>(r, "status"); });
  Check([&] { api::QueryEnum<matching::FosterType>(r, "type"); });
  Check([&] { api::QueryEnum<matching::NeedStatus>(r, "status"); });
  Check([&] {
    const int64_t position = api::QueryCursor(r);
    fuzz::Require(position >= 0, "negative cursor");
    http::Request again;
    again.query.emplace_back("cursor", api::EncodeCursor(position));
    fuzz::Require(api::QueryCursor(again) == position, "cursor does not round-trip");
  });
  Check([&] {
    http::Request p;
    p.path_params["id"] = std::string(text);
    fuzz::Require(api::PathId(p, "id", "need") > 0, "non-positive id");
  });
  return 0;
}
