# Tests of innosim under mpirun (label "mpi"): 3 ranks on this machine's
# loopback, as root (--allow-run-as-root), oversubscribed (3 ranks, 2
# cores). Included from tests/CMakeLists.txt when INNOSIM_USE_MPI is on;
# PY and INNOSIM_EXE come from there, MPIEXEC_EXECUTABLE from FindMPI.
set(_mpi_cli ${CMAKE_CURRENT_SOURCE_DIR}/cli)
add_test(NAME mpi.identical COMMAND ${PY} ${_mpi_cli}/test_mpi.py ${INNOSIM_EXE} ${MPIEXEC_EXECUTABLE})
add_test(NAME mpi.resume COMMAND ${PY} ${_mpi_cli}/test_mpi_resume.py ${INNOSIM_EXE} ${MPIEXEC_EXECUTABLE})
set_tests_properties(mpi.identical mpi.resume PROPERTIES LABELS "mpi;cli;experiments" TIMEOUT 240
  # Each starts 3 processes on 2 cores: run them one at a time, not beside
  # each other (ctest -j), so that the kills land mid-job.
  RESOURCE_LOCK mpi)
if(INNOSIM_SANITIZE)
  # OpenMPI's own allocations at MPI_Finalize (its plugins are unloaded, so
  # their frames cannot be named in a suppression file) are reported as
  # leaks; our code is checked for leaks by every other test.
  set_tests_properties(mpi.identical mpi.resume PROPERTIES ENVIRONMENT "ASAN_OPTIONS=detect_leaks=0")
endif()
# innosim calibrate across ranks: identical to one process, resumable.
add_test(NAME mpi.calibrate COMMAND ${PY} ${_mpi_cli}/test_mpi_calibrate.py ${INNOSIM_EXE} ${MPIEXEC_EXECUTABLE})
set_tests_properties(mpi.calibrate PROPERTIES LABELS "mpi;cli;experiments;calibration" TIMEOUT 300 RESOURCE_LOCK mpi)
if(INNOSIM_SANITIZE)
  set_tests_properties(mpi.calibrate PROPERTIES ENVIRONMENT "ASAN_OPTIONS=detect_leaks=0")
endif()
# Interrupting mpirun (Ctrl-C, scancel, a signal to rank 0): no temporary
# left, rank 0's 130/143 passed on, a completed job 0 (issue #19).
add_test(NAME mpi.interrupt COMMAND ${PY} ${_mpi_cli}/test_mpi_interrupt.py ${INNOSIM_EXE} ${MPIEXEC_EXECUTABLE})
set_tests_properties(mpi.interrupt PROPERTIES LABELS "mpi;cli;experiments;hardening" TIMEOUT 300 RESOURCE_LOCK mpi)
if(INNOSIM_SANITIZE)
  set_tests_properties(mpi.interrupt PROPERTIES ENVIRONMENT "ASAN_OPTIONS=detect_leaks=0")
endif()
