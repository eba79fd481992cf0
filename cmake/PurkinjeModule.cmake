# purkinje_add_module(<folder> [USES <folder>...] [LIBS <target>...])
#
# Builds src/<folder>/*.cpp into the static library purkinje_<folder>. USES names the other library
# folders this one may include (the design's table); LIBS the external targets. The include rule is
# checked again by tests/layering.cmake, which reads the #include lines themselves.

set(PURKINJE_WARNINGS -Wall -Wextra -Wpedantic -Werror)

function(purkinje_warnings target)
  target_compile_options(${target} PRIVATE ${PURKINJE_WARNINGS})
endfunction()

function(purkinje_add_module folder)
  cmake_parse_arguments(ARG "" "" "USES;LIBS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/src/${folder}/*.cpp")
  set(target purkinje_${folder})
  add_library(${target} STATIC ${sources})
  target_include_directories(${target} PUBLIC "${PROJECT_SOURCE_DIR}/include")
  target_compile_definitions(${target} PRIVATE
    PURKINJE_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    PURKINJE_VERSION="${PROJECT_VERSION}")
  purkinje_warnings(${target})
  foreach(use IN LISTS ARG_USES)
    target_link_libraries(${target} PUBLIC purkinje_${use})
  endforeach()
  target_link_libraries(${target} PUBLIC ${ARG_LIBS})
  set_target_properties(${target} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  set_property(GLOBAL APPEND PROPERTY PURKINJE_MODULE_USES "${folder}:${ARG_USES}")
endfunction()

# purkinje_add_test_suite(<name> SOURCES <files...> [LIBS <targets...>] [LABELS <labels...>])
# One doctest executable, each TEST_CASE registered with CTest as "<name>: <test case>".
function(purkinje_add_test_suite name)
  cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
  set(target purkinje_tests_${name})
  add_executable(${target} ${ARG_SOURCES} "${PROJECT_SOURCE_DIR}/tests/doctest_main.cpp")
  target_link_libraries(${target} PRIVATE ${ARG_LIBS} purkinje_test_support doctest::doctest)
  purkinje_warnings(${target})
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 300)
  endif()
  doctest_discover_tests(${target}
    TEST_PREFIX "${name}: "
    WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}"
    PROPERTIES LABELS "${name};${ARG_LABELS}" TIMEOUT ${ARG_TIMEOUT} SKIP_RETURN_CODE 77)
endfunction()
