// The page kit: how a website page is registered, what its handler sees, and how it answers
// (docs/web.md "Adding a page"). A page handler is as thin as an API handler:
//
//   Result<Response> show_cards(Page& page) {
//     MAMON_TRY(auto cards, service::list_own_cards(page.site.database, page.caller()));
//     nlohmann::json view = {{"cards", cards_view(page, cards)}};   // formatted strings
//     return render_page(page, "cards", "cards.title", std::move(view));
//   }
//   add_page(router, site, Method::kGet, "/cards", show_cards);      // logged in (default)
//
// add_page() wraps the handler with what every page needs, in this order:
//   1. the session from the mamon_session cookie (WebSessionsService::resume), the language
//      (session/user choice, cookie mamon_lang, Accept-Language, Dutch), the CSRF token for
//      forms (the session's, or a signed pre-login token, setting the mamon_csrf cookie);
//   2. Access::kLoggedIn without a live session: 303 to /login/?next=<path+query> (a POST with
//      an expired session too: the user logs in and comes back);
//   3. a POST: the form body is parsed (page.form), Origin/Referer must be ours and the CSRF
//      token must match (csrf.h); otherwise the 403 page;
//   4. the handler; an Error it returns becomes error_page_for() (401 → the login redirect,
//      403 naming the missing permission when known, 404, 409, 422 for kInvalid..., 503);
//      an exception becomes the 500 page (logged);
//   5. the cookies the page set, Cache-Control: no-store; the pipeline adds the security headers
//      (pipeline.h) and no CORS.
// Permission decisions stay in the service layer; the handler only renders their errors.
// Handlers run on worker threads and may block; they must be thread-safe.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/money.h"
#include "base/result.h"
#include "http/multipart.h"
#include "http/request.h"
#include "http/response.h"
#include "http/router.h"
#include "http/web/catalogue.h"
#include "http/web/site.h"
#include "service/web_sessions_service.h"

namespace mamon::http::web {

// One request to a page, as its handler sees it. Owned by the wrapper for that request.
struct Page {
  Page(const Request& request_in, const WebSite& site_in) : request(request_in), site(site_in) {}

  const Request& request;
  const WebSite& site;
  Language language = kDefaultLanguage;
  std::optional<service::WebSession> session;  // set when logged in
  std::string csrf_token;                      // put in every form as csrf_token
  QueryParams form;                            // a POST's decoded form body
  // The files of a multipart POST (only on pages with PageOptions::uploads; multipart.h). Their
  // text fields are in `form`.
  std::vector<MultipartFile> files;
  std::optional<std::string> cookie_session_id;  // the mamon_session cookie, if sent
  std::optional<std::string> incoming_flash;     // a flash key from the previous answer
  std::optional<std::string> flash_key;          // set_flash(): shown after the redirect
  std::vector<std::string> set_cookies;          // Set-Cookie values added to the answer

  bool logged_in() const { return session.has_value(); }
  // The logged-in caller / profile (CHECK logged_in(): only on Access::kLoggedIn pages).
  const domain::Caller& caller() const;
  const service::UserProfile& profile() const;

  // Catalogue texts in the page's language (catalogue.h).
  std::string text(std::string_view key) const;
  std::string format(std::string_view key, const TextParams& params) const;
  std::string error_text(const Error& error) const;
  // formats.h in the page's language.
  std::string money(Cents amount) const;
  std::string date(TimestampUs at_us) const;
  std::string date_time(TimestampUs at_us) const;
};

using PageHandler = std::function<Result<Response>(Page&)>;

enum class Access {
  kPublic,    // anybody (landing, login, language, error pages)
  kLoggedIn,  // a live session (every other page); the permission check is the service's
};

struct PageOptions {
  Access access = Access::kLoggedIn;
  // false: a POST without a session skips the CSRF check (only /logout/, which then does
  // nothing; the check would refuse the form of a session that just expired).
  bool csrf_without_session = true;
  // true: a POST may be multipart/form-data (a form with a file input) and may be as large as
  // limits::kUploadBodyBytesMax; url-encoded posts are still accepted. Other pages keep the
  // API's body limit and refuse multipart bodies.
  bool uploads = false;
};

// Registers a page on the router in the web group (RouteOptions{.auth = kNone, .body = kAny,
// .group = kWeb}). `site` must outlive the router.
void add_page(Router& router, const WebSite& site, Method method, std::string_view pattern,
              PageHandler handler, PageOptions options = {});

// The router's 404/405 pages for web paths (Router::set_web_error_pages).
ErrorPageRenderer web_error_pages(const WebSite& site);

// --- answers -------------------------------------------------------------------------------------

// Renders web/templates/<template_name>.mustache with `view` inside the base layout (layout.
// mustache), `title_key` the catalogue key of the <title> and <h1>. The layout's own keys are
// added to the view (a page must not use them for its own data): lang, title, csrf_token, here
// (path+query, for `next`), logged_in, user_name, nav, languages, flash, asset.{bulma_css,
// mamon_css, mamon_js, chart_js, pos_js, pos_count_js, pos_link_js}.
Response render_page(Page& page, std::string_view template_name, std::string_view title_key,
                     nlohmann::json view, int status = 200);

// render_page() with a title already translated (and formatted).
Response render_page_titled(Page& page, std::string_view template_name, std::string title,
                            nlohmann::json view, int status = 200);

// 303 See Other to `location` (a local path).
Response redirect(std::string_view location);

// Shows the catalogue text of `key` ("flash.saved") on the next page rendered (after the
// redirect). One flash per answer.
void set_flash(Page& page, std::string_view key);

// The error page with `status` and a message (already translated).
Response error_page(Page& page, int status, std::string message);

// The error page of a service error: its status (api::http_status of its kind), the catalogue
// text error.<code>; kUnauthenticated redirects to the login; kPermissionDenied says which
// permission is missing when missing_permission() knows it.
Response error_page_for(Page& page, const Error& error);

// The permission name an Error carries (Error::permission, set by the services' refusals,
// domain::permission_denied_error), if it names one.
std::optional<std::string> missing_permission(const Error& error);

// The request's path and query with parameter `name` set to `value` (the others kept, in order),
// for links that keep the filters in the query string (pagination, exports).
std::string path_with_param(const Page& page, std::string_view name, std::string_view value);

// --- view helpers (partials in web/templates/_*.mustache)
// ------------------------------------------

// A form field for {{> _field}}: {name, id, label, type, value, error, autocomplete}. `error`
// "" = none; the label is a catalogue key.
nlohmann::json field_view(const Page& page, std::string_view name, std::string_view label_key,
                          std::string_view type, std::string_view value = {},
                          std::string_view error = {}, std::string_view autocomplete = {});

// {{> _pagination}} for page `current` of `pages` (1-based): previous/next links that keep
// every other query parameter of the request. Empty (no block) when pages <= 1.
nlohmann::json pagination_view(const Page& page, int current, int pages);

// {{> _date_range}}: the filter form's start/end values (YYYY-MM-DD) and every other query
// parameter as hidden fields (so filters stay in the query string).
nlohmann::json date_range_view(const Page& page, std::string_view start, std::string_view end);

}  // namespace mamon::http::web
