#pragma once
// Modules that register themselves. An instrument that no other module
// calls needs no line in the shared lists: its parameters live in
// `Params::modules` (by type), its object in `World::modules` (made when
// the World is), and its source file registers both (RegisterModule), its
// keys (RegisterKeys, binder.hpp), its metrics (RegisterMetrics,
// metric_groups.hpp) and its fiscal line (register_fiscal_line,
// government.hpp). The composition calls it by type:
// `w.module<NewGrant>().year(w)`. A module the firm step or other modules
// call (banks, the pool, ...) stays a named member of World and Params, so
// those calls stay plain member accesses (models/README.md, "Speed").
#include <any>
#include <cstddef>
#include <memory>
#include <vector>

namespace innosim::model {

struct World;

namespace detail {
/// The next free slot of the parameter blocks (thread-safe).
std::size_t next_param_slot();
template <class T>
std::size_t param_slot() {
  static const std::size_t slot = next_param_slot();
  return slot;
}
}  // namespace detail

/// The parameter blocks of the registered modules, by type. A block never
/// written holds its defaults (so a Params made before a module registered
/// reads the same as one made after); copies are deep.
class ModuleParams {
 public:
  template <class T>
  T& get() {
    const std::size_t s = detail::param_slot<T>();
    if (blocks_.size() <= s) blocks_.resize(s + 1);
    if (!blocks_[s].has_value()) blocks_[s] = T{};
    return *std::any_cast<T>(&blocks_[s]);
  }
  template <class T>
  const T& get() const {
    const std::size_t s = detail::param_slot<T>();
    if (s < blocks_.size() && blocks_[s].has_value()) return *std::any_cast<T>(&blocks_[s]);
    static const T defaults{};
    return defaults;
  }

 private:
  std::vector<std::any> blocks_;
};

/// The objects of the registered modules, one of each, made with the World.
class ModuleSet {
 public:
  using Owned = std::unique_ptr<void, void (*)(void*)>;
  using Maker = Owned (*)(World& w);
  /// Registers a module type's maker (RegisterModule); returns its slot.
  static std::size_t add(Maker make);
  /// Makes every registered module (World's constructor, after its members).
  void make_all(World& w);
  template <class T>
  T& get() const {
    return *static_cast<T*>(objects_[slot_of<T>()].get());
  }
  template <class T>
  static std::size_t slot_of();

 private:
  std::vector<Owned> objects_;
};

/// Registers a module type at static initialisation, in its source file:
/// `const RegisterModule<NewGrant> new_grant_module;` (the type is made with
/// `T(World&)` when the World is, and lives as long as it).
template <class T>
struct RegisterModule {
  static inline std::size_t slot = static_cast<std::size_t>(-1);
  RegisterModule() {
    if (slot == static_cast<std::size_t>(-1))
      slot = ModuleSet::add([](World& w) { return ModuleSet::Owned(new T(w), [](void* p) { delete static_cast<T*>(p); }); });
  }
};

template <class T>
std::size_t ModuleSet::slot_of() {
  return RegisterModule<T>::slot;
}

}  // namespace innosim::model
