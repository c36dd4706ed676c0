# Writes OUT: a C++ function NAMESPACE::FUNCTION() returning the text of IN, so the binary
# carries its data and needs no files at run time.
if(NOT NAMESPACE)
  set(NAMESPACE fostermatch)
endif()
file(READ "${IN}" text)
file(WRITE "${OUT}.tmp" "// Generated from ${IN} by embed_file.cmake. Do not edit.
#include <string_view>
namespace ${NAMESPACE} {
std::string_view ${FUNCTION}() {
  return R\"fmtext(${text})fmtext\";
}
}  // namespace ${NAMESPACE}
")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
