# Every dependency comes from Debian 12's archive. A missing one stops the configure step with the
# name of the package that provides it (scripts/install-deps.sh installs them all).

function(purkinje_require found what debian_package)
  if(NOT ${found})
    message(FATAL_ERROR
      "Purkinje needs ${what}, which was not found.\n"
      "Install it with:  apt-get install ${debian_package}\n"
      "(or run scripts/install-deps.sh as root, which installs every build dependency)")
  endif()
endfunction()

find_package(PkgConfig QUIET)
purkinje_require(PkgConfig_FOUND "pkg-config" "pkg-config")

find_package(Threads REQUIRED)

find_package(Eigen3 3.4 QUIET NO_MODULE)
purkinje_require(Eigen3_FOUND "Eigen 3.4" "libeigen3-dev")

find_package(OpenCV 4.6 QUIET COMPONENTS core imgproc imgcodecs videoio calib3d features2d objdetect aruco)
purkinje_require(OpenCV_FOUND "OpenCV 4.6 with the aruco contrib module" "libopencv-dev libopencv-contrib-dev")

find_package(Ceres 2.1 QUIET)
purkinje_require(Ceres_FOUND "Ceres Solver 2.1" "libceres-dev")

find_package(SQLite3 QUIET)
purkinje_require(SQLite3_FOUND "SQLite 3" "libsqlite3-dev")
find_package(SQLiteCpp QUIET)
purkinje_require(SQLiteCpp_FOUND "SQLiteCpp" "libsqlitecpp-dev")

find_package(nlohmann_json 3 QUIET)
purkinje_require(nlohmann_json_FOUND "nlohmann-json" "nlohmann-json3-dev")

find_package(CLI11 QUIET)
if(NOT CLI11_FOUND)
  find_path(CLI11_INCLUDE_DIR CLI/CLI.hpp)
  if(CLI11_INCLUDE_DIR)
    set(CLI11_FOUND TRUE)
    add_library(CLI11::CLI11 INTERFACE IMPORTED)
    target_include_directories(CLI11::CLI11 INTERFACE "${CLI11_INCLUDE_DIR}")
  endif()
endif()
purkinje_require(CLI11_FOUND "CLI11" "libcli11-dev")

find_package(pugixml QUIET)
purkinje_require(pugixml_FOUND "pugixml" "libpugixml-dev")

find_package(fmt QUIET)
purkinje_require(fmt_FOUND "fmt" "libfmt-dev")

pkg_check_modules(CAIRO QUIET IMPORTED_TARGET cairo)
purkinje_require(CAIRO_FOUND "cairo" "libcairo2-dev")

if(PURKINJE_BUILD_APP)
  pkg_check_modules(IMGUI QUIET IMPORTED_TARGET imgui)
  purkinje_require(IMGUI_FOUND "Dear ImGui 1.86" "libimgui-dev")
  find_package(glfw3 3.3 QUIET)
  purkinje_require(glfw3_FOUND "GLFW 3.3" "libglfw3-dev")
  find_package(OpenGL QUIET)
  purkinje_require(OpenGL_FOUND "OpenGL" "libgl-dev")
endif()

if(PURKINJE_BUILD_TESTS)
  find_package(doctest QUIET)
  purkinje_require(doctest_FOUND "doctest" "doctest-dev")
endif()

if(PURKINJE_BUILD_BENCH)
  find_package(benchmark QUIET)
  purkinje_require(benchmark_FOUND "Google Benchmark" "libbenchmark-dev")
endif()
