// The authentication endpoints (API.md "Authentication"), registered by register_auth_routes():
//   POST /api/login/          {"username", "password"} -> 200 {"refresh", "access", "user": User
//                             + {"exp": <access expiry>, "roles": [...]}}; wrong credentials 401
//                             "invalid_credentials"; too many failures (limits.h "Login") 429
//                             "rate_limited" with a Retry-After header (seconds).
//   POST /api/login/refresh/  {"refresh"} -> 200 {"access", "refresh" (rotated), "user": User +
//                             {"exp": <refresh expiry>, "roles"}}; invalid/expired/reused 401
//                             (a reused one also revokes every token rotated from its login).
// Both are public routes. One service::AuthService is shared by the handlers; the login limits'
// counters are in the database.
#pragma once

#include "http/router.h"
#include "http/routes.h"

namespace mamon::http::api {

void register_auth_routes(Router& router, AppContext& context);

}  // namespace mamon::http::api
