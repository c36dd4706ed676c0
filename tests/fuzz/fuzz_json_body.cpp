// The JSON request bodies: ParseJsonObject (syntax, depth, UTF-8, repeated keys) and every
// resource decoder over what it accepts.

#include "service/api/json_fields.h"
#include "service/api/resource_codec.h"
#include "tests/fuzz/fuzz_support.h"

using namespace fostermatch;

namespace {

template <typename F>
void Decode(F&& decode) {
  try {
    decode();
  } catch (const ValidationError& e) {
    fuzz::CheckValidation(e);
  } catch (const http::ApiError& e) {
    fuzz::CheckProblem(e);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  boost::json::object object;
  try {
    object = api::ParseJsonObject(body);
  } catch (const http::ApiError& e) {
    fuzz::CheckProblem(e);
    return 0;
  }
  fuzz::Require(matching::IsValidUtf8(boost::json::serialize(object)), "accepted non-UTF-8", body);
  for (bool create : {true, false}) {
    Decode([&] { api::DecodeFosterParentChanges(object, create); });
    Decode([&] { api::DecodeNeedChanges(object, create); });
    Decode([&] { api::DecodeAgencyChanges(object, create); });
  }
  Decode([&] {
    const matching::Training t = api::DecodeTraining(object, 1);
    fuzz::Require(t.completed_on.InRange(), "a training date out of range was accepted");
    fuzz::Require(!matching::HasControlCharacters(t.provider), "a control character was accepted");
  });
  Decode([&] { api::DecodeRegion(object); });
  return 0;
}
