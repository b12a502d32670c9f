// Error codes, the error value and Result<T>: expected failures are values, never exceptions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/base/assert.hpp"

namespace pdz {

/// Every expected failure has one code; error_code.cpp maps each to its string and HTTP status.
enum class ErrorCode {
  kBadRequest,
  kInvalidJson,
  kValidationFailed,
  kUnauthenticated,
  kInvalidCredentials,
  kForbidden,
  kCsrfFailed,
  kNotFound,
  kRouteNotFound,
  kConflict,
  kVersionConflict,
  kMembershipOverlap,
  kPayloadTooLarge,
  kTooManyAttempts,
  kStorage,
  kInternal,
};

/// The stable English string of a code, as the API answers it ("validation_failed").
std::string_view ErrorCodeName(ErrorCode code);
/// The HTTP status the API answers for a code.
int ErrorCodeHttpStatus(ErrorCode code);

/// Where an error is: file, row (1-based, 0 when none), field (column or JSON path), value found.
struct ErrorDetail {
  std::string file;
  std::int64_t row = 0;
  std::string field;
  std::string value;
  std::string reason;          // Italian, for people: what is wrong and what was expected
  bool value_is_json = false;  // value holds a JSON document (e.g. the current object on 409)
};

/// An expected failure: a code, an Italian message for people, and where.
struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::vector<ErrorDetail> details;
};

inline Error MakeError(ErrorCode code, std::string message, std::vector<ErrorDetail> details = {}) {
  return Error{code, std::move(message), std::move(details)};
}

/// Result<T> holds a T or an Error; named like std::expected so it can be swapped later.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : data_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool has_value() const { return data_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & {
    PDZ_ASSERT(has_value(), "value() on an error Result");
    return std::get<0>(data_);
  }
  const T& value() const& {
    PDZ_ASSERT(has_value(), "value() on an error Result");
    return std::get<0>(data_);
  }
  T&& value() && {
    PDZ_ASSERT(has_value(), "value() on an error Result");
    return std::get<0>(std::move(data_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const {
    PDZ_ASSERT(!has_value(), "error() on a value Result");
    return std::get<1>(data_);
  }
  Error&& take_error() {
    PDZ_ASSERT(!has_value(), "error() on a value Result");
    return std::get<1>(std::move(data_));
  }

 private:
  std::variant<T, Error> data_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool has_value() const { return !error_.has_value(); }
  explicit operator bool() const { return has_value(); }
  const Error& error() const {
    PDZ_ASSERT(!has_value(), "error() on a value Result");
    return *error_;
  }
  Error&& take_error() {
    PDZ_ASSERT(!has_value(), "error() on a value Result");
    return std::move(*error_);
  }

 private:
  std::optional<Error> error_;
};

inline Result<void> Ok() { return {}; }

}  // namespace pdz

/// Returns the error of a Result expression from the enclosing function.
#define PDZ_TRY(expr)                                          \
  do {                                                         \
    auto pdz_try_result_ = (expr);                             \
    if (!pdz_try_result_) return pdz_try_result_.take_error(); \
  } while (0)

#define PDZ_CONCAT_INNER(a, b) a##b
#define PDZ_CONCAT(a, b) PDZ_CONCAT_INNER(a, b)
/// Declares `lhs` from a Result expression's value, or returns its error.
#define PDZ_ASSIGN(lhs, expr) PDZ_ASSIGN_IMPL(PDZ_CONCAT(pdz_assign_, __LINE__), lhs, expr)
#define PDZ_ASSIGN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                    \
  if (!tmp) return tmp.take_error();    \
  lhs = std::move(tmp).value()
