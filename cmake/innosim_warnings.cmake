# innosim_set_warnings(target): the project's warning flags, on targets only.
function(innosim_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion)
  if(INNOSIM_WARNINGS_AS_ERRORS)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(INNOSIM_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
  if(INNOSIM_TSAN)
    target_compile_options(${target} PRIVATE -fsanitize=thread -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=thread)
  endif()
  if(INNOSIM_FUZZ)
    # Coverage for libFuzzer in every library; the fuzz targets add the
    # fuzzer's main (tests/fuzz/CMakeLists.txt).
    target_compile_options(${target} PRIVATE -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()

# innosim_set_test_driver_flags(target): a test executable's own sources are
# drivers (set-ups, loops over a run's firms, assertions); the code under test
# is in the libraries, compiled as users get it. Optimising the drivers buys
# the suite nothing and cost CI about a third of its compile time:
# tests/model/firm_finance_test.cpp took 9.7 CPU-s at -O3 against 5.6 at -O1
# (GCC 12), and 9.8 CPU-s under ASan + UBSan + libFuzzer's coverage at -O1
# against 4.9 at -O0 without the coverage (clang 14), which only the fuzz
# targets use. So -O1 in optimised trees, -O0 in the sanitizer trees (the
# drivers are still instrumented by ASan, UBSan or TSan), and no coverage.
function(innosim_set_test_driver_flags target)
  if(INNOSIM_SANITIZE OR INNOSIM_TSAN OR INNOSIM_FUZZ)
    target_compile_options(${target} PRIVATE -O0)
  else()
    target_compile_options(${target} PRIVATE $<$<CONFIG:Release,RelWithDebInfo,MinSizeRel>:-O1>)
  endif()
  if(INNOSIM_FUZZ)
    target_compile_options(${target} PRIVATE -fno-sanitize=fuzzer-no-link)
  endif()
endfunction()

# innosim_set_cold_code_flags(target): -O1 in optimised trees for a library
# or executable off the simulation's hot path: the run machinery, the
# analyses, the reports and exports, the command line. A run's time is the
# model's and the engine's (-O3, as users get them); these targets spend
# theirs in HDF5, in text and in small matrices. In session 19's timed build
# of the release tree (two cores, busy), innosim::experiments and the
# command line were 63 % of the compile time; compiled alone, in CPU-seconds
# at -O3 against -O1: report.cpp 34.3 / 16.7, labels.cpp 15.7 / 11.6,
# export.cpp 12.9 / 10.3, switching_value.cpp (Eigen) 13.1 / 10.4. No
# -ffast-math and no FMA in the baseline x86-64 target: the optimisation
# level changes no number (a run's and a comparison's files are identical).
function(innosim_set_cold_code_flags target)
  if(NOT (INNOSIM_SANITIZE OR INNOSIM_TSAN OR INNOSIM_FUZZ))
    target_compile_options(${target} PRIVATE $<$<CONFIG:Release,RelWithDebInfo,MinSizeRel>:-O1>)
  endif()
endfunction()
