#pragma once
// libFuzzer's coverage counters of this executable, so that a fuzz target
// whose work runs in a child process can hand the child's counts back.
#include <cstdint>
#include <span>

std::span<std::uint8_t> coverage_counters();
