# innosim_experiments_subset(target source...): a static library of the named
# sources of innosim::experiments (file names without .cpp), for the
# sanitizer trees of CI (tests/ci.cmake). Their executables reach a few of
# the library's 40-odd sources, and everything a tree compiles under a
# sanitizer costs CI time, whether or not it is linked (the analyses alone,
# msm.cpp's Eigen among them, took 180 CPU-seconds under the sanitizers).
# Each list is what its executables reach, read off the linker's map
# (-Wl,-Map) of a build against the whole library. If the code comes to call
# a source not listed, the tree fails to link, naming the symbol: add its
# source to the list. Included from tests/experiments.cmake (the ThreadSanitizer
# pool test) and tests/fuzz/CMakeLists.txt (the fuzz targets).
function(innosim_experiments_subset target)
  if(TARGET ${target})
    return()
  endif()
  get_target_property(_exp_dir innosim_experiments SOURCE_DIR)
  set(_sources ${ARGN})
  list(TRANSFORM _sources PREPEND ${_exp_dir}/src/)
  list(TRANSFORM _sources APPEND .cpp)
  add_library(${target} STATIC ${_sources})
  target_include_directories(${target} PUBLIC ${_exp_dir}/include PRIVATE ${_exp_dir}/src)
  target_link_libraries(${target} PUBLIC innosim::engine innosim::scenario innosim::output innosim::model
    Threads::Threads fmt::fmt Eigen3::Eigen PRIVATE yaml-cpp::yaml-cpp)
  innosim_set_warnings(${target})
endfunction()
