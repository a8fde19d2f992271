# The two commands of the README's Quick start, plus conveniences.
# `make run`  : install missing packages, configure, build, run the main job.
# `make test` : the same set-up, then every test through ctest.
PRESET ?= release
# The release preset builds into build/ itself, so the paths the docs give
# (build/app/innosim, build/bench/innosim-bench) hold; other presets use build/<name>.
BUILD_DIR := $(if $(filter release,$(PRESET)),build,build/$(PRESET))
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all deps configure build run test bench clean docs

all: build

deps:
	@bash tools/install_deps.sh

configure: deps
	@cmake --preset $(PRESET) >/dev/null

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

# The run, then its report (HTML beside the results file): the evidence
# page is the first thing a new user sees. A run with failed replications
# still has its file and its report, which shows the failures.
run: build
	@$(BUILD_DIR)/app/innosim run | tee $(BUILD_DIR)/last-run.txt; \
	out=$$(sed -n 's/^results: //p' $(BUILD_DIR)/last-run.txt); \
	test -n "$$out" || { echo "make run: the run wrote no results file" >&2; exit 1; }; \
	$(BUILD_DIR)/app/innosim report "$$out"

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

bench: build
	$(BUILD_DIR)/bench/innosim-bench hold --pending 100000 --ops 20000000

docs: build
	$(BUILD_DIR)/app/innosim schema --markdown --lang en > docs/scenarios.md.tmp && mv docs/scenarios.md.tmp docs/scenarios.md

clean:
	rm -rf build
