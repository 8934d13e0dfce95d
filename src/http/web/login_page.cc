// GET+POST /login/ and POST /logout/ (WEB.md §1 "Sessions", "Status codes"). The login shares
// the API's credential check and rate limit (WebSessionsService::log_in → AuthService).
#include "base/limits.h"
#include "http/web/cookies.h"
#include "http/web/next_path.h"
#include "http/web/page.h"
#include "http/web/pages.h"

namespace mamon::http::web {
namespace {

struct LoginForm {
  std::string username;
  std::string next;
  std::string error;  // translated, "" = none
};

Response render_login(Page& page, const LoginForm& form, int status) {
  nlohmann::json view = {{"next", form.next},
                         {"username", field_view(page, "username", "login.username", "text",
                                                 form.username, "", "username")},
                         {"password", field_view(page, "password", "login.password", "password", "",
                                                 "", "current-password")}};
  if (!form.error.empty()) view["error"] = form.error;
  return render_page(page, "login", "login.title", std::move(view), status);
}

Result<Response> show_login(Page& page) {
  std::string next = safe_next(page.request.query.get("next").value_or(""));
  if (page.logged_in()) return redirect(next);
  return render_login(page, LoginForm{"", next, ""}, 200);
}

Result<Response> post_login(Page& page) {
  LoginForm form;
  form.username = std::string(page.form.get("username").value_or(""));
  const std::string password(page.form.get("password").value_or(""));
  form.next = safe_next(page.form.get("next").value_or(""));
  std::int64_t retry_after_s = 0;
  Result<service::NewWebSession> login = page.site.sessions.log_in(
      form.username, password, page.request.remote_ip, language_code(page.language),
      page.cookie_session_id.value_or(""), &retry_after_s);
  if (!login.ok()) {
    const Error& error = login.error();
    switch (error.code) {
      case ErrorCode::kInvalidInput:
        form.error = page.text("login.blank");
        return render_login(page, form, 422);
      case ErrorCode::kInvalidCredentials:
        form.error = page.text("login.failed");
        return render_login(page, form, 422);
      case ErrorCode::kRateLimited: {
        form.error =
            page.format("login.rate_limited", {{"seconds", std::to_string(retry_after_s)}});
        Response refused = render_login(page, form, 429);
        refused.headers.set("Retry-After",
                            std::to_string(std::max<std::int64_t>(1, retry_after_s)));
        return refused;
      }
      // The ledenbase (service/ledenbase_login.h): its answer on the form, never a bare error
      // page; local accounts keep logging in meanwhile.
      case ErrorCode::kUnavailable:
        form.error = page.text("login.ledenbase_unavailable");
        return render_login(page, form, 503);
      case ErrorCode::kConflict:
        form.error = page.text("login.ledenbase_conflict");
        return render_login(page, form, 409);
      default:
        return error;
    }
  }
  const bool secure = page.site.secure_cookies();
  // A new id (rotation); the pre-login CSRF token is dropped with the rest of the old state.
  page.set_cookies.push_back(
      set_cookie_header(kSessionCookie, login->cookie_id,
                        CookieOptions{secure, true, limits::kWebSessionAbsoluteSeconds}));
  page.set_cookies.push_back(clear_cookie_header(kCsrfCookie, secure));
  set_flash(page, "flash.logged_in");
  return redirect(form.next);
}

Result<Response> post_logout(Page& page) {
  if (page.cookie_session_id) {
    MAMON_RETURN_IF_ERROR(page.site.sessions.log_out(*page.cookie_session_id));
    page.set_cookies.push_back(clear_cookie_header(kSessionCookie, page.site.secure_cookies()));
  }
  set_flash(page, "flash.logged_out");
  return redirect("/");
}

}  // namespace

void register_login_routes(Router& router, const WebSite& site) {
  add_page(router, site, Method::kGet, "/login", show_login, {.access = Access::kPublic});
  add_page(router, site, Method::kPost, "/login", post_login, {.access = Access::kPublic});
  add_page(router, site, Method::kPost, "/logout", post_logout,
           {.access = Access::kPublic, .csrf_without_session = false});
}

}  // namespace mamon::http::web
