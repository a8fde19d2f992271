#include "innosim/experiments/outcome_expr.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <stdexcept>

#include "input_file.hpp"

namespace innosim::experiments {

namespace {

/// Recursive descent: expr = term {(+|-) term}; term = unary {(*|/) unary};
/// unary = -unary | primary; primary = number | name | ( expr ).
class Parser {
 public:
  Parser(const std::string& t, const std::vector<std::string>& vars) : t_(t), vars_(vars) {}

  template <class Emit>
  void parse(Emit&& emit) {
    expr(emit);
    skip();
    if (i_ < t_.size()) fail("unexpected '" + std::string(1, t_[i_]) + "'");
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw std::invalid_argument("at column " + std::to_string(i_ + 1) + ": " + what);
  }
  void skip() {
    while (i_ < t_.size() && std::isspace(static_cast<unsigned char>(t_[i_]))) ++i_;
  }
  template <class Emit>
  void expr(Emit& emit) {
    term(emit);
    for (;;) {
      skip();
      if (i_ < t_.size() && (t_[i_] == '+' || t_[i_] == '-')) {
        const char op = t_[i_++];
        term(emit);
        emit(op == '+' ? '+' : '-', 0.0, 0);
      } else {
        return;
      }
    }
  }
  template <class Emit>
  void term(Emit& emit) {
    unary(emit);
    for (;;) {
      skip();
      if (i_ < t_.size() && (t_[i_] == '*' || t_[i_] == '/')) {
        const char op = t_[i_++];
        unary(emit);
        emit(op, 0.0, 0);
      } else {
        return;
      }
    }
  }
  template <class Emit>
  void unary(Emit& emit) {
    skip();
    if (i_ < t_.size() && t_[i_] == '-') {
      ++i_;
      unary(emit);
      emit('~', 0.0, 0);
      return;
    }
    if (i_ < t_.size() && t_[i_] == '+') ++i_;
    primary(emit);
  }
  template <class Emit>
  void primary(Emit& emit) {
    skip();
    if (i_ >= t_.size()) fail("an expression ends too early: a number, a name or '(' expected");
    const char c = t_[i_];
    if (c == '(') {
      ++i_;
      expr(emit);
      skip();
      if (i_ >= t_.size() || t_[i_] != ')') fail("')' expected");
      ++i_;
      return;
    }
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') {
      const char* start = t_.c_str() + i_;
      char* end = nullptr;
      const double v = std::strtod(start, &end);
      if (end == start) fail("a number expected");
      i_ += static_cast<std::size_t>(end - start);
      emit('n', v, 0);
      return;
    }
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      const std::size_t begin = i_;
      while (i_ < t_.size() &&
             (std::isalnum(static_cast<unsigned char>(t_[i_])) || t_[i_] == '_' || t_[i_] == '.' || t_[i_] == '@'))
        ++i_;
      std::string name = t_.substr(begin, i_ - begin);
      for (std::size_t v = 0; v < vars_.size(); ++v)
        if (vars_[v] == name) {
          emit('v', 0.0, v);
          return;
        }
      i_ = begin;
      fail("unknown name '" + name + "'" + detail::suggest(name, vars_));
    }
    fail("unexpected '" + std::string(1, c) + "'");
  }

  const std::string& t_;
  const std::vector<std::string>& vars_;
  std::size_t i_ = 0;
};

}  // namespace

OutcomeExpression::OutcomeExpression(const std::string& text, const std::vector<std::string>& variables)
    : text_(text) {
  Parser p(text, variables);
  p.parse([&](char op, double number, std::size_t var) {
    switch (op) {
      case 'n': program_.push_back({Op::number, number, 0}); break;
      case 'v':
        program_.push_back({Op::variable, 0, var});
        if (std::find(used_.begin(), used_.end(), var) == used_.end()) used_.push_back(var);
        break;
      case '+': program_.push_back({Op::add}); break;
      case '-': program_.push_back({Op::sub}); break;
      case '*': program_.push_back({Op::mul}); break;
      case '/': program_.push_back({Op::div}); break;
      case '~': program_.push_back({Op::neg}); break;
    }
  });
}

double OutcomeExpression::evaluate(std::span<const double> values) const {
  std::vector<double> stack(program_.size() + 1);
  std::size_t top = 0;
  for (const Step& s : program_) {
    switch (s.op) {
      case Op::number: stack[top++] = s.number; break;
      case Op::variable: stack[top++] = values[s.variable]; break;
      case Op::neg: stack[top - 1] = -stack[top - 1]; break;
      default: {
        const double b = stack[--top], a = stack[top - 1];
        stack[top - 1] = s.op == Op::add ? a + b : s.op == Op::sub ? a - b : s.op == Op::mul ? a * b : a / b;
      }
    }
  }
  return stack[0];
}

}  // namespace innosim::experiments
