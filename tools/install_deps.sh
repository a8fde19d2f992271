#!/usr/bin/env bash
# Installs the Debian packages innosim needs, only those that are missing.
# Idempotent: a second run does nothing but check. Needs root (or sudo) only
# when something is missing.
set -euo pipefail

packages=(
  build-essential cmake git pkg-config
  libboost-dev libboost-program-options-dev
  libeigen3-dev libyaml-cpp-dev
  libhdf5-dev hdf5-tools
  libgtest-dev libgmock-dev libbenchmark-dev
  libfmt-dev
  libnlopt-cxx-dev
  libopenmpi-dev openmpi-bin
  python3 python3-h5py python3-numpy python3-pandas
  # innosim report / export: spreadsheets, and the report checked in a real browser
  libxlsxwriter-dev python3-openpyxl chromium fonts-noto-cjk
  # the printed report read back page by page (charts not split across A4 pages)
  poppler-utils
  # output/SCHEMA.md's R recipes, run by the test docs.reading_recipes (11 packages,
  # 31 MB; 23 s to install on the shared 2-core machine)
  r-base-core r-cran-hdf5r r-bioc-rhdf5
  # The sanitizer and fuzzing tests (tests/ci.cmake, labels asan, tsan,
  # fuzz): clang with libFuzzer and the sanitizer runtimes; llvm for
  # llvm-symbolizer, which turns a sanitizer's stack into file:line.
  clang libclang-rt-14-dev llvm
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install_deps: installing missing Debian packages: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install_deps: not root and no sudo; install these packages by hand: ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
