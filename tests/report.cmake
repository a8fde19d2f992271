# Tests of `innosim report` and `innosim export` end to end: the report in a
# real browser (Debian's headless Chromium, tests/report/browser.py; its
# screenshots and printed PDFs are kept in build/report-screenshots/ for a
# person to look at), the workbook and CSV files read back with openpyxl and
# csv against h5py. Included from tests/CMakeLists.txt (PY, INNOSIM_EXE).
set(_report_dir ${CMAKE_CURRENT_SOURCE_DIR}/report)
add_test(NAME cli.report COMMAND ${PY} ${_report_dir}/test_report.py ${INNOSIM_EXE}
         ${CMAKE_BINARY_DIR}/report-screenshots)
add_test(NAME cli.export COMMAND ${PY} ${_report_dir}/test_export.py ${INNOSIM_EXE})
set_tests_properties(cli.report PROPERTIES LABELS "cli;report;browser" TIMEOUT ${_exp_timeout})
set_tests_properties(cli.export PROPERTIES LABELS "cli;report" TIMEOUT ${_exp_timeout})
