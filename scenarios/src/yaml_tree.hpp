#pragma once
// A small YAML document tree built from yaml-cpp's event parser rather than
// its Node API, because the loader needs what YAML::Node hides or gets wrong
// for untrusted input: the source position of every key and value, duplicate
// keys (YAML::Node keeps them silently), quoted-versus-plain scalars, and
// bounded alias expansion (YAML::Node shares aliased nodes, so a naive walk of
// a "billion laughs" document never ends).
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "innosim/scenario/scenario.hpp"

namespace innosim::scenario::detail {

struct Position {
  int line = 0;
  int column = 0;
};

/// A text that was parsed, with what is needed to turn byte offsets into
/// 1-based line and column (in characters) for diagnostics.
class SourceFile {
 public:
  /// A file: `text` is the whole file.
  SourceFile(std::string name, std::string text);
  /// A --set argument: every position is on line `fixed_line`.
  SourceFile(std::string name, std::string text, int fixed_line);

  const std::string& name() const { return name_; }
  const std::string& text() const { return text_; }
  bool is_override() const { return fixed_line_ > 0; }
  Position position(std::size_t offset) const;
  Diagnostic diagnostic(std::size_t offset, std::string message) const;

 private:
  std::string name_;
  std::string text_;
  int fixed_line_ = 0;
  std::vector<std::size_t> line_starts_;
};

enum class NodeKind { Null, Scalar, Sequence, Mapping };

struct Node;
using NodePtr = std::shared_ptr<const Node>;

struct Entry {
  std::string key;
  const SourceFile* file = nullptr;
  std::size_t key_offset = 0;
  NodePtr value;
};

struct Node {
  NodeKind kind = NodeKind::Null;
  const SourceFile* file = nullptr;
  std::size_t offset = 0;  // byte offset of the node's start in file->text()
  std::string scalar;
  bool plain = true;  // false for quoted and block scalars and !!str: always text, never a number
  std::vector<NodePtr> items;
  std::vector<Entry> entries;
  std::size_t size = 1;  // nodes in the subtree with aliases expanded
  int height = 1;

  const Entry* find(std::string_view key) const;
  Diagnostic diagnostic(std::string message) const { return file->diagnostic(offset, std::move(message)); }
};

/// "a mapping", "a list", "no value", "the text \"abc\"" — for messages.
std::string describe(const Node& node);

/// Parses `file` (or, for a --set argument, its text from `start` on) into
/// one document. Returns null after adding diagnostics when the text cannot
/// be used: a syntax error, more than one document, or a limit exceeded. An
/// empty document gives a Null node. `nodes_budget` is shared across every
/// file of one load so that a chain of files cannot multiply the limit.
NodePtr parse_yaml(const SourceFile& file, std::size_t start, std::size_t& nodes_budget,
                   std::vector<Diagnostic>& diagnostics);

}  // namespace innosim::scenario::detail
