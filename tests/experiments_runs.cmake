# innosim_experiments_runs: innosim::experiments without its heavy analyses
# (reports, export, sensitivity, calibration), for the sanitizer trees of CI
# (tests/ci.cmake): the ThreadSanitizer pool test links it instead of the
# whole library (the fuzz targets link fewer still: tests/fuzz/CMakeLists.txt). Those analyses take about 180 of the
# library's 260 CPU-seconds under the sanitizers (msm.cpp alone, Eigen, 56),
# and nothing the fuzz targets or the pool reach calls them.
# The sources are the library's own, read from its target, so that a new
# source is included without a word here; a static library, so that only
# what is reached is linked. If the run machinery ever calls one of the
# analyses below, the CI trees fail to link: take it off the list.
# Included from tests/experiments.cmake.
if(TARGET innosim_experiments_runs)
  return()
endif()
set(_analyses msm report report_data export svg_chart switching_value calibration calibration_file
  calibration_output point_evaluator target_expr sensitivity sensitivity_file sensitivity_job sensitivity_report prim
  outcome_expr)
get_target_property(_exp_sources innosim_experiments SOURCES)
get_target_property(_exp_dir innosim_experiments SOURCE_DIR)
set(_runs_sources "")
foreach(_s ${_exp_sources})
  get_filename_component(_name ${_s} NAME_WE)
  if(NOT _name IN_LIST _analyses)
    list(APPEND _runs_sources ${_exp_dir}/${_s})
  endif()
endforeach()
add_library(innosim_experiments_runs STATIC ${_runs_sources})
target_include_directories(innosim_experiments_runs PUBLIC ${_exp_dir}/include PRIVATE ${_exp_dir}/src)
target_link_libraries(innosim_experiments_runs PUBLIC innosim::engine innosim::scenario innosim::output
  innosim::model Threads::Threads fmt::fmt Eigen3::Eigen PRIVATE yaml-cpp::yaml-cpp)
innosim_set_warnings(innosim_experiments_runs)
