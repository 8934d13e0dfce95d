# Build-time script: turns src/storage/migrations/<backend>/NNNN_name.sql into a C++ source that
# defines the migration list per backend. Invoked with -DSRC_DIR=... -DOUT=...
foreach(backend sqlite postgres)
  file(GLOB files "${SRC_DIR}/${backend}/*.sql")
  list(SORT files)
  set(entries "")
  foreach(f ${files})
    get_filename_component(name "${f}" NAME_WE)
    string(REGEX MATCH "^[0-9]+" version "${name}")
    # "0008" would be an (invalid) octal literal in C++: drop the leading zeros.
    math(EXPR version "${version}")
    file(READ "${f}" sql)
    string(APPEND entries "  {${version}, \"${name}\", R\"mamon_sql(${sql})mamon_sql\"},\n")
  endforeach()
  set(list_${backend} "${entries}")
endforeach()
file(WRITE "${OUT}.tmp" "// Generated from src/storage/migrations/*/*.sql by cmake/embed_migrations.cmake. Do not edit.
#include \"storage/migrations.h\"

namespace mamon::storage {

const std::vector<Migration>& sqlite_migrations() {
  static const std::vector<Migration> list = {
${list_sqlite}  };
  return list;
}

const std::vector<Migration>& postgres_migrations() {
  static const std::vector<Migration> list = {
${list_postgres}  };
  return list;
}

}  // namespace mamon::storage
")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${OUT}.tmp" "${OUT}")
