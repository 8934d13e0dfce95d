// POST /language/ (language=nl|en, next): the footer's language switch. Remembered in the
// mamon_lang cookie and, when logged in, on the session and the user (the profile's choice).
#include "base/limits.h"
#include "http/web/cookies.h"
#include "http/web/next_path.h"
#include "http/web/page.h"
#include "http/web/pages.h"

namespace mamon::http::web {
namespace {

Result<Response> post_language(Page& page) {
  std::optional<Language> language = parse_language(page.form.get("language").value_or(""));
  if (!language) {
    return make_error(ErrorCode::kInvalidInput, "Unknown language.", "language");
  }
  const std::string code(language_code(*language));
  if (page.session) MAMON_RETURN_IF_ERROR(page.site.sessions.set_language(*page.session, code));
  page.set_cookies.push_back(set_cookie_header(
      kLanguageCookie, code,
      CookieOptions{page.site.secure_cookies(), true, limits::kWebLanguageCookieSeconds}));
  set_flash(page, "flash.language_saved");
  return redirect(safe_next(page.form.get("next").value_or(""), "/"));
}

}  // namespace

void register_language_routes(Router& router, const WebSite& site) {
  add_page(router, site, Method::kPost, "/language", post_language, {.access = Access::kPublic});
}

}  // namespace mamon::http::web
