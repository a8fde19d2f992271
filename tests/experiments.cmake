# Tests of the experiment commands (innosim run, compare, sweep): end-to-end
# CLI scripts run by the system Python (h5py, numpy). Included from
# tests/CMakeLists.txt, which defines PY and INNOSIM_EXE.
set(_exp_cli ${CMAKE_CURRENT_SOURCE_DIR}/cli)

add_test(NAME cli.run COMMAND ${PY} ${_exp_cli}/test_run.py ${INNOSIM_EXE} ${PROJECT_SOURCE_DIR}/output/python)
add_test(NAME cli.run_interrupt COMMAND ${PY} ${_exp_cli}/test_run_interrupt.py ${INNOSIM_EXE})
add_test(NAME cli.run_reproducible COMMAND ${PY} ${_exp_cli}/test_run_reproducible.py ${INNOSIM_EXE})
set_tests_properties(cli.run cli.run_interrupt cli.run_reproducible PROPERTIES LABELS "cli;run" TIMEOUT 180)
