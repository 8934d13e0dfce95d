// The error envelope and the status of every error kind (api/json_errors.h), and Response.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "http/api/json_errors.h"
#include "http/request.h"
#include "http/response.h"

namespace mamon::http {
namespace {

using nlohmann::json;

TEST(JsonErrorsTest, EveryKindHasItsStatus) {
  EXPECT_EQ(api::http_status(ErrorKind::kInvalid), 400);
  EXPECT_EQ(api::http_status(ErrorKind::kUnauthenticated), 401);
  EXPECT_EQ(api::http_status(ErrorKind::kForbidden), 403);
  EXPECT_EQ(api::http_status(ErrorKind::kNotFound), 404);
  EXPECT_EQ(api::http_status(ErrorKind::kConflict), 409);
  EXPECT_EQ(api::http_status(ErrorKind::kRateLimited), 429);
  EXPECT_EQ(api::http_status(ErrorKind::kUnavailable), 503);
  EXPECT_EQ(api::http_status(ErrorKind::kInternal), 500);
}

TEST(JsonErrorsTest, EnvelopeHasDetailMessageAndCode) {
  Response r = Response::error(make_error(ErrorCode::kCardAlreadyLinked, "Card is linked."));
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.headers.value_or_empty("Content-Type"), "application/json");
  EXPECT_EQ(json::parse(r.body), (json{{"detail", "Card is linked."},
                                       {"message", "Card is linked."},
                                       {"code", "card_already_linked"}}));
}

TEST(JsonErrorsTest, FieldErrorsAddTheErrorsMember) {
  Response r = Response::error(
      make_error(ErrorCode::kInvalidInput, "Ensure this value is at most 100.", "orders[0].quantity"));
  EXPECT_EQ(r.status, 400);
  json body = json::parse(r.body);
  EXPECT_EQ(body["code"], "invalid");
  EXPECT_EQ(body["errors"], (json{{"orders[0].quantity", {"Ensure this value is at most 100."}}}));
}

TEST(JsonErrorsTest, InternalErrorsHideTheirMessage) {
  Response r = Response::error(make_error(ErrorCode::kInternal, "no such column: secrets"));
  EXPECT_EQ(r.status, 500);
  json body = json::parse(r.body);
  EXPECT_EQ(body["detail"], "internal error");
  EXPECT_EQ(body["message"], "internal error");
  EXPECT_EQ(body["code"], "internal_error");
  EXPECT_EQ(r.body.find("secrets"), std::string::npos);
}

TEST(JsonErrorsTest, EachErrorCodeMapsToAStatus) {
  // Spot checks across the enum: the kind decides, nothing else.
  EXPECT_EQ(Response::error(make_error(ErrorCode::kInvalidCredentials, "x")).status, 401);
  EXPECT_EQ(Response::error(make_error(ErrorCode::kNotPersonnel, "x")).status, 403);
  EXPECT_EQ(Response::error(make_error(ErrorCode::kCardNotFound, "x")).status, 404);
  EXPECT_EQ(Response::error(make_error(ErrorCode::kIdempotencyKeyReused, "x")).status, 409);
  EXPECT_EQ(Response::error(make_error(ErrorCode::kRateLimited, "x")).status, 429);
  EXPECT_EQ(Response::error(make_error(ErrorCode::kTransactionConflict, "x")).status, 503);
  EXPECT_EQ(Response::error(make_error(ErrorCode::kInvalidAmount, "x")).status, 400);
}

TEST(ResponseTest, ErrorEnvelopeForHttpLayerCodes) {
  Response r = Response::error_envelope(413, "payload_too_large", "Request body is too large.");
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(json::parse(r.body)["code"], "payload_too_large");
  EXPECT_EQ(json::parse(r.body)["message"], "Request body is too large.");
}

TEST(ResponseTest, JsonNeverThrowsOnInvalidUtf8) {
  Response r = Response::json(200, json{{"name", std::string("bad \xff byte")}});
  EXPECT_EQ(r.status, 200);
  EXPECT_FALSE(json::parse(r.body, nullptr, false).is_discarded());
}

TEST(ResponseTest, TextKeepsItsContentType) {
  Response r = Response::text(200, "a 1\n", "text/plain; version=0.0.4");
  EXPECT_EQ(r.headers.value_or_empty("content-type"), "text/plain; version=0.0.4");
  EXPECT_EQ(r.body, "a 1\n");
}

TEST(HeadersTest, LookupIsCaseInsensitive) {
  Headers h;
  h.add("Content-Type", "application/json");
  h.add("Vary", "Origin");
  h.add("vary", "Accept");
  EXPECT_EQ(h.value_or_empty("content-type"), "application/json");
  EXPECT_EQ(h.get("VARY"), "Origin");
  h.set("VARY", "X");
  EXPECT_EQ(h.entries().size(), 2u);
  EXPECT_EQ(h.get("vary"), "X");
  h.erase("CONTENT-TYPE");
  EXPECT_FALSE(h.contains("Content-Type"));
  EXPECT_EQ(h.value_or_empty("missing"), "");
}

TEST(RequestTest, MethodNamesRoundTrip) {
  for (Method m : {Method::kGet, Method::kHead, Method::kPost, Method::kPut, Method::kPatch,
                   Method::kDelete, Method::kOptions}) {
    EXPECT_EQ(parse_method(method_name(m)), m);
  }
  EXPECT_EQ(parse_method("get"), Method::kOther);
  EXPECT_EQ(parse_method("TRACE"), Method::kOther);
}

}  // namespace
}  // namespace mamon::http
