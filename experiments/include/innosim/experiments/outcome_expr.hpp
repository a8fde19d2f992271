#pragma once
// An outcome expression of `innosim discover --outcome EXPR`: arithmetic
// (+ - * / and parentheses, numbers such as 1.5e6) over named variables
// ("effect.high_tech_enterprises + effect.gazelles"). Parsed once and
// evaluated per point.
#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace innosim::experiments {

class OutcomeExpression {
 public:
  /// Parses `text` over `variables` (the names it may use, in the order the
  /// values will be given); std::invalid_argument("at column C: ...") for a
  /// syntax error or an unknown name (with the closest known one).
  OutcomeExpression(const std::string& text, const std::vector<std::string>& variables);
  /// The value for the variables' `values` (NaN propagates; x / 0 is ±inf or NaN).
  double evaluate(std::span<const double> values) const;
  /// The variables the expression uses (indices into `variables`), in order of first use.
  const std::vector<std::size_t>& used() const { return used_; }
  const std::string& text() const { return text_; }

 private:
  enum class Op { number, variable, add, sub, mul, div, neg };
  struct Step {
    Op op;
    double number = 0;
    std::size_t variable = 0;
  };
  std::string text_;
  std::vector<Step> program_;  // postfix
  std::vector<std::size_t> used_;
};

}  // namespace innosim::experiments
