#include "innosim/experiments/target_expr.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <limits>
#include <set>

#include "input_file.hpp"

namespace innosim::experiments {

bool parse_date(const std::string& t, int& year, int& month, int& day) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!std::isdigit(static_cast<unsigned char>(t[i]))) return false;
  year = std::atoi(t.substr(0, 4).c_str());
  month = std::atoi(t.substr(5, 2).c_str());
  day = std::atoi(t.substr(8, 2).c_str());
  if (month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int last = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  return day <= last;
}

namespace {

int days_in_month(int year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

const char* month_name(int m) {
  static constexpr const char* kNames[12] = {"January", "February", "March",     "April",   "May",      "June",
                                             "July",    "August",   "September", "October", "November", "December"};
  return kNames[m - 1];
}

struct Failure {
  std::size_t offset;
  std::string message;
};

/// Recursive descent over the characters of one expression.
class Parser {
 public:
  Parser(const std::string& text, const TargetGrid& grid, std::vector<TargetExpr::Node>& nodes)
      : s_(text), grid_(grid), nodes_(nodes) {}

  int parse() {
    const int root = expr();
    skip();
    if (i_ < s_.size()) fail(i_, "unexpected '" + std::string(1, s_[i_]) + "' after the end of the expression");
    return root;
  }

 private:
  using Op = TargetExpr::Op;

  [[noreturn]] void fail(std::size_t at, std::string message) { throw Failure{at, std::move(message)}; }
  void skip() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
  }
  bool eat(char c) {
    skip();
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  void expect(char c, const char* what) {
    skip();
    if (i_ >= s_.size()) fail(i_, std::string("expected ") + what + " but the expression ends");
    if (s_[i_] != c) fail(i_, std::string("expected ") + what + ", found '" + s_[i_] + "'");
    ++i_;
  }
  int add(TargetExpr::Node n) {
    nodes_.push_back(std::move(n));
    return static_cast<int>(nodes_.size()) - 1;
  }
  int binary(Op op, int a, int b) {
    TargetExpr::Node n;
    n.op = op;
    n.a = a;
    n.b = b;
    return add(std::move(n));
  }

  int expr() {
    int left = term();
    for (;;) {
      if (eat('+'))
        left = binary(Op::add, left, term());
      else if (eat('-'))
        left = binary(Op::sub, left, term());
      else
        return left;
    }
  }
  int term() {
    int left = unary();
    for (;;) {
      if (eat('*'))
        left = binary(Op::mul, left, unary());
      else if (eat('/'))
        left = binary(Op::div, left, unary());
      else
        return left;
    }
  }
  int unary() {
    if (eat('-')) {
      TargetExpr::Node n;
      n.op = Op::neg;
      n.a = unary();
      return add(std::move(n));
    }
    return primary();
  }
  std::string word() {
    std::size_t j = i_;
    while (j < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[j])) || s_[j] == '_')) ++j;
    std::string w = s_.substr(i_, j - i_);
    i_ = j;
    return w;
  }
  int primary() {
    skip();
    if (i_ >= s_.size()) fail(i_, "expected a number, a function (stock, flow, growth, annual_growth, ratio) or '(' "
                                  "but the expression ends");
    const char c = s_[i_];
    if (c == '(') {
      ++i_;
      const int e = expr();
      expect(')', "')'");
      return e;
    }
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') {
      const char* begin = s_.c_str() + i_;
      char* end = nullptr;
      const double v = std::strtod(begin, &end);
      if (end == begin) fail(i_, "not a number");
      i_ += static_cast<std::size_t>(end - begin);
      TargetExpr::Node n;
      n.value = v;
      return add(std::move(n));
    }
    if (std::isalpha(static_cast<unsigned char>(c))) {
      const std::size_t at = i_;
      const std::string name = word();
      skip();
      if (i_ >= s_.size() || s_[i_] != '(') {
        if (metric_index(name) >= 0)
          fail(at, "'" + name + "' is a metric: read it with stock(" + name + ", DATE) or flow(" + name +
                       ", FROM, TO)");
        fail(at, "unknown name '" + name + "': expected stock, flow, growth, annual_growth or ratio");
      }
      ++i_;
      return call(name, at);
    }
    fail(i_, std::string("unexpected '") + c + "'");
  }

  std::ptrdiff_t metric_index(const std::string& name) const {
    for (std::size_t k = 0; k < grid_.metric_names.size(); ++k)
      if (grid_.metric_names[k] == name) return static_cast<std::ptrdiff_t>(k);
    return -1;
  }

  /// metric (+|- metric)*: a sum of metrics read at the same dates.
  std::vector<std::pair<std::size_t, double>> metric_sum(bool want_flow, const std::string& fn) {
    std::vector<std::pair<std::size_t, double>> out;
    double sign = 1;
    for (;;) {
      skip();
      const std::size_t at = i_;
      if (i_ >= s_.size() || !(std::isalpha(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_'))
        fail(i_, "expected a metric name");
      const std::string name = word();
      const std::ptrdiff_t k = metric_index(name);
      if (k < 0) fail(at, "unknown metric '" + name + "'" + suggestion(name) + " (innosim inspect lists them)");
      const bool flow = grid_.metric_is_flow[static_cast<std::size_t>(k)];
      const bool mean = k < static_cast<std::ptrdiff_t>(grid_.metric_is_mean.size()) &&
                        grid_.metric_is_mean[static_cast<std::size_t>(k)];
      if (want_flow && mean)
        fail(at, "'" + name + "' is a mean over each sampling period (a share or a rate), which does not add up "
                     "over time: read it at a date with stock(" + name + ", DATE)");
      if (want_flow && !flow)
        fail(at, "'" + name + "' is a stock (a level at each sample), not a flow: use stock(" + name + ", DATE) or "
                     "growth(" + name + ", FROM, TO)");
      if (!want_flow && flow)
        fail(at, "'" + name + "' is a flow (per sampling period), not a stock: " + fn +
                     "() would read one period's value; sum it over a period with flow(" + name + ", FROM, TO)");
      out.emplace_back(static_cast<std::size_t>(k), sign);
      skip();
      if (i_ < s_.size() && s_[i_] == '+') {
        ++i_;
        sign = 1;
      } else if (i_ < s_.size() && s_[i_] == '-' ) {
        ++i_;
        sign = -1;
      } else {
        return out;
      }
    }
  }

  std::string suggestion(const std::string& w) const { return detail::suggest(w, grid_.metric_names); }

  /// A date argument as a sample index: the end of its day (`start` false)
  /// or its start (`start` true), which must be on the sampling grid.
  int date(bool start, const char* role) {
    skip();
    const std::size_t at = i_;
    std::size_t j = i_;
    while (j < s_.size() && (std::isdigit(static_cast<unsigned char>(s_[j])) || s_[j] == '-')) ++j;
    const std::string t = s_.substr(i_, j - i_);
    int y = 0, m = 0, d = 0;
    if (!parse_date(t, y, m, d)) fail(at, std::string("expected the ") + role + " date as YYYY-MM-DD" +
                                              (t.empty() ? "" : ", found '" + t + "'"));
    i_ = j;
    // Months since the start (1 January of start_year, 00:00) at that instant.
    int month;
    if (start) {
      if (d != 1)
        fail(at, std::string("the ") + role + " date " + t + " is not the first day of a month: a period starts at " +
                     "00:00 on the first day of a month (" + std::to_string(y) + "-" + (m < 10 ? "0" : "") +
                     std::to_string(m) + "-01)");
      month = (y - grid_.start_year) * 12 + (m - 1);
    } else {
      if (d != days_in_month(y, m))
        fail(at, std::string("the ") + role + " date " + t + " is not the last day of a month: stocks are sampled " +
                     "at the end of a month (" + std::to_string(y) + "-" + (m < 10 ? "0" : "") + std::to_string(m) +
                     "-" + std::to_string(days_in_month(y, m)) + " is the end of " + month_name(m) + ")");
      month = (y - grid_.start_year) * 12 + m;
    }
    if (month < 0)
      fail(at, "the date " + t + " is before the run starts (1 January " + std::to_string(grid_.start_year) +
                   "): outputs begin at the start date");
    if (month > grid_.horizon_months)
      fail(at, "the date " + t + " is after the run ends (" + std::to_string(grid_.horizon_months / 12) +
                   " years after 1 January " + std::to_string(grid_.start_year) + "): lengthen horizon_years");
    if (month % grid_.sampling_months != 0)
      fail(at, "the date " + t + " falls between two samples: the scenario samples every " +
                   std::to_string(grid_.sampling_months) + " months (set outputs.sampling: monthly)");
    return month / grid_.sampling_months;
  }

  int call(const std::string& fn, std::size_t at) {
    TargetExpr::Node n;
    if (fn == "ratio") {
      const int a = expr();
      expect(',', "',' between the numerator and the denominator");
      const int b = expr();
      expect(')', "')' closing ratio(");
      return binary(Op::div, a, b);
    }
    if (fn == "stock") {
      n.op = Op::stock;
      n.metric = metric_sum(false, fn);
      expect(',', "',' before the date");
      n.sample1 = date(false, "stock");
      n.sample0 = n.sample1;
      expect(')', "')' closing stock(");
      return add(std::move(n));
    }
    if (fn == "flow" || fn == "growth" || fn == "annual_growth") {
      const bool flow = fn == "flow";
      n.op = flow ? Op::flow : (fn == "growth" ? Op::growth : Op::annual_growth);
      n.metric = metric_sum(flow, fn);
      expect(',', "',' before the first date");
      const std::size_t from_at = i_;
      n.sample0 = date(flow, "first");
      expect(',', "',' before the second date");
      n.sample1 = date(false, "second");
      if (n.sample1 <= n.sample0)
        fail(from_at, fn + "(): the period must end after it starts");
      n.value = static_cast<double>((n.sample1 - n.sample0) * grid_.sampling_months) / 12.0;
      expect(')', ("')' closing " + fn + "(").c_str());
      return add(std::move(n));
    }
    fail(at, "unknown function '" + fn + "': expected stock, flow, growth, annual_growth or ratio");
  }

  const std::string& s_;
  const TargetGrid& grid_;
  std::vector<TargetExpr::Node>& nodes_;
  std::size_t i_ = 0;
};

}  // namespace

bool TargetExpr::compile(const std::string& text, const TargetGrid& grid, TargetExpr& out, ExprError& error) {
  TargetExpr e;
  e.text_ = text;
  e.last_grid_sample_ = grid.horizon_months / std::max(1, grid.sampling_months);
  try {
    Parser p(text, grid, e.nodes_);
    e.root_ = p.parse();
  } catch (const Failure& f) {
    error = {f.offset, f.message};
    return false;
  }
  bool any = false;
  for (const Node& n : e.nodes_) {
    if (n.op != Op::stock && n.op != Op::flow && n.op != Op::growth && n.op != Op::annual_growth) continue;
    const int lo = n.op == Op::stock ? n.sample1 : n.sample0;
    e.first_sample_ = any ? std::min(e.first_sample_, lo) : lo;
    e.last_sample_ = any ? std::max(e.last_sample_, n.sample1) : n.sample1;
    any = true;
  }
  if (!any) {
    error = {0, "the expression reads no metric: use stock(), flow(), growth() or annual_growth()"};
    return false;
  }
  out = std::move(e);
  return true;
}

bool TargetExpr::shift_fits(int shift) const {
  return first_sample_ + shift >= 0 && last_sample_ + shift <= last_grid_sample_;
}

std::vector<std::size_t> TargetExpr::metrics() const {
  std::set<std::size_t> s;
  for (const Node& n : nodes_)
    for (const auto& [k, sign] : n.metric) s.insert(k);
  return {s.begin(), s.end()};
}

std::string TargetExpr::unit(const std::vector<std::string>& metric_units) const {
  const auto base = [](std::string u) {
    if (const std::size_t per = u.find(" per "); per != std::string::npos) u.resize(per);  // "yuan per month"
    return u;
  };
  const std::function<std::string(int)> of = [&](int id) -> std::string {
    if (id < 0) return "";
    const Node& n = nodes_[static_cast<std::size_t>(id)];
    switch (n.op) {
      case Op::stock:
      case Op::flow: {
        std::string u;
        for (const auto& [k, sign] : n.metric) {
          const std::string mu = k < metric_units.size() ? base(metric_units[k]) : std::string();
          if (u.empty()) u = mu;
          if (mu != u) return "";
        }
        return u;
      }
      case Op::growth:
      case Op::annual_growth: return "share";
      case Op::add:
      case Op::sub: {
        const std::string a = of(n.a);
        return a == of(n.b) ? a : "";
      }
      case Op::neg: return of(n.a);
      // A quantity scaled by a plain number keeps its unit: a two-year flow
      // divided by 2 is still yuan (a yearly rate), and shows as money.
      case Op::mul:
        if (nodes_[static_cast<std::size_t>(n.a)].op == Op::number) return of(n.b);
        if (nodes_[static_cast<std::size_t>(n.b)].op == Op::number) return of(n.a);
        return "";
      case Op::div: return nodes_[static_cast<std::size_t>(n.b)].op == Op::number ? of(n.a) : "";
      default: return "";
    }
  };
  return of(root_);
}

double TargetExpr::evaluate(const std::vector<std::vector<double>>& series, int shift) const {
  if (!shift_fits(shift)) return std::numeric_limits<double>::quiet_NaN();
  return eval(root_, series, shift);
}

double TargetExpr::eval(int id, const std::vector<std::vector<double>>& series, int shift) const {
  const Node& n = nodes_[static_cast<std::size_t>(id)];
  const auto level = [&](int sample) {
    double v = 0;
    for (const auto& [k, sign] : n.metric) v += sign * series[k][static_cast<std::size_t>(sample + shift)];
    return v;
  };
  switch (n.op) {
    case Op::number: return n.value;
    case Op::stock: return level(n.sample1);
    case Op::flow: {
      double v = 0;
      for (int s = n.sample0 + 1; s <= n.sample1; ++s) v += level(s);
      return v;
    }
    case Op::growth: {
      const double a = level(n.sample0);
      return a == 0 ? std::numeric_limits<double>::quiet_NaN() : level(n.sample1) / a - 1.0;
    }
    case Op::annual_growth: {
      const double a = level(n.sample0), b = level(n.sample1);
      if (a == 0 || b / a < 0) return std::numeric_limits<double>::quiet_NaN();
      return std::pow(b / a, 1.0 / n.value) - 1.0;
    }
    case Op::add: return eval(n.a, series, shift) + eval(n.b, series, shift);
    case Op::sub: return eval(n.a, series, shift) - eval(n.b, series, shift);
    case Op::mul: return eval(n.a, series, shift) * eval(n.b, series, shift);
    case Op::div: {
      const double b = eval(n.b, series, shift);
      return b == 0 ? std::numeric_limits<double>::quiet_NaN() : eval(n.a, series, shift) / b;
    }
    case Op::neg: return -eval(n.a, series, shift);
  }
  return std::numeric_limits<double>::quiet_NaN();
}

}  // namespace innosim::experiments
