# Every third-party dependency is found here, from Debian's packages
# (tools/install_deps.sh installs them).
find_package(Boost 1.74 REQUIRED COMPONENTS program_options)
find_package(Eigen3 3.3 REQUIRED NO_MODULE)
find_package(yaml-cpp REQUIRED)
find_package(HDF5 REQUIRED COMPONENTS C)
find_package(fmt REQUIRED)
find_package(Threads REQUIRED)
# MPI (OpenMPI from Debian: libopenmpi-dev, openmpi-bin) distributes run,
# compare and sweep over ranks. Optional: without it innosim builds with a
# one-rank stub (app/mpi_runner_stub.cpp).
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
message(STATUS "innosim: Boost ${Boost_VERSION}, Eigen ${Eigen3_VERSION}, yaml-cpp ${yaml-cpp_VERSION}, HDF5 ${HDF5_VERSION}, fmt ${fmt_VERSION}")

# yaml-cpp 0.7 on Debian exports the target `yaml-cpp` without a namespace.
if(TARGET yaml-cpp AND NOT TARGET yaml-cpp::yaml-cpp)
  add_library(yaml-cpp::yaml-cpp ALIAS yaml-cpp)
endif()
