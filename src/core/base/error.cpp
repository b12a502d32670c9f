// The one table mapping each ErrorCode to its API string and HTTP status.
#include "core/base/error.hpp"

#include <array>

namespace pdz {
namespace {

struct ErrorCodeInfo {
  ErrorCode code;
  std::string_view name;
  int http_status;
};

constexpr std::array kErrorCodes = {
    ErrorCodeInfo{ErrorCode::kBadRequest, "bad_request", 400},
    ErrorCodeInfo{ErrorCode::kInvalidJson, "invalid_json", 400},
    ErrorCodeInfo{ErrorCode::kValidationFailed, "validation_failed", 422},
    ErrorCodeInfo{ErrorCode::kUnauthenticated, "unauthenticated", 401},
    ErrorCodeInfo{ErrorCode::kInvalidCredentials, "invalid_credentials", 401},
    ErrorCodeInfo{ErrorCode::kForbidden, "forbidden", 403},
    ErrorCodeInfo{ErrorCode::kCsrfFailed, "csrf_failed", 403},
    ErrorCodeInfo{ErrorCode::kNotFound, "not_found", 404},
    ErrorCodeInfo{ErrorCode::kRouteNotFound, "route_not_found", 404},
    ErrorCodeInfo{ErrorCode::kConflict, "conflict", 409},
    ErrorCodeInfo{ErrorCode::kVersionConflict, "version_conflict", 409},
    ErrorCodeInfo{ErrorCode::kMembershipOverlap, "membership_overlap", 409},
    ErrorCodeInfo{ErrorCode::kPayloadTooLarge, "payload_too_large", 413},
    ErrorCodeInfo{ErrorCode::kTooManyAttempts, "too_many_attempts", 429},
    ErrorCodeInfo{ErrorCode::kStorage, "storage_error", 500},
    ErrorCodeInfo{ErrorCode::kInternal, "internal", 500},
};

const ErrorCodeInfo& Info(ErrorCode code) {
  for (const auto& info : kErrorCodes) {
    if (info.code == code) return info;
  }
  PDZ_ASSERT(false, "ErrorCode missing from kErrorCodes");
  return kErrorCodes.back();
}

}  // namespace

std::string_view ErrorCodeName(ErrorCode code) { return Info(code).name; }
int ErrorCodeHttpStatus(ErrorCode code) { return Info(code).http_status; }

}  // namespace pdz
