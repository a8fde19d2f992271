# Every third-party dependency is found here, from Debian's packages
# (tools/install_deps.sh installs them).
find_package(Boost 1.74 REQUIRED COMPONENTS program_options)
find_package(Eigen3 3.3 REQUIRED NO_MODULE)
find_package(yaml-cpp REQUIRED)
find_package(HDF5 REQUIRED COMPONENTS C)
find_package(fmt REQUIRED)
# NLopt's C++ build (Debian: libnlopt-cxx-dev): the calibration's local,
# derivative-free optimisers (BOBYQA, Nelder-Mead, Sbplx, COBYLA).
# Debian installs the C build's config (libnlopt-dev, .../cmake/nlopt) and the
# C++ build's (.../cmake/nlopt_cxx) under the same package name; ask for the latter.
find_path(INNOSIM_NLOPT_CXX_DIR NLoptConfig.cmake
  PATH_SUFFIXES lib/${CMAKE_LIBRARY_ARCHITECTURE}/cmake/nlopt_cxx lib/cmake/nlopt_cxx lib64/cmake/nlopt_cxx)
if(INNOSIM_NLOPT_CXX_DIR)
  find_package(NLopt CONFIG REQUIRED PATHS ${INNOSIM_NLOPT_CXX_DIR} NO_DEFAULT_PATH)
endif()
if(NOT TARGET NLopt::nlopt_cxx)
  message(FATAL_ERROR "NLopt was found (${NLopt_DIR}) but not its C++ library NLopt::nlopt_cxx: install libnlopt-cxx-dev "
                      "(tools/install_deps.sh)")
endif()
find_package(Threads REQUIRED)
# MPI (OpenMPI from Debian: libopenmpi-dev, openmpi-bin) distributes run,
# compare and sweep over ranks. Optional: without it innosim builds with a
# one-rank stub (experiments/src/mpi_runner_stub.cpp).
find_package(MPI COMPONENTS C QUIET)
option(INNOSIM_USE_MPI "Distribute run, compare and sweep over MPI ranks (needs MPI's C API)" ${MPI_C_FOUND})
if(INNOSIM_USE_MPI AND NOT MPI_C_FOUND)
  message(FATAL_ERROR "INNOSIM_USE_MPI is ON but no MPI was found: install libopenmpi-dev and openmpi-bin "
                      "(tools/install_deps.sh), or configure with -DINNOSIM_USE_MPI=OFF")
endif()
if(INNOSIM_USE_MPI)
  message(STATUS "innosim: MPI ${MPI_C_VERSION} (${MPI_C_LIBRARIES}), mpiexec ${MPIEXEC_EXECUTABLE}")
else()
  message(STATUS "innosim: without MPI (one rank)")
endif()
if(INNOSIM_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(INNOSIM_BUILD_BENCH)
  find_package(benchmark QUIET)
endif()
message(STATUS "innosim: Boost ${Boost_VERSION}, Eigen ${Eigen3_VERSION}, yaml-cpp ${yaml-cpp_VERSION}, HDF5 ${HDF5_VERSION}, fmt ${fmt_VERSION}, NLopt ${NLOPT_VERSION}")

# yaml-cpp 0.7 on Debian exports the target `yaml-cpp` without a namespace.
if(TARGET yaml-cpp AND NOT TARGET yaml-cpp::yaml-cpp)
  add_library(yaml-cpp::yaml-cpp ALIAS yaml-cpp)
endif()
