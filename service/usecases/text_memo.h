#pragma once

// Inside the use-case layer: a text a front door writes once of an immutable result.

#include <mutex>
#include <string>

namespace fostermatch::usecases {

// `encode()` the first time (any caller's: every caller must encode the same way, e.g. the
// API's JSON of the result), the same text afterwards. Throws what `encode` throws, and then
// keeps nothing. Thread-safe.
class TextMemo final {
 public:
  TextMemo() = default;
  TextMemo(const TextMemo&) = delete;
  TextMemo& operator=(const TextMemo&) = delete;

  template <typename Encode>
  const std::string& Get(Encode&& encode) const {
    std::call_once(once_, [&] { text_ = encode(); });
    return text_;
  }

 private:
  mutable std::once_flag once_;
  mutable std::string text_;
};

}  // namespace fostermatch::usecases
