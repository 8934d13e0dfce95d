#include "base/error.h"

namespace mamon {

std::string_view error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidInput: return "invalid";
    case ErrorCode::kInvalidJson: return "invalid_json";
    case ErrorCode::kNotFound: return "not_found";
    case ErrorCode::kConflict: return "conflict";
    case ErrorCode::kUnauthenticated: return "not_authenticated";
    case ErrorCode::kInvalidCredentials: return "invalid_credentials";
    case ErrorCode::kPermissionDenied: return "permission_denied";
    case ErrorCode::kRateLimited: return "rate_limited";
    case ErrorCode::kUnavailable: return "unavailable";
    case ErrorCode::kTransactionConflict: return "transaction_conflict";
    case ErrorCode::kInternal: return "internal_error";
    case ErrorCode::kInvalidAmount: return "invalid_amount";
    case ErrorCode::kInsufficientFunds: return "insufficient_funds";
    case ErrorCode::kProductNotFound: return "product_not_found";
    case ErrorCode::kProductInactive: return "product_inactive";
    case ErrorCode::kInvalidPaymentMethod: return "invalid_payment_method";
    case ErrorCode::kInvalidOrder: return "invalid_order";
    case ErrorCode::kHolderNotFound: return "holder_not_found";
    case ErrorCode::kNotPersonnel: return "not_personnel";
    case ErrorCode::kIdempotencyKeyReused: return "idempotency_key_reused";
    case ErrorCode::kBarCycleAlreadyOpen: return "bar_cycle_already_open";
    case ErrorCode::kNoOpenBarCycle: return "no_open_bar_cycle";
    case ErrorCode::kInvalidReportAction: return "invalid_report_action";
    case ErrorCode::kCardAlreadyLinked: return "card_already_linked";
    case ErrorCode::kCardNotFound: return "card_not_found";
    case ErrorCode::kMalformedRecord: return "malformed_record";
  }
  return "internal_error";
}

ErrorKind error_code_kind(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidInput:
    case ErrorCode::kInvalidJson:
    case ErrorCode::kInvalidAmount:
    case ErrorCode::kInsufficientFunds:
    case ErrorCode::kProductNotFound:
    case ErrorCode::kProductInactive:
    case ErrorCode::kInvalidPaymentMethod:
    case ErrorCode::kInvalidOrder:
    case ErrorCode::kHolderNotFound:
    case ErrorCode::kInvalidReportAction:
    case ErrorCode::kMalformedRecord:
      return ErrorKind::kInvalid;
    case ErrorCode::kUnauthenticated:
    case ErrorCode::kInvalidCredentials:
      return ErrorKind::kUnauthenticated;
    case ErrorCode::kPermissionDenied:
    case ErrorCode::kNotPersonnel:
      return ErrorKind::kForbidden;
    case ErrorCode::kNotFound:
    case ErrorCode::kCardNotFound:
      return ErrorKind::kNotFound;
    case ErrorCode::kConflict:
    case ErrorCode::kIdempotencyKeyReused:
    case ErrorCode::kBarCycleAlreadyOpen:
    case ErrorCode::kNoOpenBarCycle:
    case ErrorCode::kCardAlreadyLinked:
      return ErrorKind::kConflict;
    case ErrorCode::kRateLimited:
      return ErrorKind::kRateLimited;
    case ErrorCode::kUnavailable:
    case ErrorCode::kTransactionConflict:
      return ErrorKind::kUnavailable;
    case ErrorCode::kInternal:
      return ErrorKind::kInternal;
  }
  return ErrorKind::kInternal;
}

}  // namespace mamon
