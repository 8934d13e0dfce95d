// CORS, request ids, the access log, body checks and JSON body parsing.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "http/api/json_errors.h"
#include "http/json_body.h"
#include "http/middleware/access_log.h"
#include "http/middleware/body_checks.h"
#include "http/middleware/cors.h"
#include "http/middleware/request_id.h"

namespace mamon::http {
namespace {

using nlohmann::json;

Request request_from(std::string origin, Method method = Method::kGet) {
  Request r;
  r.method = method;
  r.path = "/api/products/";
  if (!origin.empty()) r.headers.set("Origin", origin);
  return r;
}

// --- CORS ----------------------------------------------------------------------------------------

TEST(CorsTest, PreflightAnswers204WithTheAllowedMethodsAndHeaders) {
  Cors cors("*");
  Request r = request_from("https://app.example.org", Method::kOptions);
  r.headers.set("Access-Control-Request-Method", "POST");
  ASSERT_TRUE(Cors::is_preflight(r));
  Response p = cors.preflight(r);
  EXPECT_EQ(p.status, 204);
  EXPECT_EQ(p.headers.value_or_empty("Access-Control-Allow-Origin"), "*");
  EXPECT_EQ(p.headers.value_or_empty("Access-Control-Allow-Methods"),
            "GET, POST, PUT, PATCH, DELETE");
  EXPECT_EQ(p.headers.value_or_empty("Access-Control-Allow-Headers"),
            "Authorization, Content-Type, Idempotency-Key");
  EXPECT_FALSE(p.headers.value_or_empty("Access-Control-Max-Age").empty());
  EXPECT_TRUE(p.body.empty());
}

TEST(CorsTest, WildcardAddsAllowOriginToEveryResponse) {
  Cors cors("*");
  Response response = Response::json(200, json::object());
  cors.add_headers(request_from("http://localhost:19006"), response);
  EXPECT_EQ(response.headers.value_or_empty("Access-Control-Allow-Origin"), "*");
  EXPECT_NE(response.headers.value_or_empty("Access-Control-Expose-Headers").find("X-Total-Count"),
            std::string::npos);
}

TEST(CorsTest, ListEchoesAllowedOriginsOnly) {
  Cors cors(" https://bar.example.org/ ,http://localhost:19006");
  Response allowed = Response::json(200, json::object());
  cors.add_headers(request_from("https://bar.example.org"), allowed);
  EXPECT_EQ(allowed.headers.value_or_empty("Access-Control-Allow-Origin"),
            "https://bar.example.org");
  EXPECT_EQ(allowed.headers.value_or_empty("Vary"), "Origin");

  Response refused = Response::json(200, json::object());
  cors.add_headers(request_from("https://evil.example.com"), refused);
  EXPECT_FALSE(refused.headers.contains("Access-Control-Allow-Origin"));
  EXPECT_EQ(refused.headers.value_or_empty("Vary"), "Origin");

  Response preflight = cors.preflight(request_from("http://localhost:19006", Method::kOptions));
  EXPECT_EQ(preflight.status, 204);
  EXPECT_EQ(preflight.headers.value_or_empty("Access-Control-Allow-Origin"),
            "http://localhost:19006");
}

TEST(CorsTest, EmptyConfigurationAllowsNoOrigin) {
  Cors cors("");
  Response response = Response::json(200, json::object());
  cors.add_headers(request_from("https://bar.example.org"), response);
  EXPECT_FALSE(response.headers.contains("Access-Control-Allow-Origin"));
}

// --- request id ------------------------------------------------------------------------------

TEST(RequestIdTest, KeepsAcceptableIncomingIds) {
  EXPECT_EQ(accept_or_make_request_id("abc-123_X.y:z"), "abc-123_X.y:z");
}

TEST(RequestIdTest, ReplacesMissingOrUnsafeIds) {
  for (std::optional<std::string_view> incoming :
       {std::optional<std::string_view>(), std::optional<std::string_view>(""),
        std::optional<std::string_view>("has space"), std::optional<std::string_view>("new\nline"),
        std::optional<std::string_view>(std::string_view("quote\"d"))}) {
    std::string id = accept_or_make_request_id(incoming);
    EXPECT_EQ(id.size(), 32u);
    EXPECT_TRUE(is_acceptable_request_id(id));
  }
  std::string long_id(kRequestIdLengthMax + 1, 'a');
  EXPECT_NE(accept_or_make_request_id(long_id), long_id);
  EXPECT_NE(accept_or_make_request_id(std::nullopt), accept_or_make_request_id(std::nullopt));
}

// --- access log ------------------------------------------------------------------------------

TEST(AccessLogTest, RedactsSecretLookingQueryValues) {
  EXPECT_EQ(loggable_query("page=2&token=abc&search=jan&api_key=zz&Password=x&flag"),
            "page=2&token=REDACTED&search=jan&api_key=REDACTED&Password=REDACTED&flag");
}

TEST(AccessLogTest, LineHasTheFieldsAndNoSecrets) {
  Request r;
  r.method = Method::kPost;
  r.path = "/api/purchases/";
  r.query_string = "token=sekrit&page=1";
  r.request_id = "req-1";
  r.route = "/api/purchases";
  r.remote_ip = "10.0.0.9";
  r.headers.set("Authorization", "Bearer very-secret-token");
  r.body = R"({"password": "hunter2"})";
  r.principal = Principal();
  r.principal->user_id = 12;
  std::string line = access_log_line(r, 201, 1234);
  EXPECT_EQ(line,
            "http method=POST path=\"/api/purchases/\" query=\"token=REDACTED&page=1\" status=201 "
            "duration_us=1234 request_id=req-1 user_id=12 route=/api/purchases ip=10.0.0.9");
  EXPECT_EQ(line.find("very-secret-token"), std::string::npos);
  EXPECT_EQ(line.find("hunter2"), std::string::npos);
}

TEST(AccessLogTest, EscapesControlCharacters) {
  Request r;
  r.path = "/x\n2024 fake line \"quoted\"";
  std::string line = access_log_line(r, 404, 1);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  EXPECT_NE(line.find("/x\\x0a2024 fake line \\x22quoted\\x22"), std::string::npos) << line;
  EXPECT_NE(line.find("user_id=- route=-"), std::string::npos);
}

// --- body checks -----------------------------------------------------------------------------

TEST(BodyChecksTest, RecognisesJsonContentTypes) {
  EXPECT_TRUE(is_json_content_type("application/json"));
  EXPECT_TRUE(is_json_content_type("Application/JSON; charset=utf-8"));
  EXPECT_TRUE(is_json_content_type("application/problem+json"));
  EXPECT_FALSE(is_json_content_type("text/plain"));
  EXPECT_FALSE(is_json_content_type("application/x-www-form-urlencoded"));
  EXPECT_FALSE(is_json_content_type("application/jsonp"));
  EXPECT_FALSE(is_json_content_type(""));
}

TEST(BodyChecksTest, NonJsonBodyIs415ForWritingMethods) {
  Request r;
  r.method = Method::kPost;
  r.body = "a=b";
  r.headers.set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
  auto rejected = check_request_body(r, BodyKind::kJson);
  ASSERT_TRUE(rejected);
  EXPECT_EQ(rejected->status, 415);
  json body = json::parse(rejected->body);
  EXPECT_EQ(body["code"], "unsupported_media_type");
  EXPECT_EQ(body["detail"],
            "Unsupported media type \"application/x-www-form-urlencoded\" in request.");

  r.headers.set("Content-Type", "text/plain");
  EXPECT_EQ(check_request_body(r, BodyKind::kJson)->status, 415);
  EXPECT_FALSE(check_request_body(r, BodyKind::kAny));
}

// The bar app's card-tapper screens send "*/*"; the old server also read untyped bodies as JSON.
TEST(BodyChecksTest, AnyTypeAndNoTypeAreReadAsJson) {
  Request r;
  r.method = Method::kPost;
  r.body = "{\"action\": \"open\"}";
  r.headers.set("Content-Type", "*/*");
  EXPECT_FALSE(check_request_body(r, BodyKind::kJson));
  r.headers.erase("Content-Type");
  EXPECT_FALSE(check_request_body(r, BodyKind::kJson));
  EXPECT_TRUE(is_read_as_json(std::nullopt));
  EXPECT_TRUE(is_read_as_json("*/*; q=0.8"));
  EXPECT_FALSE(is_read_as_json("text/html"));
}

TEST(BodyChecksTest, CharsetOtherThanUtf8Is415) {
  Request r;
  r.method = Method::kPost;
  r.body = "{}";
  for (const char* ok : {"application/json; charset=utf-8", "application/json;charset=\"UTF-8\"",
                         "application/json; Charset=UTF8", "*/*"}) {
    r.headers.set("Content-Type", ok);
    EXPECT_FALSE(check_request_body(r, BodyKind::kJson)) << ok;
  }
  for (const char* bad : {"application/json; charset=latin-1", "application/json; charset=utf-16",
                          "*/*; charset=iso-8859-1"}) {
    r.headers.set("Content-Type", bad);
    auto rejected = check_request_body(r, BodyKind::kJson);
    ASSERT_TRUE(rejected) << bad;
    EXPECT_EQ(rejected->status, 415) << bad;
    EXPECT_NE(json::parse(rejected->body)["detail"].get<std::string>().find("UTF-8"),
              std::string::npos);
  }
}

TEST(BodyChecksTest, EmptyBodiesAndReadsPass) {
  Request post;
  post.method = Method::kPost;
  EXPECT_FALSE(check_request_body(post, BodyKind::kJson));
  Request get;
  get.method = Method::kGet;
  get.body = "whatever";
  EXPECT_FALSE(check_request_body(get, BodyKind::kJson));
  Request json_post;
  json_post.method = Method::kPatch;
  json_post.body = "{}";
  json_post.headers.set("content-type", "application/json");
  EXPECT_FALSE(check_request_body(json_post, BodyKind::kJson));
}

TEST(BodyChecksTest, OversizedBodyIs413) {
  Request r;
  r.method = Method::kPost;
  r.headers.set("Content-Type", "application/json");
  r.body.assign(limits::kHttpBodyBytesMax + 1, ' ');
  auto rejected = check_request_body(r, BodyKind::kJson);
  ASSERT_TRUE(rejected);
  EXPECT_EQ(rejected->status, 413);
  EXPECT_EQ(json::parse(rejected->body)["code"], "payload_too_large");
}

// --- JSON bodies -------------------------------------------------------------------------------

Result<json> parse(std::string body) {
  Request r;
  r.method = Method::kPost;
  r.body = std::move(body);
  return parse_json_body(r);
}

TEST(JsonBodyTest, ParsesObjectsAndScalars) {
  auto object = parse(R"({"orders": [{"product": 1, "quantity": 2}], "cash": true})");
  ASSERT_TRUE(object.ok());
  EXPECT_EQ((*object)["orders"][0]["quantity"], 2);
  auto text = parse(R"("jan")");  // POST /api/holders/ search
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text, "jan");
}

// {"amount":1,"amount":900} topped up 900 while everything before the parser saw 1.
TEST(JsonBodyTest, DuplicateKeysAre400InvalidJson) {
  for (std::string body : {R"({"amount": 1, "amount": 900})", R"({"holder": {"id": 1, "id": 2}})",
                           R"({"orders": [{"product": 1}, {"product": 2, "product": 3}]})"}) {
    auto r = parse(body);
    ASSERT_FALSE(r.ok()) << body;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidJson) << body;
    EXPECT_NE(r.error().message.find("appears twice"), std::string::npos) << r.error().message;
  }
  // The same key in sibling or nested objects is fine.
  auto ok = parse(R"({"a": {"id": 1}, "b": {"id": 2}, "orders": [{"id": 1}, {"id": 1}]})");
  ASSERT_TRUE(ok.ok()) << ok.error().message;
}

TEST(JsonBodyTest, NulInTextIs400NamingTheField) {
  struct Case {
    std::string body;
    std::string field;
  };
  for (const Case& c : {Case{R"({"comment": "a\u0000b"})", "comment"},
                        Case{R"({"holder": {"name": "\u0000"}})", "holder.name"},
                        Case{R"({"orders": [{"x": 1}, {"note": "\u0000"}]})", "orders[1].note"},
                        Case{R"("\u0000")", "body"}}) {
    auto r = parse(c.body);
    ASSERT_FALSE(r.ok()) << c.body;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput) << c.body;
    EXPECT_EQ(r.error().field, c.field) << c.body;
    EXPECT_EQ(r.error().message.find("sqlite"), std::string::npos);
  }
}

TEST(JsonBodyTest, EmptyBodyIsAnEmptyObject) {
  for (std::string body : {"", "  \n"}) {
    auto r = parse(body);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r, json::object());
  }
}

TEST(JsonBodyTest, MalformedJsonIs400InvalidJson) {
  for (std::string body : {"{", "{'a': 1}", "nope", "{\"a\": 1,}", "[1] [2]", "\"\xff\""}) {
    auto r = parse(body);
    ASSERT_FALSE(r.ok()) << body;
    Response response = Response::error(r.error());
    EXPECT_EQ(response.status, 400);
    json envelope = json::parse(response.body);
    EXPECT_EQ(envelope["code"], "invalid_json");
    EXPECT_TRUE(envelope["detail"].get<std::string>().starts_with("JSON parse error - "));
    EXPECT_FALSE(envelope.contains("errors"));
  }
}

TEST(JsonBodyTest, DeepNestingIsRefused) {
  std::string deep(kJsonDepthMax + 1, '[');
  deep.append(kJsonDepthMax + 1, ']');
  auto r = parse(deep);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidJson);
  std::string ok(kJsonDepthMax, '[');
  ok.append(kJsonDepthMax, ']');
  EXPECT_TRUE(parse(ok).ok());
  // Brackets inside strings do not count.
  EXPECT_TRUE(parse("\"" + std::string(100, '[') + "\"").ok());
}

}  // namespace
}  // namespace mamon::http
