#pragma once
// A light, fixed-size callable for event handlers.
//
// Events are the engine's hot path: a std::function may allocate and its
// copy is not trivial. Handler stores any trivially copyable callable of at
// most CAPACITY bytes inline (a lambda capturing a few pointers or numbers),
// so scheduling never touches the heap and slots can be moved with memcpy.
#include <cstddef>
#include <new>
#include <type_traits>
#include <utility>

namespace innosim::engine {

class Handler {
 public:
  /// Bytes available for the callable's captures.
  static constexpr std::size_t CAPACITY = 32;

  Handler() = default;

  /// Wraps `f`. It must be trivially copyable (capture pointers and values,
  /// not std::string or std::vector) and fit in CAPACITY bytes.
  template <class F, class = std::enable_if_t<!std::is_same_v<std::decay_t<F>, Handler>>>
  Handler(F&& f) {  // NOLINT: implicit by design, so lambdas pass straight in
    assign(std::forward<F>(f));
  }

  /// Replaces the callable with `f` (a Handler, or a callable as for the
  /// constructor) in place: the Simulator builds each event's handler
  /// straight into its slot, storing only the captures and one pointer.
  template <class F>
  void assign(F&& f) {
    using Fn = std::decay_t<F>;
    if constexpr (std::is_same_v<Fn, Handler>) {
      *this = f;
    } else {
      static_assert(std::is_trivially_copyable_v<Fn>,
                    "event handlers must be trivially copyable: capture pointers or values");
      static_assert(sizeof(Fn) <= CAPACITY, "event handler captures too much: keep it within 32 bytes");
      static_assert(alignof(Fn) <= alignof(std::max_align_t) && alignof(Fn) <= 8,
                    "event handler alignment too large");
      static_assert(std::is_invocable_v<Fn&>, "event handlers take no arguments");
      ::new (static_cast<void*>(storage_)) Fn(std::forward<F>(f));
      invoke_ = [](void* p) { (*static_cast<Fn*>(p))(); };
    }
  }

  explicit operator bool() const { return invoke_ != nullptr; }
  void operator()() { invoke_(storage_); }

 private:
  alignas(8) std::byte storage_[CAPACITY];  // not zeroed: the constructor writes what it uses
  void (*invoke_)(void*) = nullptr;
};

static_assert(std::is_trivially_copyable_v<Handler>);

}  // namespace innosim::engine
