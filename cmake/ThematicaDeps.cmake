# Third-party libraries the library links privately, from Debian's packages:
#   pugixml (REFI-QDA XML), libzip (.qdpx archives), RE2 (text search).
# THEMATICA_EXTRA_DEPENDENCIES names them for the installed package config.
find_package(pugixml REQUIRED)
find_package(libzip REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)
target_link_libraries(thematica PRIVATE pugixml::pugixml libzip::zip PkgConfig::RE2)
set(THEMATICA_EXTRA_DEPENDENCIES "pugixml libzip")
