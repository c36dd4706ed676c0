# Writes OUT: fostermatch::pages::PageAsset(name) returning the text of every file under DIR's
# templates/ and static/ folders by its relative path ("templates/layout.mustache"), so the
# binary serves its pages with no files at run time.
file(GLOB files RELATIVE "${DIR}" "${DIR}/templates/*.mustache" "${DIR}/static/*.css")
list(SORT files)
set(body "")
foreach(f IN LISTS files)
  file(READ "${DIR}/${f}" text)
  string(APPEND body "  if (name == \"${f}\") return R\"fmasset(${text})fmasset\";\n")
endforeach()
file(WRITE "${OUT}.tmp" "// Generated from ${DIR} by embed_assets.cmake. Do not edit.
#include <string_view>
namespace fostermatch::pages {
std::string_view PageAsset(std::string_view name) {
${body}  return {};
}
}  // namespace fostermatch::pages
")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
