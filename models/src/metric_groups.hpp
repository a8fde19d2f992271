#pragma once
// The sampling's table of metric groups (metrics.cpp): each module reports
// its own metrics; the table fixes their output order.
#include <vector>

#include "innosim/model/metrics.hpp"

namespace innosim::model {

struct World;

/// One module's group of metrics: their infos, in output order, how it
/// appends their values at a sample, and how it restarts its period counts
/// (nullptr: none) once every group has reported.
struct MetricGroup {
  const std::vector<MetricInfo>& (*infos)();
  void (*report)(const World& w, const Census& c, MetricRow& out);
  void (*restart)(World& w);
};

/// Every group, in catalogue order.
const std::vector<MetricGroup>& metric_groups();

}  // namespace innosim::model
