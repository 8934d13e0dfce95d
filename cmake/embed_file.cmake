# Build-time script: turns one text file into a C++ source defining
#   std::string_view <NAMESPACE>::<FUNCTION>()
# that returns the file's content. Invoked with -DIN=... -DOUT=... -DNAMESPACE=... -DFUNCTION=...
# -DHEADER=... (the header that declares the function).
file(READ "${IN}" content)
string(FIND "${content}" ")mamon_embed\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${IN} contains the raw-string delimiter )mamon_embed\"")
endif()
file(WRITE "${OUT}.tmp" "// Generated from ${IN} by cmake/embed_file.cmake. Do not edit.
#include \"${HEADER}\"

namespace ${NAMESPACE} {

std::string_view ${FUNCTION}() {
  static constexpr char kContent[] = R\"mamon_embed(${content})mamon_embed\";
  return std::string_view(kContent, sizeof(kContent) - 1);
}

}  // namespace ${NAMESPACE}
")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${OUT}.tmp" "${OUT}")
