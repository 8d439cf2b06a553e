# Installs the build tree's `dev` component into a scratch prefix, then
# configures, builds and runs tests/cmake_consumer against it.
# Variables: BUILD_DIR, SOURCE_DIR, WORK_DIR, QUICKSTART_SOURCE.
file(REMOVE_RECURSE ${WORK_DIR})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${WORK_DIR}/prefix
                        --component dev COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK_DIR}/build -G Ninja
                        -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix
                        -DQUICKSTART_SOURCE=${QUICKSTART_SOURCE} COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK_DIR}/build COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND ${WORK_DIR}/build/consumer ${WORK_DIR}/p.thematica
                OUTPUT_VARIABLE out COMMAND_ERROR_IS_FATAL ANY)
if(NOT out STREQUAL "bridge\n")
  message(FATAL_ERROR "consumer printed '${out}', expected 'bridge'")
endif()
execute_process(COMMAND ${WORK_DIR}/build/quickstart WORKING_DIRECTORY ${WORK_DIR}
                OUTPUT_VARIABLE out COMMAND_ERROR_IS_FATAL ANY)
if(NOT out STREQUAL "be my voice\n1 document\n")
  message(FATAL_ERROR "quickstart printed '${out}'")
endif()
message(STATUS "find_package(thematica) consumer and README quick start work")
