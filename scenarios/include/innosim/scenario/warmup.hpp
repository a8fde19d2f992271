#pragma once
// The warm-up option (warmup_years, issue 18 part 2): a period simulated
// before the start date with the start year's policies and dropped from
// every output. Here the scenario it simulates; experiments::execute drops
// the period from a run's outputs. docs/model.md, "Warm-up".
#include "innosim/scenario/scenario.hpp"

namespace innosim::scenario {

/// warmup_years: whole years simulated before start_year and discarded (0: none).
int warmup_years(const Scenario& s);

/// The scenario a run with a warm-up simulates (warmup_years W > 0): it
/// starts W years earlier (start_year - W), runs W years longer, and keeps
/// the start year's policies during the warm-up: every schedule takes its
/// start-year value in every year up to the start year (later steps are
/// kept); an instrument active in the start year whose window opened before
/// it (start_year 0 or earlier) is active in the warm-up too; an instrument
/// whose window opens in the start year or later (a policy introduced at the
/// start date, as the library's variants do from 2026) is off in the warm-up
/// and opens at its year; an instrument off in the start year is off in the
/// warm-up. warmup_years is 0 in the result. The run layer
/// (experiments::execute) drops the first W years of its outputs and counts
/// time from the start date. Throws ScenarioError when horizon_years +
/// warmup_years exceeds the 50 years over which the books are proven to
/// balance. Returns `s` itself when W is 0.
Scenario warmup_run_scenario(const Scenario& s);

}  // namespace innosim::scenario
