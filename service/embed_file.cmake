# Writes OUT: a C++ function FUNCTION() in namespace fostermatch returning the text of IN.
file(READ "${IN}" text)
file(WRITE "${OUT}.tmp" "// Generated from ${IN} by embed_file.cmake. Do not edit.
#include <string_view>
namespace fostermatch {
std::string_view ${FUNCTION}() {
  return R\"fmtext(${text})fmtext\";
}
}  // namespace fostermatch
")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
