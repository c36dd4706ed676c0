#pragma once

// Checks on text as the system receives it: UTF-8 validity, control characters, and the
// Shift_JIS (CP932) files Japanese spreadsheets save by default.

#include <cstddef>
#include <string>
#include <string_view>

namespace fostermatch::matching {

// True if `text` is well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, at most
// U+10FFFF).
bool IsValidUtf8(std::string_view text);

// `text` with every ill-formed UTF-8 sequence replaced by U+FFFD, cut to at most `max_bytes`
// bytes (on a character boundary, "…" appended when cut). For quoting input back to a client:
// the result is always valid UTF-8, so JSON that carries it is valid JSON.
std::string ToValidUtf8(std::string_view text, size_t max_bytes = 200);

// True if `text` is not valid UTF-8 but reads as Shift_JIS/CP932: every byte of 0x80 and above
// is a double-byte pair (lead 0x81-0x9F or 0xE0-0xFC, trail 0x40-0x7E or 0x80-0xFC) or a
// half-width katakana (0xA1-0xDF), with at least one pair.
bool LooksLikeShiftJis(std::string_view text);

// True if `text` holds a NUL or another C0 control character other than tab, LF and CR (which
// PostgreSQL refuses or which have no place in a record's text).
bool HasControlCharacters(std::string_view text);

}  // namespace fostermatch::matching
