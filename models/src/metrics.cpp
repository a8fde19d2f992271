// The metric catalogue: every module registers its groups of metrics
// (names, units, descriptions, kinds, words and values, in its own source
// file) with a rank; the catalogue is the groups in the order of their
// ranks, which files and downstream tools rely on (output/SCHEMA.md lists
// the metrics, models/README.md the ranks). A new instrument's group takes
// a free rank before the government's spending (9000), which stays last
// (with the net fiscal cost after it).
#include <algorithm>
#include <string>

#include "innosim/engine/error.hpp"
#include "metric_groups.hpp"

namespace innosim::model {

namespace {
// Filled at static initialisation (RegisterMetrics), read after it.
std::vector<MetricGroup>& registered_groups() {
  static std::vector<MetricGroup> groups;
  return groups;
}
}  // namespace

RegisterMetrics::RegisterMetrics(int rank, const std::vector<MetricInfo>& (*infos)(),
                                 void (*report)(const World& w, const Census& c, MetricRow& out), void (*restart)(World& w)) {
  registered_groups().push_back({rank, infos, report, restart});
}

const std::vector<MetricGroup>& metric_groups() {
  static const std::vector<MetricGroup> groups = [] {
    std::vector<MetricGroup> g = registered_groups();
    std::sort(g.begin(), g.end(), [](const MetricGroup& a, const MetricGroup& b) { return a.rank < b.rank; });
    for (std::size_t i = 1; i < g.size(); ++i)
      if (g[i].rank == g[i - 1].rank)
        throw InternalError("two metric groups share the rank " + std::to_string(g[i].rank) + " (models/README.md, \"Metrics\")");
    return g;
  }();
  return groups;
}

const char* metric_kind_name(MetricKind kind) {
  switch (kind) {
    case MetricKind::stock: return "stock";
    case MetricKind::flow: return "flow";
    case MetricKind::mean: return "mean";
  }
  return "unknown";
}

const std::vector<MetricInfo>& metric_catalogue() {
  static const std::vector<MetricInfo> catalogue = [] {
    std::vector<MetricInfo> c;
    for (const MetricGroup& g : metric_groups()) c.insert(c.end(), g.infos().begin(), g.infos().end());
    return c;
  }();
  return catalogue;
}

std::size_t metric_index(const std::string& name) {
  const auto& c = metric_catalogue();
  for (std::size_t i = 0; i < c.size(); ++i)
    if (name == c[i].name) return i;
  throw InternalError("unknown metric " + name);
}

}  // namespace innosim::model
