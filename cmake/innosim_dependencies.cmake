# Every third-party dependency is found here, from Debian's packages
# (tools/install_deps.sh installs them).
find_package(Boost 1.74 REQUIRED COMPONENTS program_options)
find_package(Eigen3 3.3 REQUIRED NO_MODULE)
find_package(yaml-cpp REQUIRED)
find_package(HDF5 REQUIRED COMPONENTS C)
find_package(fmt REQUIRED)
find_package(Threads REQUIRED)
if(INNOSIM_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(INNOSIM_BUILD_BENCH)
  find_package(benchmark QUIET)
endif()
message(STATUS "innosim: Boost ${Boost_VERSION}, Eigen ${Eigen3_VERSION}, yaml-cpp ${yaml-cpp_VERSION}, HDF5 ${HDF5_VERSION}, fmt ${fmt_VERSION}")

# yaml-cpp 0.7 on Debian exports the target `yaml-cpp` without a namespace.
if(TARGET yaml-cpp AND NOT TARGET yaml-cpp::yaml-cpp)
  add_library(yaml-cpp::yaml-cpp ALIAS yaml-cpp)
endif()
