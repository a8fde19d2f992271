// The full scenario schema: the generic run keys plus the model's
// parameters. The model's header is optional so that the app builds before
// the model library exists and picks its keys up once innosim::model is
// linked into the app (which puts its include directory on the path).
#include "cli.hpp"
#include "innosim/scenario/schema.hpp"

#if __has_include("innosim/model/parameters.hpp")
#include "innosim/model/parameters.hpp"
#define INNOSIM_APP_HAS_MODEL_PARAMETERS 1
#endif

namespace innosim::app {

const scenario::Schema& full_schema() {
  static const scenario::Schema schema = [] {
    scenario::Schema s;
    scenario::declare_run_keys(s);
#ifdef INNOSIM_APP_HAS_MODEL_PARAMETERS
    innosim::model::declare_parameters(s);
#endif
    return s;
  }();
  return schema;
}

}  // namespace innosim::app
