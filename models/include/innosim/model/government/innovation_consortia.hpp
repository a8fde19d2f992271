#pragma once
// Innovation consortia (创新联合体) (docs/model.md 7.25): a chain-leader firm,
// member firms of its sector and a partner lab attack a key technology
// together for a few years, funded by a yearly government grant and the
// leader's co-funding; a breakthrough reaches the leader and the members.
#include <cstdint>
#include <vector>

#include "innosim/model/metrics.hpp"
#include "innosim/model/programme.hpp"

namespace innosim::model {

struct Binder;
struct World;

struct ConsortiumParams {
  /// Switch, window, yearly budget; min_stage is the leader's eligibility.
  Programme programme{.enabled = false, .budget_yuan = Scheduled(30e6), .min_stage = Stage::high_tech};
  int per_year = 2;                      ///< most consortia formed per year (and at most one running per sector)
  double grant_yuan = 5e6;               ///< G: government grant per consortium per year
  int duration_years = 3;                ///< D: years a consortium runs unless it breaks through earlier
  double cofunding_share = 0.5;          ///< s: leader's share of the consortium's yearly budget T = G / (1 - s)
  int members = 3;                       ///< member firms besides the leader
  Stage member_min_stage = Stage::tech_sme;  ///< members' eligibility
  double lab_share = 0.3;                ///< share of T paid to the partner lab
  double success_max = 0.6;              ///< p_max: yearly breakthrough probability as funding grows without bound
  double reference_funding_yuan = 10e6;  ///< T_ref: p = p_max (1 - exp(-T / T_ref))
  double return_on_rd = 0.3;             ///< r: a breakthrough is worth r T / p a year (7.25)
  double max_gain = 0.15;                ///< the largest productivity gain a breakthrough gives the leader
  double member_gain_share = 0.5;        ///< each member gains this share of the leader's gain
};

/// The `policies.innovation_consortia.*` keys.
void bind_keys(Binder& b, ConsortiumParams& p);

/// An innovation consortium (创新联合体): a chain-leader firm, member firms of
/// its sector and a partner lab (7.25). Kept after it ends, for the record.
struct Consortium {
  std::int64_t leader = 0;
  std::vector<std::int64_t> members;
  int sector = 0;
  int formed_year = 0;
  int years_run = 0;        ///< yearly rounds done (funded or not)
  double grants = 0;        ///< government grants paid to it so far (yuan)
  double cofunding = 0;     ///< the leader's co-funding so far (yuan)
  bool active = true;       ///< running; false once it broke through, ran its D years or lost its leader
  bool breakthrough = false;
  double value = 0;         ///< V = r T / p: the breakthrough's yearly value to the participants (yuan; 0 if none)
  double leader_gain = 0;   ///< g_L: the leader's productivity gain from the breakthrough (0 if none)
};

class InnovationConsortia {
 public:
  explicit InnovationConsortia(World& w);  ///< registers its fiscal line
  /// The running consortia's year, then new ones.
  void year(World& w);
  /// Every consortium formed so far, running or ended, in order of formation.
  const std::vector<Consortium>& consortia() const { return consortia_; }

  // ---- metrics: running, breakthroughs, the leaders' co-funding
  static const std::vector<MetricInfo>& metrics();
  void report(MetricRow& out) const;
  void restart_period() { breakthroughs_ = cofunding_ = 0; }

 private:
  /// One consortium year: grant, co-funding, lab share, breakthrough draw.
  void consortium_year(World& w, std::size_t index);
  std::vector<Consortium> consortia_;
  double breakthroughs_ = 0, cofunding_ = 0;  ///< period
};

}  // namespace innosim::model
