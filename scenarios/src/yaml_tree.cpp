#include "yaml_tree.hpp"

#include <algorithm>
#include <exception>
#include <istream>
#include <optional>
#include <streambuf>
#include <unordered_map>
#include <unordered_set>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include "text.hpp"

namespace innosim::scenario::detail {

SourceFile::SourceFile(std::string name, std::string text) : name_(std::move(name)), text_(std::move(text)) {
  // Line breaks as YAML counts them: LF, CRLF, and a lone CR.
  line_starts_.push_back(0);
  for (std::size_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n') {
      line_starts_.push_back(i + 1);
    } else if (text_[i] == '\r') {
      if (i + 1 < text_.size() && text_[i + 1] == '\n') ++i;
      line_starts_.push_back(i + 1);
    }
  }
}

SourceFile::SourceFile(std::string name, std::string text, int fixed_line)
    : name_(std::move(name)), text_(std::move(text)), fixed_line_(fixed_line) {
  line_starts_.push_back(0);
}

Position SourceFile::position(std::size_t offset) const {
  offset = std::min(offset, text_.size());
  if (fixed_line_ > 0)
    return {fixed_line_, static_cast<int>(count_code_points(std::string_view(text_).substr(0, offset))) + 1};
  const auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  const std::size_t line = static_cast<std::size_t>(it - line_starts_.begin());  // 1-based
  const std::size_t start = line_starts_[line - 1];
  const auto col = count_code_points(std::string_view(text_).substr(start, offset - start)) + 1;
  return {static_cast<int>(line), static_cast<int>(col)};
}

Diagnostic SourceFile::diagnostic(std::size_t offset, std::string message) const {
  const Position p = position(offset);
  return Diagnostic{name_, p.line, p.column, std::move(message)};
}

const Entry* Node::find(std::string_view key) const {
  for (const auto& e : entries)
    if (e.key == key) return &e;
  return nullptr;
}

std::string describe(const Node& node) {
  switch (node.kind) {
    case NodeKind::Null: return "no value";
    case NodeKind::Mapping: return "a mapping";
    case NodeKind::Sequence: return "a list";
    case NodeKind::Scalar: return (node.plain ? "" : "the quoted text ") + quote_short(node.scalar);
  }
  return "?";
}

namespace {

/// Thrown from the event handler to stop yaml-cpp once a limit is hit; the
/// diagnostic has already been recorded.
struct Abort {};

/// An istream over a string_view without copying the text.
class ViewBuf : public std::streambuf {
 public:
  explicit ViewBuf(std::string_view s) {
    char* p = const_cast<char*>(s.data());
    setg(p, p, p + s.size());
  }
};

class TreeBuilder : public YAML::EventHandler {
 public:
  TreeBuilder(const SourceFile& file, std::size_t base, std::size_t& budget, std::vector<Diagnostic>& diags)
      : file_(file), base_(base), budget_(budget), diags_(diags) {}

  NodePtr root() const { return root_; }
  int documents() const { return documents_; }
  std::size_t second_document_offset() const { return second_doc_offset_; }

  void OnDocumentStart(const YAML::Mark& mark) override {
    ++documents_;
    if (documents_ == 2) second_doc_offset_ = offset(mark);
    if (documents_ > 1) throw Abort{};  // only the first document is wanted; the caller reports it
  }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto n = make(NodeKind::Null, mark);
    finish(std::move(n), anchor);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    const auto it = anchors_.find(anchor);
    if (it == anchors_.end()) {
      // yaml-cpp itself rejects undefined anchors, so this is an alias inside
      // the node its anchor names: a cycle a tree cannot hold.
      diags_.push_back(file_.diagnostic(offset(mark), "alias *" + anchor_name(anchor) +
                                                          " refers to a node that contains it (recursive alias)"));
      throw Abort{};
    }
    const NodePtr& target = it->second;
    // Charge the alias its full expanded size: this is what bounds
    // exponential "billion laughs" documents while sharing the nodes.
    charge(target->size, mark, "after expanding aliases");
    if (static_cast<int>(stack_.size()) + target->height > kMaxDepth) {
      diags_.push_back(file_.diagnostic(offset(mark), "alias *" + anchor_name(anchor) + " nests deeper than " +
                                                          std::to_string(kMaxDepth) + " levels"));
      throw Abort{};
    }
    attach(target, offset(mark));
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    auto n = make(NodeKind::Scalar, mark);
    // The file is valid UTF-8, but escapes in quoted text can still make
    // invalid text: yaml-cpp 0.7 turns "\N" into a lone 0x85 byte, and
    // "\uD800" into an encoded surrogate.
    if (auto bad = check_text(value)) {
      std::string msg = "quoted text: ";  // appended, not "literal" + string: GCC 12 -Wrestrict false positive
      msg += bad->message;
      msg += " (check its escape sequences)";
      diags_.push_back(file_.diagnostic(offset(mark), std::move(msg)));
      n->scalar.push_back('?');  // a placeholder; the load fails anyway
    } else {
      n->scalar = value;
    }
    n->plain = scalar_is_plain(tag, mark);
    finish(std::move(n), anchor);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    start(NodeKind::Sequence, mark, tag, anchor);
  }
  void OnSequenceEnd() override { end(); }

  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    start(NodeKind::Mapping, mark, tag, anchor);
  }
  void OnMapEnd() override { end(); }

  void OnAnchor(const YAML::Mark&, const std::string& name) override { pending_anchor_name_ = name; }

 private:
  struct Frame {
    std::shared_ptr<Node> node;
    YAML::anchor_t anchor = 0;
    // Mappings alternate key and value events.
    bool have_key = false;
    bool key_ok = false;
    std::string key;
    std::size_t key_offset = 0;
    std::unordered_map<std::string, std::size_t> seen;  // key -> offset of its first occurrence
  };

  std::size_t offset(const YAML::Mark& mark) const { return base_ + static_cast<std::size_t>(std::max(0, mark.pos)); }

  std::string anchor_name(YAML::anchor_t a) const {
    const auto it = anchor_names_.find(a);
    return it == anchor_names_.end() ? std::to_string(a) : it->second;
  }

  void charge(std::size_t n, const YAML::Mark& mark, const char* why) {
    if (n > budget_) {
      diags_.push_back(file_.diagnostic(offset(mark), "document too large: more than " + std::to_string(kMaxNodes) +
                                                          " nodes " + why));
      throw Abort{};
    }
    budget_ -= n;
  }

  std::shared_ptr<Node> make(NodeKind kind, const YAML::Mark& mark) {
    charge(1, mark, "");
    auto n = std::make_shared<Node>();
    n->kind = kind;
    n->file = &file_;
    n->offset = offset(mark);
    return n;
  }

  bool scalar_is_plain(const std::string& tag, const YAML::Mark& mark) {
    if (tag == "?") return true;
    if (tag == "!" || tag == "tag:yaml.org,2002:str") return false;
    if (tag == "tag:yaml.org,2002:int" || tag == "tag:yaml.org,2002:float" || tag == "tag:yaml.org,2002:bool" ||
        tag == "tag:yaml.org,2002:null")
      return true;
    diags_.push_back(file_.diagnostic(offset(mark), "unsupported YAML tag '" + tag + "'"));
    return true;
  }

  void start(NodeKind kind, const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor) {
    if (static_cast<int>(stack_.size()) + 1 > kMaxDepth) {
      diags_.push_back(file_.diagnostic(offset(mark), "nesting deeper than " + std::to_string(kMaxDepth) + " levels"));
      throw Abort{};
    }
    if (tag != "?" && tag != "!" && tag != "tag:yaml.org,2002:map" && tag != "tag:yaml.org,2002:seq")
      diags_.push_back(file_.diagnostic(offset(mark), "unsupported YAML tag '" + tag + "'"));
    name_anchor(anchor);
    Frame f;
    f.node = make(kind, mark);
    f.anchor = anchor;
    stack_.push_back(std::move(f));
  }

  void end() {
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    std::size_t size = 1;
    int height = 0;
    for (const auto& item : f.node->items) {
      size += item->size;
      height = std::max(height, item->height);
    }
    for (const auto& e : f.node->entries) {
      size += e.value->size;
      height = std::max(height, e.value->height);
    }
    f.node->size = size;
    f.node->height = height + 1;
    register_anchor(f.anchor, f.node);
    attach(f.node, f.node->offset);
  }

  void finish(std::shared_ptr<Node> n, YAML::anchor_t anchor) {
    name_anchor(anchor);
    register_anchor(anchor, n);
    const std::size_t at = n->offset;
    attach(std::move(n), at);
  }

  void name_anchor(YAML::anchor_t anchor) {
    if (anchor != 0 && pending_anchor_name_) anchor_names_[anchor] = *pending_anchor_name_;
    pending_anchor_name_.reset();
  }

  void register_anchor(YAML::anchor_t anchor, const NodePtr& n) {
    if (anchor != 0) anchors_[anchor] = n;
  }

  void attach(NodePtr n, std::size_t at) {
    if (stack_.empty()) {
      root_ = std::move(n);
      return;
    }
    Frame& top = stack_.back();
    auto& parent = *top.node;
    if (parent.kind == NodeKind::Sequence) {
      parent.items.push_back(std::move(n));
      return;
    }
    if (!top.have_key) {
      top.have_key = true;
      top.key_offset = at;
      top.key_ok = n->kind == NodeKind::Scalar || n->kind == NodeKind::Null;
      top.key = n->kind == NodeKind::Scalar ? n->scalar : "";
      if (!top.key_ok)
        diags_.push_back(file_.diagnostic(at, "a key must be plain text, not " + describe(*n)));
      else if (n->kind == NodeKind::Null)
        diags_.push_back(file_.diagnostic(at, "empty key"));
      return;
    }
    top.have_key = false;
    if (!top.key_ok || top.key.empty()) return;  // already reported
    const auto [it, inserted] = top.seen.emplace(top.key, top.key_offset);
    if (!inserted) {
      const Position first = file_.position(it->second);
      diags_.push_back(file_.diagnostic(top.key_offset, "duplicate key '" + top.key + "' (first given at line " +
                                                            std::to_string(first.line) + ", column " +
                                                            std::to_string(first.column) + ")"));
      return;
    }
    parent.entries.push_back(Entry{top.key, &file_, top.key_offset, std::move(n)});
  }

  const SourceFile& file_;
  std::size_t base_;
  std::size_t& budget_;
  std::vector<Diagnostic>& diags_;
  std::vector<Frame> stack_;
  NodePtr root_;
  std::unordered_map<YAML::anchor_t, NodePtr> anchors_;
  std::unordered_map<YAML::anchor_t, std::string> anchor_names_;
  std::optional<std::string> pending_anchor_name_;
  int documents_ = 0;
  std::size_t second_doc_offset_ = 0;
};

}  // namespace

NodePtr parse_yaml(const SourceFile& file, std::size_t start, std::size_t& nodes_budget,
                   std::vector<Diagnostic>& diagnostics) {
  const std::string_view text = std::string_view(file.text()).substr(std::min(start, file.text().size()));
  ViewBuf buf(text);
  std::istream in(&buf);
  TreeBuilder builder(file, start, nodes_budget, diagnostics);
  try {
    YAML::Parser parser(in);
    // At most two calls: yaml-cpp 0.7 can report endless empty documents for
    // some junk (e.g. ","), and a second document is an error anyway.
    if (parser.HandleNextDocument(builder)) parser.HandleNextDocument(builder);
  } catch (const Abort&) {
    if (builder.documents() > 1) {
      diagnostics.push_back(file.diagnostic(builder.second_document_offset(),
                                            "more than one YAML document: a scenario is a single mapping"));
    }
    return nullptr;
  } catch (const YAML::Exception& e) {
    const std::size_t at = start + static_cast<std::size_t>(std::max(0, e.mark.pos));
    diagnostics.push_back(file.diagnostic(at, "YAML syntax error: " + e.msg));
    return nullptr;
  } catch (const std::exception& e) {
    diagnostics.push_back(file.diagnostic(start, std::string("cannot parse: ") + e.what()));
    return nullptr;
  }
  // Duplicate or non-text keys and odd tags were reported but the tree is
  // still usable (the first of duplicates is kept), so checking goes on and
  // the file's other problems are reported in the same run.
  if (!builder.root()) {
    auto empty = std::make_shared<Node>();
    empty->file = &file;
    empty->offset = start;
    return empty;
  }
  return builder.root();
}

}  // namespace innosim::scenario::detail
