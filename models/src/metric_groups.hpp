#pragma once
// The registry of metric groups: each module registers its groups of
// metrics in its own source file, each with a rank that fixes its place in
// the output order (files and downstream tools rely on the order; the
// ranks in use are listed in models/README.md, "Metrics").
#include <vector>

#include "innosim/model/metrics.hpp"

namespace innosim::model {

struct World;

/// One module's group of metrics: its rank in the output order, its infos
/// (in output order), how it appends their values at a sample, and how it
/// restarts its period counts (nullptr: none) once every group has reported.
struct MetricGroup {
  int rank;
  const std::vector<MetricInfo>& (*infos)();
  void (*report)(const World& w, const Census& c, MetricRow& out);
  void (*restart)(World& w);
};

/// Registers a group at static initialisation: a namespace-scope
/// `const RegisterMetrics name{rank, &Module::metrics, report, restart};`
/// beside the module's metrics (the model is one translation unit, so the
/// name must be unique in the model).
struct RegisterMetrics {
  RegisterMetrics(int rank, const std::vector<MetricInfo>& (*infos)(),
                  void (*report)(const World& w, const Census& c, MetricRow& out), void (*restart)(World& w) = nullptr);
};

/// Every registered group, in output order (by rank; InternalError when two share a rank).
const std::vector<MetricGroup>& metric_groups();

}  // namespace innosim::model
