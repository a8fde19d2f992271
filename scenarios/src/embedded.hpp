#pragma once
// The scenario library compiled into the binary. The definitions are
// generated at build time from scenarios/library/*.yaml (see
// scenarios/cmake/embed_scenarios.cmake).
#include <cstddef>

namespace innosim::scenario::detail {

struct EmbeddedFile {
  const char* name;  // file name without .yaml
  const unsigned char* data;
  std::size_t size;
};

extern const EmbeddedFile kEmbeddedFiles[];
extern const std::size_t kEmbeddedFileCount;

}  // namespace innosim::scenario::detail
