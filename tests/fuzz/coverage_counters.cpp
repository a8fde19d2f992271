// The coverage counters libFuzzer reads (-fsanitize=fuzzer: one 8-bit
// counter per edge, in the section __sancov_cntrs, which the linker brackets
// with __start_/__stop_ symbols). In a source of its own, compiled without
// coverage: in an instrumented one, the compiler's own declarations of these
// symbols clash with ours and the counters are never registered.
#include "coverage_counters.hpp"

extern "C" {
extern std::uint8_t __start___sancov_cntrs __attribute__((weak, visibility("hidden")));
extern std::uint8_t __stop___sancov_cntrs __attribute__((weak, visibility("hidden")));
}

std::span<std::uint8_t> coverage_counters() {
  if (!&__start___sancov_cntrs || !&__stop___sancov_cntrs) return {};
  return {&__start___sancov_cntrs, static_cast<std::size_t>(&__stop___sancov_cntrs - &__start___sancov_cntrs)};
}
