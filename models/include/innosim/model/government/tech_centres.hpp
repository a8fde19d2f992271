#pragma once
// Enterprise technology centres (docs/model.md 7.22 item 5): each year the
// best certified firms by innovation points that apply are recognised, get
// a grant, and their R&D becomes more effective.
#include "innosim/model/programme.hpp"

namespace innosim::model {

struct Binder;
struct World;
struct Firm;

struct TechCentreParams {
  Programme programme{.enabled = true, .budget_yuan = Scheduled(12e6), .min_stage = Stage::high_tech};
  double grant_yuan = 1.7e6;         ///< grant per recognised centre
  /// centres recognised per year on average: the seed's 7 projects in the 4.79
  /// years of "十四五以来" (docs/model.md 7.22); a fraction accrues (a year
  /// recognises floor(r (k + 1)) - floor(r k) centres in the run's year k)
  double per_year = 1.46;
  double rd_boost = 0.3;             ///< innovation odds x (1 + boost) for recognised centres
};

/// The `policies.tech_centres.*` keys.
void bind_keys(Binder& b, TechCentreParams& p);

class TechCentres {
 public:
  explicit TechCentres(World& w);  ///< registers its fiscal line
  /// The year's recognitions.
  void year(World& w);
  /// R&D effectiveness factor of a firm: 1 + boost for a recognised centre.
  double rd_factor(const World& w, const Firm& f) const;
};

}  // namespace innosim::model
