# The sanitizer and fuzzing jobs of CI (issue #19), run by ctest from the
# ordinary build, each in a build tree of its own beside it (build/ci-*):
#   label asan : the unit-test binaries built with the `dev` preset (Debug,
#                ASan + UBSan, -Werror) and run; any report fails the test
#   label tsan : the thread-pool tests (unit/pool_test.cpp) built with
#                ThreadSanitizer and run
#   label fuzz : libFuzzer targets (tests/fuzz: the scenario loader, the
#                sweep-file reader, the results reader) built with clang, ASan
#                and UBSan, and run a fixed number of executions from the
#                corpus committed in tests/fuzz/corpus (seeded: repeatable)
# Each tree builds only what its tests need. A build takes both cores
# (PROCESSORS 2), so that it does not starve the timed end-to-end tests.
# `ctest -LE "asan|tsan|fuzz"` skips them while iterating.
# Included from tests/CMakeLists.txt, which defines PY.
option(INNOSIM_CI_TREES "ctest builds and runs the sanitizer and fuzzing trees (labels asan, tsan, fuzz)" OFF)
if(NOT INNOSIM_CI_TREES OR INNOSIM_SANITIZE OR INNOSIM_TSAN OR INNOSIM_FUZZ)
  return()
endif()

set(_src ${PROJECT_SOURCE_DIR})
# Strings, not lists: they go into `sh -c` command lines.
set(_ci_common "-DINNOSIM_BUILD_BENCH=OFF -DINNOSIM_CI_TREES=OFF")

# --- ASan + UBSan: the dev preset, unit tests only ------------------------------------------------
set(_asan ${CMAKE_BINARY_DIR}/ci-asan)
set(_asan_bins innosim_unit_tests innosim_output_tests innosim_scenario_tests innosim_experiments_tests)
string(JOIN " " _asan_targets ${_asan_bins})
add_test(NAME asan.build
  COMMAND sh -c "${CMAKE_COMMAND} --preset dev -B '${_asan}' ${_ci_common} >/dev/null && ${CMAKE_COMMAND} --build '${_asan}' -j 2 --target ${_asan_targets}"
  WORKING_DIRECTORY ${_src})
set_tests_properties(asan.build PROPERTIES LABELS "asan" FIXTURES_SETUP ci_asan TIMEOUT 1800 PROCESSORS 2
  RESOURCE_LOCK ci_tree_build)
foreach(_bin ${_asan_bins})
  string(REPLACE "innosim_" "" _name ${_bin})
  # Through `cmake -E env`: the binary does not exist until asan.build ran.
  add_test(NAME asan.${_name}
    COMMAND ${CMAKE_COMMAND} -E env ASAN_OPTIONS=detect_leaks=1:halt_on_error=1
            UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ${_asan}/tests/${_bin} --gtest_brief=1
    WORKING_DIRECTORY ${_asan})
  set_tests_properties(asan.${_name} PROPERTIES LABELS "asan" FIXTURES_REQUIRED ci_asan TIMEOUT 900)
endforeach()

# --- ThreadSanitizer: the thread pool ---------------------------------------------------------------
set(_tsan ${CMAKE_BINARY_DIR}/ci-tsan)
add_test(NAME tsan.build
  COMMAND sh -c "${CMAKE_COMMAND} -S '${_src}' -B '${_tsan}' -DCMAKE_BUILD_TYPE=Debug -DINNOSIM_TSAN=ON -DINNOSIM_USE_MPI=OFF ${_ci_common} >/dev/null && ${CMAKE_COMMAND} --build '${_tsan}' -j 2 --target innosim_pool_tests")
set_tests_properties(tsan.build PROPERTIES LABELS "tsan" FIXTURES_SETUP ci_tsan TIMEOUT 1800 PROCESSORS 2
  RESOURCE_LOCK ci_tree_build)
add_test(NAME tsan.pool
  COMMAND ${CMAKE_COMMAND} -E env TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1
          ${_tsan}/tests/innosim_pool_tests --gtest_brief=1)
set_tests_properties(tsan.pool PROPERTIES LABELS "tsan" FIXTURES_REQUIRED ci_tsan TIMEOUT 900)

# --- libFuzzer ------------------------------------------------------------------------------------
find_program(INNOSIM_CLANGXX NAMES clang++ clang++-14)
find_program(INNOSIM_CLANG NAMES clang clang-14)
if(NOT INNOSIM_CLANGXX OR NOT INNOSIM_CLANG)
  message(WARNING "clang not found: the fuzz tests are not built (tools/install_deps.sh installs clang)")
  return()
endif()
set(_fuzz ${CMAKE_BINARY_DIR}/ci-fuzz)
add_test(NAME fuzz.build
  COMMAND sh -c "${CMAKE_COMMAND} -S '${_src}' -B '${_fuzz}' -DCMAKE_C_COMPILER=${INNOSIM_CLANG} -DCMAKE_CXX_COMPILER=${INNOSIM_CLANGXX} -DCMAKE_BUILD_TYPE=Debug '-DCMAKE_CXX_FLAGS_DEBUG=-O1 -g' -DINNOSIM_FUZZ=ON -DINNOSIM_BUILD_TESTS=OFF -DINNOSIM_USE_MPI=OFF ${_ci_common} >/dev/null && ${CMAKE_COMMAND} --build '${_fuzz}' -j 2 --target innosim_fuzz_scenario innosim_fuzz_sweep innosim_fuzz_results")
set_tests_properties(fuzz.build PROPERTIES LABELS "fuzz" FIXTURES_SETUP ci_fuzz TIMEOUT 1800 PROCESSORS 2
  RESOURCE_LOCK ci_tree_build)
# Executions per target: a few seconds each on a 2-core machine. The results
# reader forks a child per input (isolated.hpp), so it runs fewer.
foreach(_pair "scenario:4000" "sweep:4000" "results:400")
  string(REPLACE ":" ";" _p ${_pair})
  list(GET _p 0 _t)
  list(GET _p 1 _runs)
  # New inputs go to a scratch directory, emptied first: the committed corpus
  # is only read, and every run starts from the same inputs.
  add_test(NAME fuzz.${_t}
    COMMAND sh -c "rm -rf '${_fuzz}/new-${_t}' && mkdir -p '${_fuzz}/new-${_t}' && exec '${_fuzz}/tests/fuzz/innosim_fuzz_${_t}' -runs=${_runs} -seed=19 -timeout=30 -rss_limit_mb=4096 -max_len=65536 -print_final_stats=1 -artifact_prefix='${_fuzz}/crash-${_t}-' '${_fuzz}/new-${_t}' '${CMAKE_CURRENT_SOURCE_DIR}/fuzz/corpus/${_t}'")
  set_tests_properties(fuzz.${_t} PROPERTIES LABELS "fuzz" FIXTURES_REQUIRED ci_fuzz TIMEOUT 900
    ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1:halt_on_error=1;UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1")
endforeach()
