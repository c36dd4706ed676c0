#pragma once

// Where log lines go and how they look: stderr always (stdout carries a command's results, such
// as a new token); JSON, one object a line, when stderr is not a terminal (journald, a container
// runtime, a log shipper), the plain pattern when a person watches.

#include <string>
#include <string_view>

namespace fostermatch::cli {

// Replaces spdlog's default logger with one on stderr in `format`: "auto" (JSON unless stderr is
// a terminal), "json" or "plain". Call once, before logging.
void ConfigureLogging(const std::string& format);

// `message` as the inside of a JSON string: quotes, backslashes and control characters escaped;
// bytes of text that is not UTF-8 escaped one by one, so the line stays valid JSON.
std::string JsonEscape(std::string_view message);

}  // namespace fostermatch::cli
