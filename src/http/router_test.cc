#include "http/router.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace mamon::http {
namespace {

using nlohmann::json;

Request make(Method method, std::string path, std::string body = {}) {
  Request r;
  r.method = method;
  r.path = std::move(path);
  r.body = std::move(body);
  if (!r.body.empty()) r.headers.set("Content-Type", "application/json");
  return r;
}

// Answers {"route": <pattern>, "params": {name: text}}.
Handler echo() {
  return [](const Request& r) -> Result<Response> {
    json params = json::object();
    for (const auto& p : r.params) params[p.name] = p.text;
    return Response::json(200, {{"route", r.route}, {"params", params}});
  };
}

const RouteOptions kPublic{.auth = Auth::kNone};

class RouterTest : public ::testing::Test {
 protected:
  RouterTest() {
    router_.add(Method::kGet, "/api/products", echo(), kPublic);
    router_.add(Method::kGet, "/api/products/{id}", echo(), kPublic);
    router_.add(Method::kPut, "/api/products/{id}", echo(), kPublic);
    router_.add(Method::kGet, "/api/products/overview", echo(), kPublic);
    router_.add(Method::kGet, "/api/cards/{card_id:str}", echo(), kPublic);
    router_.add(Method::kDelete, "/api/cards/{card_id:str}", echo(), kPublic);
    router_.add(Method::kPost, "/api/holders/cards/", echo(), kPublic);
    router_.add(Method::kGet, "/api/holders/{id}", echo(), kPublic);
    router_.add(Method::kGet, "/", echo(), kPublic);
  }

  Response dispatch(Method method, std::string path, std::string body = {}) {
    Request r = make(method, std::move(path), std::move(body));
    return router_.dispatch(r);
  }

  Router router_;
};

TEST_F(RouterTest, MatchesLiteralPaths) {
  Response r = dispatch(Method::kGet, "/api/products");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body)["route"], "/api/products");
}

TEST_F(RouterTest, TrailingSlashIsOptional) {
  for (std::string path : {"/api/products", "/api/products/"}) {
    Response r = dispatch(Method::kGet, path);
    EXPECT_EQ(r.status, 200) << path;
  }
  // Registered with a slash, requested without.
  EXPECT_EQ(dispatch(Method::kPost, "/api/holders/cards", "{}").status, 200);
  EXPECT_EQ(dispatch(Method::kPost, "/api/holders/cards/", "{}").status, 200);
  EXPECT_EQ(dispatch(Method::kGet, "/api/products/7/").status, 200);
}

TEST_F(RouterTest, IntegerParametersAreParsed) {
  Request r = make(Method::kGet, "/api/products/42/");
  Response response = router_.dispatch(r);
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(r.route, "/api/products/{id}");
  EXPECT_EQ(r.path_int("id"), 42);
  EXPECT_EQ(r.path_text("id"), "42");
}

TEST_F(RouterTest, NonNumericIdIs404Json) {
  for (std::string path : {"/api/products/abc", "/api/products/-1", "/api/products/1e3",
                           "/api/products/99999999999999999999", "/api/products/+7"}) {
    Response r = dispatch(Method::kGet, path);
    EXPECT_EQ(r.status, 404) << path;
    json body = json::parse(r.body);
    EXPECT_EQ(body["detail"], "Not found.");
    EXPECT_EQ(body["message"], "Not found.");
    EXPECT_EQ(body["code"], "not_found");
  }
}

TEST_F(RouterTest, LiteralBeatsParameter) {
  Response r = dispatch(Method::kGet, "/api/products/overview/");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body)["route"], "/api/products/overview");
}

TEST_F(RouterTest, TextParametersTakeAnySegment) {
  Request r = make(Method::kGet, "/api/cards/04A1B2C3/");
  ASSERT_EQ(router_.dispatch(r).status, 200);
  EXPECT_EQ(r.path_text("card_id"), "04A1B2C3");
}

TEST_F(RouterTest, UnknownPathIs404Json) {
  for (std::string path : {"/nope", "/api", "/api/products/7/extra", "/api//products"}) {
    Response r = dispatch(Method::kGet, path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.headers.value_or_empty("Content-Type"), "application/json");
    EXPECT_EQ(json::parse(r.body)["code"], "not_found");
  }
}

TEST_F(RouterTest, RootPathMatches) {
  EXPECT_EQ(dispatch(Method::kGet, "/").status, 200);
}

TEST_F(RouterTest, WrongMethodIs405WithAllow) {
  Response r = dispatch(Method::kPost, "/api/products/7");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.headers.value_or_empty("Allow"), "GET, HEAD, PUT, OPTIONS");
  json body = json::parse(r.body);
  EXPECT_EQ(body["code"], "method_not_allowed");
  EXPECT_EQ(body["detail"], "Method \"POST\" not allowed.");
  EXPECT_EQ(body["message"], body["detail"]);
}

TEST_F(RouterTest, MethodNotAllowedOnLiteralThatShadowsAParameter) {
  // GET /api/holders/cards: "cards" is not an id, and the literal route only takes POST.
  Response r = dispatch(Method::kGet, "/api/holders/cards");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.headers.value_or_empty("Allow"), "POST, OPTIONS");
}

TEST_F(RouterTest, HeadIsServedByGet) {
  EXPECT_EQ(dispatch(Method::kHead, "/api/products").status, 200);
}

TEST_F(RouterTest, HandlerErrorsBecomeTheEnvelope) {
  Router router;
  router.add(
      Method::kGet, "/fail",
      [](const Request&) -> Result<Response> {
        return make_error(ErrorCode::kInsufficientFunds, "Not enough money.", "buyer");
      },
      kPublic);
  Request r = make(Method::kGet, "/fail");
  Response response = router.dispatch(r);
  EXPECT_EQ(response.status, 400);
  json body = json::parse(response.body);
  EXPECT_EQ(body["code"], "insufficient_funds");
  EXPECT_EQ(body["errors"]["buyer"][0], "Not enough money.");
}

TEST_F(RouterTest, NonJsonBodyIs415) {
  Request r = make(Method::kPut, "/api/products/1");
  r.body = "name=x";
  r.headers.set("Content-Type", "application/x-www-form-urlencoded");
  Response response = router_.dispatch(r);
  EXPECT_EQ(response.status, 415);
  EXPECT_EQ(json::parse(response.body)["code"], "unsupported_media_type");
}

TEST_F(RouterTest, BodyKindAnyAcceptsForms) {
  Router router;
  router.add(Method::kPost, "/mollie/webhook", echo(),
             {.auth = Auth::kNone, .body = BodyKind::kAny});
  Request r = make(Method::kPost, "/mollie/webhook/");
  r.body = "id=tr_123";
  r.headers.set("Content-Type", "application/x-www-form-urlencoded");
  EXPECT_EQ(router.dispatch(r).status, 200);
}

TEST_F(RouterTest, PathParametersTakeTheRestOfThePath) {
  Router router;
  router.add(Method::kGet, "/media/{file:path}", echo(), kPublic);
  router.add(Method::kGet, "/media/special", echo(), kPublic);
  Request r = make(Method::kGet, "/media/products/2024/pils.png");
  json body = json::parse(router.dispatch(r).body);
  EXPECT_EQ(body["route"], "/media/{file:path}");
  EXPECT_EQ(body["params"]["file"], "products/2024/pils.png");
  Request special = make(Method::kGet, "/media/special");
  EXPECT_EQ(json::parse(router.dispatch(special).body)["route"], "/media/special");
  Request bare = make(Method::kGet, "/media/");
  EXPECT_EQ(router.dispatch(bare).status, 404);  // the rest is one segment or more
}

TEST(RouterDeathTest, PathParameterMustBeLast) {
  Router router;
  EXPECT_DEATH(router.add(Method::kGet, "/media/{file:path}/x", echo(), kPublic), "last");
}

TEST_F(RouterTest, RoutesAreListedInRegistrationOrder) {
  auto routes = router_.routes();
  ASSERT_EQ(routes.size(), 9u);
  EXPECT_EQ(routes[0].pattern, "/api/products");
  EXPECT_EQ(routes[2].method, Method::kPut);
}

TEST(RouterDeathTest, DuplicateRouteIsAProgrammerError) {
  Router router;
  router.add(Method::kGet, "/a/{id}", echo(), kPublic);
  EXPECT_DEATH(router.add(Method::kGet, "/a/{id}/", echo(), kPublic), "duplicate route");
  EXPECT_DEATH(router.add(Method::kPut, "/a/{pk}", echo(), kPublic), "parameter names");
  EXPECT_DEATH(router.add(Method::kGet, "a", echo(), kPublic), "start with");
  EXPECT_DEATH(router.add(Method::kGet, "/x{id}", echo(), kPublic), "whole segment");
  EXPECT_DEATH(router.add(Method::kGet, "/b", echo()), "Authenticator");
}

// --- authentication through the router -------------------------------------------------------

class FakeAuthenticator final : public Authenticator {
 public:
  Result<Principal> authenticate(std::string_view authorization,
                                 std::string_view path) const override {
    last_path = std::string(path);
    if (authorization == "Bearer good") {
      Principal p;
      p.user_id = 7;
      p.username = "tapper";
      return p;
    }
    if (authorization == "Bearer elsewhere") {
      return make_error(ErrorCode::kPermissionDenied, "URL not allowed.");
    }
    return make_error(ErrorCode::kUnauthenticated, "Token is invalid");
  }
  mutable std::string last_path;
};

class RouterAuthTest : public ::testing::Test {
 protected:
  RouterAuthTest() : router_(&authenticator_) {
    auto who = [](const Request& r) -> Result<Response> {
      return Response::json(200, {{"user_id", r.principal ? r.principal->user_id : 0}});
    };
    router_.add(Method::kGet, "/api/me", who);
    router_.add(Method::kGet, "/api/maybe", who, {.auth = Auth::kOptional});
    router_.add(Method::kPost, "/api/login", who, {.auth = Auth::kNone});
  }

  Response get(std::string path, std::string authorization = {}) {
    Request r = make(Method::kGet, std::move(path));
    if (!authorization.empty()) r.headers.set("Authorization", authorization);
    return router_.dispatch(r);
  }

  FakeAuthenticator authenticator_;
  Router router_;
};

// The fast path answers only when the authenticator knows the caller from memory and the route's
// fast path has an answer; every other case is left to dispatch() on a worker.
class MemoryAuthenticator final : public Authenticator {
 public:
  Result<Principal> authenticate(std::string_view, std::string_view) const override {
    return make_error(ErrorCode::kUnauthenticated, "not in this test");
  }
  std::optional<Principal> authenticate_from_memory(std::string_view authorization,
                                                    std::string_view) const override {
    if (authorization != "Bearer cached") return std::nullopt;
    Principal p;
    p.user_id = 11;
    return p;
  }
};

TEST(RouterFastPathTest, AnswersFromMemoryOrDefers) {
  MemoryAuthenticator authenticator;
  Router router(&authenticator);
  bool have_answer = true;
  auto fast = [&](const Request& r) -> std::optional<Response> {
    if (!have_answer) return std::nullopt;
    return Response::json(200, {{"fast", r.principal->user_id}});
  };
  router.add(Method::kGet, "/api/products", echo(), {.fast_path = fast});
  router.add(Method::kGet, "/api/slow", echo());
  router.add(Method::kPost, "/api/things", echo(), {.fast_path = fast});

  Request cached = make(Method::kGet, "/api/products/");
  cached.headers.set("Authorization", "Bearer cached");
  auto answer = router.dispatch_from_memory(cached);
  ASSERT_TRUE(answer);
  EXPECT_EQ(json::parse(answer->body)["fast"], 11);
  EXPECT_EQ(cached.route, "/api/products");

  Request unknown = make(Method::kGet, "/api/products");
  unknown.headers.set("Authorization", "Bearer not-cached");
  EXPECT_FALSE(router.dispatch_from_memory(unknown));
  Request anonymous = make(Method::kGet, "/api/products");
  EXPECT_FALSE(router.dispatch_from_memory(anonymous));  // the worker answers 401
  Request no_fast_path = make(Method::kGet, "/api/slow");
  no_fast_path.headers.set("Authorization", "Bearer cached");
  EXPECT_FALSE(router.dispatch_from_memory(no_fast_path));
  Request post = make(Method::kPost, "/api/things");
  post.headers.set("Authorization", "Bearer cached");
  EXPECT_FALSE(router.dispatch_from_memory(post));  // only reads
  have_answer = false;
  Request stale = make(Method::kGet, "/api/products");
  stale.headers.set("Authorization", "Bearer cached");
  EXPECT_FALSE(router.dispatch_from_memory(stale));
  EXPECT_TRUE(stale.route.empty());
  EXPECT_FALSE(stale.principal);
}

TEST_F(RouterAuthTest, RequiredAuthAttachesThePrincipal) {
  Response r = get("/api/me/", "Bearer good");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body)["user_id"], 7);
  EXPECT_EQ(authenticator_.last_path, "/api/me/");
}

TEST_F(RouterAuthTest, MissingOrBadTokenIs401) {
  for (std::string header : {"", "Bearer bad"}) {
    Response r = get("/api/me", header);
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(json::parse(r.body)["code"], "not_authenticated");
  }
}

TEST_F(RouterAuthTest, ForbiddenIs403) {
  Response r = get("/api/me", "Bearer elsewhere");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(json::parse(r.body)["detail"], "URL not allowed.");
}

TEST_F(RouterAuthTest, OptionalAuth) {
  EXPECT_EQ(json::parse(get("/api/maybe").body)["user_id"], 0);
  EXPECT_EQ(json::parse(get("/api/maybe", "Bearer good").body)["user_id"], 7);
  EXPECT_EQ(get("/api/maybe", "Bearer bad").status, 401);
}

TEST_F(RouterAuthTest, UnknownPathIs404EvenWithoutToken) {
  EXPECT_EQ(get("/api/unknown").status, 404);
}

TEST_F(RouterAuthTest, AuthenticationComesBeforeTheBodyCheck) {
  router_.add(Method::kPost, "/api/me", [](const Request&) -> Result<Response> {
    return Response::json(201, json::object());
  });
  Request anonymous = make(Method::kPost, "/api/me");
  anonymous.body = "x";
  anonymous.headers.set("Content-Type", "text/plain");
  EXPECT_EQ(router_.dispatch(anonymous).status, 401);
  Request authenticated = anonymous;
  authenticated.headers.set("Authorization", "Bearer good");
  EXPECT_EQ(router_.dispatch(authenticated).status, 415);
  Request public_route = make(Method::kPost, "/api/login");
  public_route.body = "x";
  public_route.headers.set("Content-Type", "text/plain");
  EXPECT_EQ(router_.dispatch(public_route).status, 415);
}

TEST(RouterBodyLimitTest, ARoutesOwnBodyLimitIsFoundFromItsMethodAndPath) {
  Router router;
  auto ok = [](const Request&) -> Result<Response> { return Response::json(200, json::object()); };
  router.add(Method::kGet, "/manage/products/{id}", ok, kPublic);
  router.add(Method::kPost, "/manage/products/{id}", ok,
             {.auth = Auth::kNone, .body = BodyKind::kAny, .body_bytes_max = 5u << 20});
  router.add(Method::kPost, "/manage/products/{id}/move", ok,
             {.auth = Auth::kNone, .body = BodyKind::kAny});
  EXPECT_EQ(router.body_bytes_max_for(Method::kPost, "/manage/products/3/"), 5u << 20);
  EXPECT_EQ(router.body_bytes_max_for(Method::kGet, "/manage/products/3/"), std::nullopt);
  EXPECT_EQ(router.body_bytes_max_for(Method::kPost, "/manage/products/3/move/"), std::nullopt);
  EXPECT_EQ(router.body_bytes_max_for(Method::kPost, "/nowhere"), std::nullopt);
  EXPECT_EQ(router.largest_route_body_bytes_max(), 5u << 20);

  // dispatch() applies the route's limit, not the API's.
  Request request;
  request.method = Method::kPost;
  request.path = "/manage/products/3/";
  request.body.assign(2u << 20, 'x');
  EXPECT_EQ(router.dispatch(request).status, 200);
  request.body.assign((5u << 20) + 1, 'x');
  EXPECT_EQ(router.dispatch(request).status, 413);
  request.path = "/manage/products/3/move/";
  request.body.assign(2u << 20, 'x');
  EXPECT_EQ(router.dispatch(request).status, 413);
  EXPECT_EQ(Router().largest_route_body_bytes_max(), 0u);
}

}  // namespace
}  // namespace mamon::http
