// Result<T>: a value or an Error; Status: Result<void>. Expected failures travel as these values
// across every layer; exceptions never cross a layer boundary (adapters catch throwing libraries).
//
//   Result<Cents> r = Cents::parse("12.35");
//   if (!r) return r.error();           // propagate
//   Cents c = *r;
//
// MAMON_TRY(var, expr) assigns the value of a Result expression or returns its error.
#pragma once

#include <cstdlib>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

#include "base/check.h"
#include "base/error.h"

namespace mamon {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { MAMON_CHECK(ok()); return std::get<0>(state_); }
  const T& value() const& { MAMON_CHECK(ok()); return std::get<0>(state_); }
  T&& value() && { MAMON_CHECK(ok()); return std::get<0>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const& { MAMON_CHECK(!ok()); return std::get<1>(state_); }
  Error&& error() && { MAMON_CHECK(!ok()); return std::get<1>(std::move(state_)); }

 private:
  std::variant<T, Error> state_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const& { MAMON_CHECK(!ok()); return *error_; }
  Error&& error() && { MAMON_CHECK(!ok()); return std::move(*error_); }

 private:
  std::optional<Error> error_;
};

using Status = Result<void>;

inline Status ok_status() { return Status{}; }

}  // namespace mamon

#define MAMON_CONCAT_INNER(a, b) a##b
#define MAMON_CONCAT(a, b) MAMON_CONCAT_INNER(a, b)

// Evaluates a Status expression; returns its error from the enclosing function if it failed.
#define MAMON_RETURN_IF_ERROR(expr)                             \
  do {                                                          \
    auto mamon_status_ = (expr);                                \
    if (!mamon_status_.ok()) return std::move(mamon_status_).error(); \
  } while (false)

// `MAMON_TRY(auto x, f());` declares x from f()'s value or returns f()'s error.
#define MAMON_TRY(decl, expr) MAMON_TRY_IMPL(MAMON_CONCAT(mamon_result_, __LINE__), decl, expr)
#define MAMON_TRY_IMPL(tmp, decl, expr)                   \
  auto tmp = (expr);                                      \
  if (!tmp.ok()) return std::move(tmp).error();           \
  decl = std::move(tmp).value()
