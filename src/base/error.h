// The closed set of expected failures. Every layer reports them as values (Result/Status), never as
// exceptions. Each code has a stable snake_case name (the `code` field of the API's error envelope)
// and a kind that decides its HTTP status in one place (http/api/json_errors.cc).
#pragma once

#include <string>
#include <string_view>

namespace mamon {

enum class ErrorKind {
  kInvalid,          // the request is malformed or breaks a rule: HTTP 400
  kUnauthenticated,  // no, bad or expired credentials/token: HTTP 401
  kForbidden,        // authenticated but not allowed: HTTP 403
  kNotFound,         // the object does not exist: HTTP 404
  kConflict,         // the state forbids it (duplicate, already open, key reused): HTTP 409
  kRateLimited,      // too many attempts: HTTP 429
  kUnavailable,      // a dependency (database, Mollie, ledenbase) failed: HTTP 503
  kInternal,         // a bug or a broken invariant: HTTP 500
};

enum class ErrorCode {
  // generic
  kInvalidInput,       // a field is missing, of the wrong type or out of range
  kInvalidJson,        // the request body as a whole is not (an object of) JSON
  kNotFound,           // an object named in the request does not exist
  kConflict,           // a unique value is taken, or the state forbids the change
  kUnauthenticated,    // missing, malformed, forged or expired token
  kInvalidCredentials, // username/password do not match (login)
  kPermissionDenied,   // the caller lacks the role
  kRateLimited,        // too many login attempts
  kUnavailable,        // the database or an external service did not answer
  kTransactionConflict,  // deadlock/serialization/busy: the whole transaction may be retried
  kInternal,           // a bug; the message is logged, never shown in detail
  // money and sales
  kInvalidAmount,      // not a money amount: 3+ decimals, not a number, <= 0, too large
  kInsufficientFunds,  // the wallet would drop below its credit floor
  kProductNotFound,    // an order line names an unknown product
  kProductInactive,    // an order line names an inactive product
  kInvalidPaymentMethod,  // not exactly one of balance/cash/pin, or buyer rules broken
  kInvalidOrder,       // no lines, too many lines, quantity out of range
  kHolderNotFound,     // the buyer / holder does not exist
  kNotPersonnel,       // the caller has no active personnel record
  kIdempotencyKeyReused,  // the same Idempotency-Key came with a different request
  // bar reports
  kBarCycleAlreadyOpen,   // open while a cycle is open
  kNoOpenBarCycle,        // close/middle with no open cycle
  kInvalidReportAction,   // action is not open/middle/close (or an alias)
  // cards
  kCardAlreadyLinked,  // the card UID is linked to somebody already
  kCardNotFound,       // unknown or blocked card
  // import
  kMalformedRecord,    // a fixture record cannot be imported (loaddata)
};

// Stable wire name, e.g. "insufficient_funds".
std::string_view error_code_name(ErrorCode code);
ErrorKind error_code_kind(ErrorCode code);

// An expected failure: what went wrong (code), a human sentence (message) and, for validation
// errors, the offending field ("orders[2].quantity"), else empty. For kPermissionDenied and
// kNotPersonnel, `permission` may name the missing permission ("top_up", domain/permissions.h),
// for pages that say what is missing; the API's JSON does not show it.
struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::string field;
  std::string permission;

  ErrorKind kind() const { return error_code_kind(code); }
};

inline Error make_error(ErrorCode code, std::string message, std::string field = {}) {
  return Error{code, std::move(message), std::move(field), {}};
}

}  // namespace mamon
