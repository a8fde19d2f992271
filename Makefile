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

run: build
	$(BUILD_DIR)/app/innosim run

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

bench: build
	$(BUILD_DIR)/bench/innosim-bench hold --pending 100000 --ops 20000000

docs: build
	$(BUILD_DIR)/app/innosim schema --markdown > docs/scenarios.md.tmp && mv docs/scenarios.md.tmp docs/scenarios.md

clean:
	rm -rf build
