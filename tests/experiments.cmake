# Tests of the experiment commands (innosim run, compare, sweep): end-to-end
# CLI scripts run by the system Python (h5py, numpy). Included from
# tests/CMakeLists.txt, which defines PY and INNOSIM_EXE.
set(_exp_cli ${CMAKE_CURRENT_SOURCE_DIR}/cli)
# A guard against hangs, not a speed check: under the sanitizers (Debug,
# ASan) these end-to-end runs take about ten times longer.
if(INNOSIM_SANITIZE)
  set(_exp_timeout 900)
else()
  set(_exp_timeout 180)
endif()

add_test(NAME cli.run COMMAND ${PY} ${_exp_cli}/test_run.py ${INNOSIM_EXE} ${PROJECT_SOURCE_DIR}/output/python)
add_test(NAME cli.run_interrupt COMMAND ${PY} ${_exp_cli}/test_run_interrupt.py ${INNOSIM_EXE})
add_test(NAME cli.run_reproducible COMMAND ${PY} ${_exp_cli}/test_run_reproducible.py ${INNOSIM_EXE})
# The panel's birth times and the exits table read in Python (format 1.3).
add_test(NAME cli.exits COMMAND ${PY} ${_exp_cli}/test_exits.py ${INNOSIM_EXE} ${PROJECT_SOURCE_DIR}/output/python)
set_tests_properties(cli.run cli.run_interrupt cli.run_reproducible cli.exits PROPERTIES LABELS "cli;run" TIMEOUT ${_exp_timeout})

# Unit tests of the shared machinery (experiments/: designs, paired statistics,
# sweep file, run store). Configure-time discovery, so that the label list
# stays a list (see the scenario tests in CMakeLists.txt).
add_executable(innosim_experiments_tests unit/experiments_test.cpp unit/number_format_test.cpp unit/sensitivity_test.cpp
  unit/report_test.cpp unit/discover_test.cpp unit/inert_test.cpp)
target_link_libraries(innosim_experiments_tests PRIVATE innosim::experiments GTest::gtest GTest::gtest_main)
innosim_set_warnings(innosim_experiments_tests)
innosim_set_test_driver_flags(innosim_experiments_tests)
gtest_add_tests(TARGET innosim_experiments_tests TEST_LIST _experiments_unit_tests)
set_tests_properties(${_experiments_unit_tests} PROPERTIES LABELS "unit;experiments")

# The thread pool under real runs (also built under ThreadSanitizer in CI: tests/ci.cmake).
add_executable(innosim_pool_tests unit/pool_test.cpp)
if(INNOSIM_TSAN)
  # The ThreadSanitizer tree of CI builds only this test, on the ten sources
  # of the library that it reaches (tests/experiments_runs.cmake says why).
  include(${CMAKE_CURRENT_SOURCE_DIR}/experiments_runs.cmake)
  innosim_experiments_subset(innosim_experiments_runs distributed experiment interrupt labels mpi_runner_stub
    number_format progress row_spool run_codec schema_registry)
  target_link_libraries(innosim_pool_tests PRIVATE innosim_experiments_runs GTest::gtest GTest::gtest_main)
else()
  target_link_libraries(innosim_pool_tests PRIVATE innosim::experiments GTest::gtest GTest::gtest_main)
endif()
innosim_set_warnings(innosim_pool_tests)
innosim_set_test_driver_flags(innosim_pool_tests)
gtest_add_tests(TARGET innosim_pool_tests TEST_LIST _pool_unit_tests)
set_tests_properties(${_pool_unit_tests} PROPERTIES LABELS "unit;experiments")

# compare and sweep end to end.
add_test(NAME cli.compare COMMAND ${PY} ${_exp_cli}/test_compare.py ${INNOSIM_EXE} ${PROJECT_SOURCE_DIR}/output/python)
add_test(NAME cli.sweep COMMAND ${PY} ${_exp_cli}/test_sweep.py ${INNOSIM_EXE} ${PROJECT_SOURCE_DIR}/output/python)
add_test(NAME cli.sweep_resume COMMAND ${PY} ${_exp_cli}/test_sweep_resume.py ${INNOSIM_EXE})
set_tests_properties(cli.compare cli.sweep cli.sweep_resume PROPERTIES LABELS "cli;experiments" TIMEOUT ${_exp_timeout})
# Hostile and damaged results files (issue #19): inspect never crashes.
add_test(NAME cli.inspect_hostile COMMAND ${PY} ${_exp_cli}/test_inspect_hostile.py ${INNOSIM_EXE}
  ${CMAKE_CURRENT_SOURCE_DIR}/data)
set_tests_properties(cli.inspect_hostile PROPERTIES LABELS "cli;output;hardening" TIMEOUT ${_exp_timeout})
# The other readers of a user's results file (report, export, discover, inspect --summary) too.
add_test(NAME cli.damaged_inputs COMMAND ${PY} ${_exp_cli}/test_damaged_inputs.py ${INNOSIM_EXE}
  ${CMAKE_CURRENT_SOURCE_DIR}/data)
# Eight commands wait for the reading child's CPU limit (2 s) on the file on which HDF5 loops.
math(EXPR _damaged_timeout "${_exp_timeout} * 2 + 40")
set_tests_properties(cli.damaged_inputs PROPERTIES LABELS "cli;output;hardening" TIMEOUT ${_damaged_timeout})
# HDF5's own failures (not a system call's): what failed and what to do, HDF5's detail on a line of its own.
add_test(NAME cli.hdf5_messages COMMAND ${PY} ${_exp_cli}/test_hdf5_messages.py ${INNOSIM_EXE})
# About 30 s on a quiet machine; a suite at load 10 took it past 180 s.
set_tests_properties(cli.hdf5_messages PROPERTIES LABELS "cli;output" TIMEOUT 400)
add_test(NAME cli.output_guard COMMAND ${PY} ${_exp_cli}/test_output_guard.py ${INNOSIM_EXE})
set_tests_properties(cli.output_guard PROPERTIES LABELS "cli;output;hardening" TIMEOUT ${_exp_timeout})
add_test(NAME cli.limits COMMAND ${PY} ${_exp_cli}/test_limits.py ${INNOSIM_EXE})
set_tests_properties(cli.limits PROPERTIES LABELS "cli;hardening" TIMEOUT ${_exp_timeout})
add_test(NAME cli.resources COMMAND ${PY} ${_exp_cli}/test_resources.py ${INNOSIM_EXE})
set_tests_properties(cli.resources PROPERTIES LABELS "cli;hardening" TIMEOUT ${_exp_timeout})
# --jobs 1 and 2 give bit-identical run files: an experiments property too.
set_tests_properties(cli.run_reproducible PROPERTIES LABELS "cli;run;experiments")

# innosim sensitivity end to end: test functions against their analytic
# indices, the default scenario with a policy's paired effect, Morris on a
# library variant, resume after SIGKILL, bad input.
add_test(NAME cli.sensitivity COMMAND ${PY} ${_exp_cli}/test_sensitivity.py ${INNOSIM_EXE})
set_tests_properties(cli.sensitivity PROPERTIES LABELS "cli;experiments" TIMEOUT ${_exp_timeout})
# docs/experiments.md's worked example runs as written.
add_test(NAME docs.experiments_md COMMAND ${PY} ${_exp_cli}/test_experiments_docs.py ${INNOSIM_EXE} ${PROJECT_SOURCE_DIR})
set_tests_properties(docs.experiments_md PROPERTIES LABELS "cli;experiments;docs" TIMEOUT 900)
# A sweep with a policy (paired effects) and innosim discover (PRIM).
add_test(NAME cli.discover COMMAND ${PY} ${_exp_cli}/test_discover.py ${INNOSIM_EXE})
set_tests_properties(cli.discover PROPERTIES LABELS "cli;experiments" TIMEOUT ${_exp_timeout})

# innosim calibrate: its pieces (target expressions, scrambled Sobol', the
# MSM statistics, the calibration file) as unit tests.
add_executable(innosim_calibration_tests unit/calibration_test.cpp)
target_link_libraries(innosim_calibration_tests PRIVATE innosim::experiments GTest::gtest GTest::gtest_main)
innosim_set_warnings(innosim_calibration_tests)
innosim_set_test_driver_flags(innosim_calibration_tests)
gtest_add_tests(TARGET innosim_calibration_tests TEST_LIST _calibration_unit_tests)
set_tests_properties(${_calibration_unit_tests} PROPERTIES LABELS "unit;experiments;calibration")

# Recovery: synthetic targets from known parameters are recovered within
# their intervals, the 95 % intervals cover the truth about 95 % of the time
# over 30 synthetic worlds, and an invisible parameter is not identified.
# About 9,000 runs of a 300-firm, two-year scenario: some 30 s on two cores.
add_executable(innosim_calibration_recovery_tests unit/calibration_recovery_test.cpp)
target_link_libraries(innosim_calibration_recovery_tests PRIVATE innosim::experiments GTest::gtest GTest::gtest_main)
innosim_set_warnings(innosim_calibration_recovery_tests)
innosim_set_test_driver_flags(innosim_calibration_recovery_tests)
gtest_add_tests(TARGET innosim_calibration_recovery_tests TEST_LIST _calibration_recovery_tests)
set_tests_properties(${_calibration_recovery_tests} PROPERTIES LABELS "recovery;calibration;experiments" TIMEOUT 900)
add_test(NAME cli.calibrate COMMAND ${PY} ${_exp_cli}/test_calibrate.py ${INNOSIM_EXE})
set_tests_properties(cli.calibrate PROPERTIES LABELS "cli;experiments;calibration" TIMEOUT ${_exp_timeout})
# check-seed: a calibration file's targets vs the model, pass/fail, exit codes, CSV, zh, bad input.
add_test(NAME cli.check_seed COMMAND ${PY} ${_exp_cli}/test_check_seed.py ${INNOSIM_EXE})
set_tests_properties(cli.check_seed PROPERTIES LABELS "cli;experiments;calibration" TIMEOUT ${_exp_timeout})
# The worked example of docs/experiments.md runs as written (about 460 runs
# of a two-year baseline: half a minute to a minute on two cores).
add_test(NAME docs.calibrate_example COMMAND ${PY} ${_exp_cli}/test_calibrate_docs.py ${INNOSIM_EXE} ${PROJECT_SOURCE_DIR})
set_tests_properties(docs.calibrate_example PROPERTIES LABELS "cli;experiments;calibration;docs" TIMEOUT 900)

# The inert-parameter check in validate, run, compare and sweep.
add_test(NAME cli.inert COMMAND ${PY} ${_exp_cli}/test_inert.py ${INNOSIM_EXE})
set_tests_properties(cli.inert PROPERTIES LABELS "cli;experiments" TIMEOUT ${_exp_timeout})

# The warm-up option (warmup_years, issue 18 part 2): a warm run equals the
# tail of the longer run it simulates; policies opening later are off in it.
add_test(NAME cli.warmup COMMAND ${PY} ${_exp_cli}/test_warmup.py ${INNOSIM_EXE})
set_tests_properties(cli.warmup PROPERTIES LABELS "cli;experiments;calibration" TIMEOUT ${_exp_timeout})

# UTF-8 scenario names through every command, rates' changes in percentage points (issue 15 point 6).
add_test(NAME cli.names_and_rates COMMAND ${PY} ${_exp_cli}/test_names_and_rates.py ${INNOSIM_EXE})
set_tests_properties(cli.names_and_rates PROPERTIES LABELS "cli;experiments" TIMEOUT ${_exp_timeout})

# The sensitivity benchmark's harness (bench/sensitivity_bench.py) runs and
# prints its JSON: an interface check on a small scenario, not a speed test.
add_test(NAME cli.bench_sensitivity COMMAND ${PY} ${_exp_cli}/test_bench_sensitivity.py ${INNOSIM_EXE} ${PROJECT_SOURCE_DIR})
set_tests_properties(cli.bench_sensitivity PROPERTIES LABELS "cli;experiments;bench" TIMEOUT ${_exp_timeout})

# Every reading recipe of output/SCHEMA.md and the Python ones of docs/experiments.md run as written
# (issue 15 point 9).
add_test(NAME docs.reading_recipes COMMAND ${PY} ${_exp_cli}/test_docs_blocks.py ${INNOSIM_EXE} ${PROJECT_SOURCE_DIR})
set_tests_properties(docs.reading_recipes PROPERTIES LABELS "cli;docs" TIMEOUT ${_exp_timeout})

# inspect --summary: any results file's tables for people (zh/en), = what the commands printed.
add_test(NAME cli.inspect_summary COMMAND ${PY} ${_exp_cli}/test_inspect_summary.py ${INNOSIM_EXE})
set_tests_properties(cli.inspect_summary PROPERTIES LABELS "cli;run" TIMEOUT ${_exp_timeout})

# --lang zh for messages, progress lines, errors (file:line:column kept, exit 2) and every --help.
add_test(NAME cli.lang_zh COMMAND ${PY} ${_exp_cli}/test_lang_zh.py ${INNOSIM_EXE})
set_tests_properties(cli.lang_zh PROPERTIES LABELS "cli;run" TIMEOUT ${_exp_timeout})

# --lang zh for the rest of what a user reads: the resource check, writing and reading results files,
# report, export, compare's refusal, calibrate (plan, progress, printed report), verify, schema,
# show-scenario and the errors of sweep, sensitivity, discover and inspect; --lang en unchanged.
add_test(NAME cli.lang_zh_messages COMMAND ${PY} ${_exp_cli}/test_lang_zh_messages.py ${INNOSIM_EXE})
# About 45 s on a quiet machine, 65 s at load 5: more room than the default for a suite at load 10.
set_tests_properties(cli.lang_zh_messages PROPERTIES LABELS "cli;run" TIMEOUT 400)

# Every shell block of README.md and docs/experiments.md runs as written (the
# MPI and Slurm examples under mpirun when built with MPI), synopses checked
# against --help; the blocks it does not run are listed with the reason.
if(INNOSIM_USE_MPI)
  set(_docs_mpiexec ${MPIEXEC_EXECUTABLE})
else()
  set(_docs_mpiexec none)
endif()
if(INNOSIM_BUILD_BENCH)
  set(_docs_bench ${INNOSIM_BENCH_EXE})
else()
  set(_docs_bench none)
endif()
add_test(NAME docs.shell_blocks COMMAND ${PY} ${_exp_cli}/test_docs_shell.py ${INNOSIM_EXE} ${_docs_bench}
  ${PROJECT_SOURCE_DIR} ${_docs_mpiexec})
# MPI blocks start 3 ranks on 2 cores: not beside the mpi tests.
set_tests_properties(docs.shell_blocks PROPERTIES LABELS "cli;docs" TIMEOUT ${_exp_timeout} RESOURCE_LOCK mpi)
