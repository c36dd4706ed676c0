#include "matching/text.h"

#include <algorithm>
#include <cstdint>

namespace fostermatch::matching {
namespace {

// The length of the well-formed UTF-8 sequence at the start of `s`, or 0 if it is ill-formed
// (the table of RFC 3629 section 4).
size_t SequenceLength(std::string_view s) {
  const auto b = [&](size_t i) { return static_cast<uint8_t>(s[i]); };
  const uint8_t c = b(0);
  if (c < 0x80) return 1;
  auto trail = [&](size_t i, uint8_t lo = 0x80, uint8_t hi = 0xBF) {
    return i < s.size() && b(i) >= lo && b(i) <= hi;
  };
  if (c >= 0xC2 && c <= 0xDF) return trail(1) ? 2 : 0;
  if (c == 0xE0) return trail(1, 0xA0) && trail(2) ? 3 : 0;
  if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) return trail(1) && trail(2) ? 3 : 0;
  if (c == 0xED) return trail(1, 0x80, 0x9F) && trail(2) ? 3 : 0;  // no surrogates
  if (c == 0xF0) return trail(1, 0x90) && trail(2) && trail(3) ? 4 : 0;
  if (c >= 0xF1 && c <= 0xF3) return trail(1) && trail(2) && trail(3) ? 4 : 0;
  if (c == 0xF4) return trail(1, 0x80, 0x8F) && trail(2) && trail(3) ? 4 : 0;
  return 0;
}

}  // namespace

bool IsValidUtf8(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const size_t n = SequenceLength(text.substr(i));
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string ToValidUtf8(std::string_view text, size_t max_bytes) {
  static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
  static constexpr std::string_view kEllipsis = "\xE2\x80\xA6";     // U+2026
  std::string out;
  out.reserve(std::min(text.size(), max_bytes) + kEllipsis.size());
  for (size_t i = 0; i < text.size();) {
    const size_t n = SequenceLength(text.substr(i));
    const std::string_view piece = n == 0 ? kReplacement : text.substr(i, n);
    if (out.size() + piece.size() > max_bytes) {
      out += kEllipsis;
      return out;
    }
    out += piece;
    i += n == 0 ? 1 : n;
  }
  return out;
}

bool LooksLikeShiftJis(std::string_view text) {
  if (IsValidUtf8(text)) return false;
  bool pair_seen = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<uint8_t>(text[i]);
    if (c < 0x80 || (c >= 0xA1 && c <= 0xDF)) continue;  // ASCII, half-width katakana
    const bool lead = (c >= 0x81 && c <= 0x9F) || (c >= 0xE0 && c <= 0xFC);
    if (!lead || i + 1 >= text.size()) return false;
    const auto t = static_cast<uint8_t>(text[i + 1]);
    if (!((t >= 0x40 && t <= 0x7E) || (t >= 0x80 && t <= 0xFC))) return false;
    pair_seen = true;
    ++i;
  }
  return pair_seen;
}

bool HasControlCharacters(std::string_view text) {
  for (char ch : text) {
    const auto c = static_cast<uint8_t>(ch);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return true;
  }
  return false;
}

}  // namespace fostermatch::matching
