# Third-party libraries the library links privately, from Debian's packages:
#   pugixml (REFI-QDA XML), libzip (.qdpx archives), RE2 (text search).
# libzip and RE2 come through pkg-config: Debian's libzip CMake config names
# tool binaries that live in other packages (zipcmp, …) and fails without them.
find_package(pugixml REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(LIBZIP REQUIRED IMPORTED_TARGET libzip)
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)
target_link_libraries(thematica_analysis PRIVATE PkgConfig::RE2)
target_link_libraries(thematica_refi PRIVATE pugixml::pugixml PkgConfig::LIBZIP)
target_link_libraries(thematica_import PRIVATE pugixml::pugixml PkgConfig::LIBZIP PkgConfig::RE2)
# find_dependency names for the installed package config.
set(THEMATICA_EXTRA_DEPENDENCIES "pugixml")
