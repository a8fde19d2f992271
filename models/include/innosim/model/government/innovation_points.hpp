#pragma once
// Innovation points (创新积分制): the yearly score and the top-N list that
// banks, targeted support, technology centres and liaison officers read
// (docs/model.md 7.13).
namespace innosim::model {

struct Binder;

/// The `policies.innovation_points.*` keys (Params::top_points_firms).
void bind_innovation_points_keys(Binder& b, int& top_points_firms);

}  // namespace innosim::model
