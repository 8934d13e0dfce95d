#include "http/api/auth_api.h"

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "http/api/json_errors.h"
#include "http/api/json_users.h"
#include "http/json_body.h"
#include "service/auth_service.h"

namespace mamon::http::api {
namespace {

// A required string field of a JSON object body (kInvalidInput naming the field otherwise).
Result<std::string> required_string(const nlohmann::json& body, const char* name) {
  if (!body.is_object()) {
    return make_error(ErrorCode::kInvalidJson, "Expected a JSON object.");
  }
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) {
    return make_error(ErrorCode::kInvalidInput, "This field is required.", name);
  }
  if (!it->is_string()) return make_error(ErrorCode::kInvalidInput, "Not a valid string.", name);
  return it->get<std::string>();
}

nlohmann::json user_with_expiry(const service::IssuedTokens& tokens, std::string_view public_url,
                                std::int64_t exp) {
  nlohmann::json user = user_to_json(tokens.profile, public_url);
  user["exp"] = exp;
  user["roles"] = tokens.profile.groups;
  return user;
}

}  // namespace

void register_auth_routes(Router& router, AppContext& context) {
  // The same credential check as the website's (ledenbase included when configured).
  auto auth = std::make_shared<service::AuthService>(context.database, context.clock,
                                                     context.config, context.ledenbase);
  const Config& config = context.config;

  router.add(Method::kPost, "/api/login",
             [auth, &config](const Request& request) -> Result<Response> {
               MAMON_TRY(nlohmann::json body, parse_json_body(request));
               MAMON_TRY(std::string username, required_string(body, "username"));
               MAMON_TRY(std::string password, required_string(body, "password"));
               std::int64_t retry_after_s = 0;
               Result<service::IssuedTokens> login =
                   auth->login(username, password, request.remote_ip, &retry_after_s);
               if (!login.ok()) {
                 Response refused = Response::error(login.error());
                 if (login.error().code == ErrorCode::kRateLimited && retry_after_s > 0) {
                   refused.headers.set("Retry-After", std::to_string(retry_after_s));
                 }
                 return refused;
               }
               const service::IssuedTokens& tokens = *login;
               return Response::json(200, {{"refresh", tokens.refresh},
                                           {"access", tokens.access},
                                           {"user", user_with_expiry(tokens, config.public_url,
                                                                     tokens.access_expires_at_s)}});
             },
             {.auth = Auth::kNone});

  router.add(
      Method::kPost, "/api/login/refresh",
      [auth, &config](const Request& request) -> Result<Response> {
        MAMON_TRY(nlohmann::json body, parse_json_body(request));
        MAMON_TRY(std::string refresh, required_string(body, "refresh"));
        MAMON_TRY(service::IssuedTokens tokens, auth->refresh(refresh));
        return Response::json(
            200,
            {{"access", tokens.access},
             {"refresh", tokens.refresh},
             {"user", user_with_expiry(tokens, config.public_url, tokens.refresh_expires_at_s)}});
      },
      {.auth = Auth::kNone});
}

}  // namespace mamon::http::api
