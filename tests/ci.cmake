# The sanitizer and fuzzing jobs of CI (issue #19), built and run by ctest
# from the ordinary build, so `make test` (and CI, which calls it) runs them.
# Two clang trees beside the build (build/ci-asan, build/ci-tsan), each
# building only what its tests need (no benchmarks, no command line):
#   build/ci-asan: -O1, AddressSanitizer + UndefinedBehaviorSanitizer, and
#     libFuzzer's coverage (harmless to the unit tests):
#     label asan : the unit tests of the engine, the scenario language, the
#                  results file (writer and reader) and the model's
#                  mechanisms (not its statistical tests), with halt_on_error:
#                  any report fails the test
#     label fuzz : libFuzzer on the scenario loader with --set overrides, the
#                  sweep-file reader and the results-file reader (in its child
#                  process, as `innosim inspect` reads), a fixed number of
#                  executions with a fixed seed from the corpus committed in
#                  tests/fuzz/corpus
#   build/ci-tsan: -O1, ThreadSanitizer: label tsan, the thread pool's tests
#     (unit/pool_test.cpp: real runs on several threads).
# clang rather than GCC: it compiles these trees 1.5 times faster here, and
# libFuzzer needs it anyway. The costs on the 2-core machine are in
# README.md ("Sanitizers and fuzzing"). A build takes both cores (PROCESSORS
# 2), so that it does not starve the timed end-to-end tests; the trees are
# incremental, so a second `ctest` rebuilds only what changed.
# `ctest -LE "asan|tsan|fuzz"` skips them while iterating;
# -DINNOSIM_CI_CHECKS=OFF leaves them out (the option was INNOSIM_CI_TREES,
# off by default: renamed so that existing build directories, which cached
# OFF, run what CI runs). Included from tests/CMakeLists.txt.
option(INNOSIM_CI_CHECKS "ctest builds and runs the sanitizer and fuzzing trees (labels asan, tsan, fuzz)" ON)
if(NOT INNOSIM_CI_CHECKS OR INNOSIM_SANITIZE OR INNOSIM_TSAN OR INNOSIM_FUZZ)
  return()
endif()
find_program(INNOSIM_CLANGXX NAMES clang++ clang++-14)
find_program(INNOSIM_CLANG NAMES clang clang-14)
if(NOT INNOSIM_CLANGXX OR NOT INNOSIM_CLANG)
  message(WARNING "clang not found: the sanitizer and fuzzing tests (labels asan, tsan, fuzz) are left out "
                  "(tools/install_deps.sh installs clang)")
  return()
endif()

set(_src ${PROJECT_SOURCE_DIR})
# Strings, not lists: they go into `sh -c` command lines. -O1, as the
# sanitizers' documentation advises, and line tables only: cheaper to build
# than full debug information, and a report still names file:line.
set(_ci_common "-DCMAKE_C_COMPILER=${INNOSIM_CLANG} -DCMAKE_CXX_COMPILER=${INNOSIM_CLANGXX} -DCMAKE_BUILD_TYPE=Debug '-DCMAKE_CXX_FLAGS_DEBUG=-O1 -gline-tables-only' -DINNOSIM_BUILD_TESTS=ON -DINNOSIM_BUILD_BENCH=OFF -DINNOSIM_USE_MPI=OFF -DINNOSIM_CI_CHECKS=OFF")
# Every report stops the process and fails the test; aborts and illegal
# instructions are reported with their stack too.
set(_asan_env "ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:handle_abort=1:handle_sigill=1"
              "UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1")

# --- ASan + UBSan + libFuzzer ------------------------------------------------------------------------
set(_asan ${CMAKE_BINARY_DIR}/ci-asan)
add_test(NAME asan.build
  COMMAND sh -c "${CMAKE_COMMAND} -S '${_src}' -B '${_asan}' ${_ci_common} -DINNOSIM_FUZZ=ON >/dev/null && ${CMAKE_COMMAND} --build '${_asan}' -j 2 --target innosim_unit_tests innosim_scenario_tests innosim_output_tests innosim_model_tests innosim_fuzz_scenario innosim_fuzz_sweep innosim_fuzz_results")
set_tests_properties(asan.build PROPERTIES LABELS "asan;fuzz" FIXTURES_SETUP ci_asan TIMEOUT 1800 PROCESSORS 2
  RESOURCE_LOCK ci_tree_build)

# The model's statistical tests (policy signs, stylized facts, paired
# effects over many replications) check the model, not memory: the release
# suite runs them; here they would take minutes. Its mechanism tests (books,
# budgets, every programme on, reproducibility) exercise the same code.
# The subsidy sign test (48 pairs) took 79 of asan.model's 193 s; the
# interest subsidy's mechanism tests run the same code under ASan. Four more
# paired statistical tests took 50 of its 155 s in session 12's CI (14.8,
# 13.7, 13.2 and 8.6 s under ASan); the code they run is covered by the
# mechanism tests kept (InterestSubsidy's rules, the loss vintages' unit
# test, BankCapitalRecoversMoreSlowlyWithTheRaisingLimit's shock). Session
# 13's survival test of the subsidised firms (48 pairs) took 90 s under
# ASan (measured in the CI tree, /tmp/ci30); FirmArchive and the matched
# pairing it uses run in the participants' tests kept.
# Session 15: the platform's pre-registered sign test (40 pairs, 9 s in the
# release suite) took about 70 of asan.model's 180 s in CI; the matching
# platform's mechanism tests (fees, the value test's books) stay.
# Session 19: asan.model had grown back to 230 s of CI's 1,071 s of tests
# (the suite ran 1,589 s on this machine, over its 20 minutes). Its eleven
# slowest paired statistical tests (participants' harm tests, 6-12 pairs
# each; the lottery's order test, 12 replications; the shock and size tests)
# took 94 of its 180 s here (measured with the ci47 tree's binary and
# --gtest_filter); the code they run is run under ASan by the mechanism
# tests kept (every programme on, the books, the rules of each instrument).
# Session 20: `*HarmsItsParticipantsNot*` takes the pool's harm test on the
# equipment-loan rule too (session 19's, 21.5 s under ASan, measured with
# ci50's tree and --gtest_filter: the pattern ended at "Not" and missed it).
# The covered-stock decay test now runs risk-pool with its 5-year
# warm-up (15 years, 2.7 CPU-s in the release suite); the pool's renewal
# rules it exercises run under ASan in RiskPool's mechanism tests.
set(_model_filter "-MatchingFinance.ThePlatformCostsItsAdoptersNothingAndTheCityAtMostAMargin:PolicySigns.*:StylizedFacts.*:Part2PolicySigns.*:*.Paired*:Part2.PilotQueueMatchesErlangC:Part2.VoucherAdditionalityNearEightyPercent:FirmFinance.SubsidisedFirmsBorrowMoreOverTheWindow*:FirmFinance.SubsidisedFirmsSurviveNoLessWithABudgetThatNeverBinds:InterestSubsidy.OutcomesWeaklyIncreaseWithTheEnvelope:InterestSubsidy.DoublingTheRateWithABindingEnvelopeChangesNothingReal:CorporateTax.LossExpiryRaisesTaxesPaid:FirmFinance.BankCapitalShockCutsLendingForATimeThenRecovers:*NeverHarm*:*HarmsItsParticipantsNot*:Participation.TalentSubsidyAdditionalProjectsRaiseMarginsNotExits:Participation.TalentSubsidyAddsProjectsAndTalentWithoutCostingFirms:TechUpgrade.DeadweightIsMeasuredAndRewardsAddProjects:FirmFinance.TenTimesTheFirmsBehavesLikeTenCities:FirmFinance.ProductivityShockRaisesRealOutput:RiskPool.RoomGoesByLotteryNotByFirmOrder:RiskPool.CoversEndWithTheLoansTermAndRenewalsCompeteForRoom:InterestSubsidy.NoYearOfRegistrationsAboveTwiceTheMeanYear:OpeningBook.BaselineBookAtJuly2025LiesInTheSeedsBand:RiskPool.CoveredStockHoldsInTheLibraryScenario")
foreach(_pair "unit:" "scenario:" "output:" "model:--gtest_filter=${_model_filter}")
  string(FIND "${_pair}" ":" _colon)
  string(SUBSTRING "${_pair}" 0 ${_colon} _name)
  math(EXPR _colon "${_colon} + 1")
  string(SUBSTRING "${_pair}" ${_colon} -1 _args)
  # Through `cmake -E env`: the binary does not exist until asan.build ran.
  # INNOSIM_FUZZ_ROUNDS: the scenario tests' own mutation loop, shortened
  # here (libFuzzer covers the loader below).
  add_test(NAME asan.${_name}
    COMMAND ${CMAKE_COMMAND} -E env ${_asan_env} INNOSIM_FUZZ_ROUNDS=300
            ${_asan}/tests/innosim_${_name}_tests --gtest_brief=1 ${_args}
    WORKING_DIRECTORY ${_asan})
  set_tests_properties(asan.${_name} PROPERTIES LABELS "asan" FIXTURES_REQUIRED ci_asan TIMEOUT 900)
endforeach()

# Scheduling: ctest starts the costliest ready test first. Without a COST a
# fresh clone ran these in test-number order, last, so asan.model (two to
# three minutes on one core) ran alone at the end of CI (session 15: 180 of
# its 697 s). With these costs the two tree builds go first and the ASan and
# fuzz tests start as soon as their tree is built, beside the release tests.
set_tests_properties(asan.build PROPERTIES COST 10000)
set_tests_properties(asan.model PROPERTIES COST 9000)
set_tests_properties(asan.unit PROPERTIES COST 8000)

# Executions per target (and the largest input), each some 5 to 15
# CPU-seconds. The results reader forks a child per input and HDF5 loops on
# some mutated files (the child's CPU timer stops it), so it runs fewer.
foreach(_spec "scenario:4000:4096" "sweep:20000:4096" "results:600:65536")
  string(REPLACE ":" ";" _p ${_spec})
  list(GET _p 0 _t)
  list(GET _p 1 _runs)
  list(GET _p 2 _max_len)
  # New inputs go to a scratch directory, emptied first: the committed
  # corpus is only read, and every run starts from the same inputs.
  add_test(NAME fuzz.${_t}
    COMMAND sh -c "rm -rf '${_asan}/fuzz-${_t}' && mkdir -p '${_asan}/fuzz-${_t}' && exec '${_asan}/tests/fuzz/innosim_fuzz_${_t}' -runs=${_runs} -seed=19 -timeout=60 -max_len=${_max_len} -print_funcs=0 -print_final_stats=1 -artifact_prefix='${_asan}/fuzz-${_t}-' '${_asan}/fuzz-${_t}' '${CMAKE_CURRENT_SOURCE_DIR}/fuzz/corpus/${_t}'")
  set_tests_properties(fuzz.${_t} PROPERTIES LABELS "fuzz" FIXTURES_REQUIRED ci_asan TIMEOUT 900
    ENVIRONMENT "${_asan_env}" COST 7000)
endforeach()

# --- ThreadSanitizer: the thread pool ---------------------------------------------------------------
set(_tsan ${CMAKE_BINARY_DIR}/ci-tsan)
add_test(NAME tsan.build
  COMMAND sh -c "${CMAKE_COMMAND} -S '${_src}' -B '${_tsan}' ${_ci_common} -DINNOSIM_TSAN=ON >/dev/null && ${CMAKE_COMMAND} --build '${_tsan}' -j 2 --target innosim_pool_tests")
set_tests_properties(tsan.build PROPERTIES LABELS "tsan" FIXTURES_SETUP ci_tsan TIMEOUT 1800 PROCESSORS 2
  RESOURCE_LOCK ci_tree_build COST 9500)
add_test(NAME tsan.pool
  COMMAND ${CMAKE_COMMAND} -E env TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1
          ${_tsan}/tests/innosim_pool_tests --gtest_brief=1)
set_tests_properties(tsan.pool PROPERTIES LABELS "tsan" FIXTURES_REQUIRED ci_tsan TIMEOUT 900)
