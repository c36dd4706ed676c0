// Routing: any method and path against every route of the API; a refusal (404, 405) must render
// as valid JSON whatever bytes the path held.

#include "tests/fuzz/fuzz_support.h"

using namespace fostermatch;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const char* const kMethods[] = {"GET", "POST", "PATCH", "PUT", "DELETE", "HEAD"};
  http::Request r;
  r.method = data[0] < 6 * 40 ? kMethods[data[0] % 6] : std::string(1, static_cast<char>(data[0]));
  r.path.assign(reinterpret_cast<const char*>(data) + 1, size - 1);
  try {
    fuzz::ApiRouter().Dispatch(r);
  } catch (const http::ApiError& e) {
    fuzz::CheckProblem(e);
  }
  return 0;
}
