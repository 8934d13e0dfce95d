#include "http/web/page.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>

#include "base/check.h"
#include "base/limits.h"
#include "domain/permissions.h"
#include "http/api/json_errors.h"
#include "http/form_body.h"
#include "http/web/assets.h"
#include "http/web/cookies.h"
#include "http/web/csrf.h"
#include "http/web/formats.h"
#include "http/web/manage_tabs.h"
#include "http/web/next_path.h"

namespace mamon::http::web {
namespace {

constexpr std::string_view kHtmlContentType = "text/html; charset=utf-8";

std::optional<Language> chosen_language(const Page& page) {
  if (page.session && !page.session->language.empty()) {
    if (auto l = parse_language(page.session->language)) return l;
  }
  if (auto cookie = cookie_value(page.request, kLanguageCookie)) return parse_language(*cookie);
  return std::nullopt;
}

// Step 1 of page.h. A database failure leaves the page anonymous and is returned.
Status begin_page(Page& page) {
  const WebSite& site = page.site;
  Status status = ok_status();
  page.cookie_session_id = cookie_value(page.request, kSessionCookie);
  if (page.cookie_session_id && !page.cookie_session_id->empty()) {
    Result<std::optional<service::WebSession>> resumed =
        site.sessions.resume(*page.cookie_session_id);
    if (resumed.ok()) {
      page.session = std::move(*resumed);
    } else {
      status = resumed.error();
    }
    if (resumed.ok() && !page.session) {  // expired or unknown: the browser may forget it
      page.set_cookies.push_back(clear_cookie_header(kSessionCookie, site.secure_cookies()));
    }
  }
  page.language = chosen_language(page).value_or(
      negotiate_language(page.request.headers.value_or_empty("Accept-Language")));
  if (page.session) {
    page.csrf_token = page.session->csrf_token;
  } else {
    std::optional<std::string> cookie = cookie_value(page.request, kCsrfCookie);
    if (cookie && verify_signed_csrf_token(site.config.secret_key, *cookie)) {
      page.csrf_token = *cookie;
    } else {
      page.csrf_token = new_signed_csrf_token(site.config.secret_key);
      page.set_cookies.push_back(set_cookie_header(
          kCsrfCookie, page.csrf_token,
          CookieOptions{site.secure_cookies(), true, limits::kWebCsrfCookieSeconds}));
    }
  }
  if (auto flash = cookie_value(page.request, kFlashCookie); flash && !flash->empty()) {
    page.incoming_flash = *flash;
  }
  return status;
}

bool csrf_ok(const Page& page, const PageOptions& options) {
  std::string sent(page.form.get(kCsrfField).value_or(""));
  if (sent.empty()) sent = std::string(page.request.headers.value_or_empty(kCsrfHeader));
  if (page.session) return tokens_equal(sent, page.session->csrf_token);
  if (!options.csrf_without_session) return true;
  std::optional<std::string> cookie = cookie_value(page.request, kCsrfCookie);
  return cookie && tokens_equal(sent, *cookie) &&
         verify_signed_csrf_token(page.site.config.secret_key, *cookie);
}

Response finish_page(Page& page, Response response) {
  for (const std::string& cookie : page.set_cookies) response.headers.add("Set-Cookie", cookie);
  if (!response.headers.contains("Cache-Control"))
    response.headers.set("Cache-Control", "no-store");
  return response;
}

Response html(int status, std::string body) {
  return Response::text(status, std::move(body), kHtmlContentType);
}

// The last resort when even the error page cannot be rendered.
Response bare_500() {
  return html(500,
              "<!DOCTYPE html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>500</title>"
              "</head><body><h1>500</h1><p>Er ging iets mis. Something went wrong.</p></body>"
              "</html>");
}

// A POST of an upload page: multipart/form-data (files into page.files) or url-encoded.
Result<QueryParams> parse_upload_body(Page& page) {
  const std::string_view type = page.request.headers.value_or_empty("Content-Type");
  if (!is_multipart_form(type)) return parse_form_body(page.request);
  MAMON_TRY(MultipartForm multipart, parse_multipart_form(type, page.request.body));
  page.files = std::move(multipart.files);
  return std::move(multipart.fields);
}

nlohmann::json nav_view(const Page& page) {
  nlohmann::json nav = nlohmann::json::array();
  auto item = [&](std::string_view href, std::string_view key) {
    const bool current = page.request.path.starts_with(href);
    nav.push_back({{"href", href}, {"label", page.text(key)}, {"current", current}});
  };
  if (!page.session) return nav;
  const domain::Caller& caller = page.session->caller;
  item("/home/", "nav.home");
  if (caller.holder_id) {  // the member pages (WEB.md §2)
    item("/products/", "nav.products");
    item("/topup/", "nav.topup");
    item("/cards/", "nav.cards");
    item("/meals/", "nav.meals");
  }
  // Only pages that exist, for the users who may open them (domain/permissions.h). One "Board"
  // entry: the board's pages have their own tabs (board_tabs_view), so the bar stays one line.
  if (domain::has_permission(caller, domain::Permission::kViewReports)) {
    item("/board/", "nav.board");
  }
  if (domain::can_sell(caller)) item("/pos/", "nav.pos");  // bar staff: the web POS
  // One "Manage" entry: the first management tab the user may open (manage_tabs.h).
  if (std::optional<std::string> manage = first_manage_path(caller)) {
    const std::string href = *manage;
    nav.push_back({{"href", href},
                   {"label", page.text("nav.manage")},
                   {"current", page.request.path.starts_with("/manage/")}});
  }
  // The profile is the user's name at the right of the bar (layout.mustache).
  // Only the longest matching link is the current one (/board/ vs /board/purchases/).
  std::size_t longest = 0;
  for (const auto& link : nav) {
    if (link["current"]) longest = std::max(longest, link["href"].get<std::string>().size());
  }
  for (auto& link : nav) {
    link["current"] = link["current"] && link["href"].get<std::string>().size() == longest;
  }
  return nav;
}

nlohmann::json languages_view(const Page& page) {
  nlohmann::json languages = nlohmann::json::array();
  for (Language l : all_languages()) {
    const std::string code(language_code(l));
    languages.push_back({{"code", code},
                         {"label", page.site.catalogue.text(l, "language." + code)},
                         {"current", l == page.language}});
  }
  return languages;
}

// Every query parameter but `skip` (kept in links and filter forms).
nlohmann::json other_params(const Page& page, std::initializer_list<std::string_view> skip) {
  nlohmann::json params = nlohmann::json::array();
  for (const auto& [name, value] : page.request.query.entries()) {
    bool skipped = false;
    for (std::string_view s : skip) skipped = skipped || name == s;
    if (!skipped) params.push_back({{"name", name}, {"value", value}});
  }
  return params;
}

}  // namespace

std::string path_with_param(const Page& page, std::string_view name, std::string_view value) {
  std::string query;
  for (const auto& [n, v] : page.request.query.entries()) {
    if (n == name) continue;
    query.append(query.empty() ? "?" : "&");
    query.append(encode_query_value(n)).append("=").append(encode_query_value(v));
  }
  query.append(query.empty() ? "?" : "&");
  query.append(encode_query_value(name)).append("=").append(encode_query_value(value));
  return page.request.path + query;
}

// --- Page ----------------------------------------------------------------------------------------

const domain::Caller& Page::caller() const {
  MAMON_CHECK_MSG(session.has_value(), "caller() on a page without a session");
  return session->caller;
}

const service::UserProfile& Page::profile() const {
  MAMON_CHECK_MSG(session.has_value(), "profile() on a page without a session");
  return session->profile;
}

std::string Page::text(std::string_view key) const {
  return site.catalogue.text(language, key);
}

std::string Page::format(std::string_view key, const TextParams& params) const {
  return site.catalogue.format(language, key, params);
}

std::string Page::error_text(const Error& error) const {
  return web::error_text(site.catalogue, language, error);
}

std::string Page::money(Cents amount) const {
  return format_money(amount, language);
}
std::string Page::date(TimestampUs at_us) const {
  return format_date(at_us, language);
}
std::string Page::date_time(TimestampUs at_us) const {
  return format_date_time(at_us, language);
}

// --- registration
// ----------------------------------------------------------------------------------

void add_page(Router& router, const WebSite& site, Method method, std::string_view pattern,
              PageHandler handler, PageOptions options) {
  auto run = [&site, handler = std::move(handler), options](const Request& request) -> Response {
    Page page{request, site};
    try {
      Status begun = begin_page(page);
      if (!begun.ok()) return finish_page(page, error_page_for(page, begun.error()));
      if (!page.session && options.access == Access::kLoggedIn) {
        if (page.cookie_session_id) set_flash(page, "flash.login_again");
        return finish_page(page, redirect(login_url_for(request)));
      }
      if (request.method != Method::kGet && request.method != Method::kHead) {
        Result<QueryParams> form =
            options.uploads ? parse_upload_body(page) : parse_form_body(request);
        if (form.ok()) page.form = std::move(*form);
        if (!origin_allowed(request, site.config) || !csrf_ok(page, options)) {
          return finish_page(page, error_page(page, 403, page.text("error.csrf")));
        }
        if (!form.ok()) return finish_page(page, error_page_for(page, form.error()));
      }
      Result<Response> answer = handler(page);
      if (!answer.ok()) return finish_page(page, error_page_for(page, answer.error()));
      return finish_page(page, std::move(answer).value());
    } catch (const std::exception& e) {
      spdlog::error("request_id={} page {} failed: {}", request.request_id, request.path, e.what());
    }
    try {
      return finish_page(page, error_page(page, 500, page.text("error.server")));
    } catch (...) {
      return bare_500();
    }
  };
  router.add(
      method, pattern, [run](const Request& request) -> Result<Response> { return run(request); },
      RouteOptions{.auth = Auth::kNone,
                   .body = BodyKind::kAny,
                   .group = RouteGroup::kWeb,
                   .body_bytes_max = options.uploads
                                         ? std::optional<std::size_t>(limits::kUploadBodyBytesMax)
                                         : std::nullopt});
}

ErrorPageRenderer web_error_pages(const WebSite& site) {
  return [&site](const Request& request, int status) -> Response {
    try {
      Page page{request, site};
      (void)begin_page(page);  // a database failure: the error page is shown anonymously
      std::string message =
          page.text(status == 405 ? "error.method_not_allowed" : "error.page_not_found");
      return finish_page(page, error_page(page, status, std::move(message)));
    } catch (const std::exception& e) {
      spdlog::error("request_id={} the error page failed: {}", request.request_id, e.what());
      return bare_500();
    }
  };
}

// --- answers -------------------------------------------------------------------------------------

Response render_page(Page& page, std::string_view template_name, std::string_view title_key,
                     nlohmann::json view, int status) {
  return render_page_titled(page, template_name, page.text(title_key), std::move(view), status);
}

Response render_page_titled(Page& page, std::string_view template_name, std::string title,
                            nlohmann::json view, int status) {
  if (!view.is_object()) view = nlohmann::json::object();
  view["lang"] = language_code(page.language);
  view["title"] = std::move(title);
  view["csrf_token"] = page.csrf_token;
  view["here"] = path_with_query(page.request);
  view["logged_in"] = page.logged_in();
  view["user_name"] = page.session ? page.session->profile.user.display_name() : "";
  view["profile_current"] = page.request.path.starts_with("/profile/");
  view["nav"] = nav_view(page);
  view["languages"] = languages_view(page);
  view["asset"] = {{"bulma_css", asset_url("bulma.min.css")},
                   {"mamon_css", asset_url("mamon.css")},
                   {"mamon_js", asset_url("mamon.js")},
                   {"chart_js", asset_url("chart.min.js")},
                   {"pos_js", asset_url("pos.js")},
                   {"pos_count_js", asset_url("pos_count.js")},
                   {"pos_link_js", asset_url("pos_link.js")}};
  if (page.incoming_flash && page.incoming_flash->starts_with("flash.") &&
      page.site.catalogue.has(page.language, *page.incoming_flash)) {
    view["flash"] = {{"text", page.text(*page.incoming_flash)}};
  }
  if (page.incoming_flash && !page.flash_key) {
    page.set_cookies.push_back(clear_cookie_header(kFlashCookie, page.site.secure_cookies()));
  }
  const Templates& templates = page.site.templates;
  view["content"] = templates.render(template_name, view, page.language, page.site.catalogue);
  return html(status, templates.render("layout", view, page.language, page.site.catalogue));
}

Response redirect(std::string_view location) {
  Response response;
  response.status = 303;
  response.headers.set("Location", location);
  response.headers.set("Content-Type", kHtmlContentType);
  return response;
}

void set_flash(Page& page, std::string_view key) {
  page.flash_key = std::string(key);
  page.set_cookies.push_back(
      set_cookie_header(kFlashCookie, key, CookieOptions{page.site.secure_cookies(), true, 60}));
}

Response error_page(Page& page, int status, std::string message) {
  nlohmann::json view = {{"status", status}, {"message", std::move(message)}};
  return render_page_titled(page, "error",
                            page.format("error.title", {{"status", std::to_string(status)}}),
                            std::move(view), status);
}

Response error_page_for(Page& page, const Error& error) {
  if (error.kind() == ErrorKind::kUnauthenticated) return redirect(login_url_for(page.request));
  int status = api::http_status(error.kind());
  if (error.kind() == ErrorKind::kInvalid) status = 422;
  if (error.kind() == ErrorKind::kInternal) {
    spdlog::error("request_id={} page {}: {}", page.request.request_id, page.request.path,
                  error.message);
  }
  if (error.kind() == ErrorKind::kForbidden) {
    if (std::optional<std::string> permission = missing_permission(error)) {
      return error_page(page, 403,
                        page.format("error.forbidden_permission", {{"permission", *permission}}));
    }
  }
  return error_page(page, status, page.error_text(error));
}

std::optional<std::string> missing_permission(const Error& error) {
  if (error.permission.empty()) return std::nullopt;
  return error.permission;
}

// --- view helpers
// ------------------------------------------------------------------------------------

nlohmann::json field_view(const Page& page, std::string_view name, std::string_view label_key,
                          std::string_view type, std::string_view value, std::string_view error,
                          std::string_view autocomplete) {
  nlohmann::json field = {{"name", name},
                          {"id", "field-" + std::string(name)},
                          {"label", page.text(label_key)},
                          {"type", type},
                          {"value", value},
                          {"autocomplete", false},
                          {"error", false}};  // false, not absent: no lookup in outer contexts
  if (!autocomplete.empty()) field["autocomplete"] = autocomplete;
  if (!error.empty()) field["error"] = error;
  return field;
}

nlohmann::json pagination_view(const Page& page, int current, int pages) {
  if (pages <= 1) return false;
  nlohmann::json view = {
      {"label", page.text("pagination.label")},
      {"text", page.format("pagination.page",
                           {{"page", std::to_string(current)}, {"pages", std::to_string(pages)}})}};
  if (current > 1) {
    view["previous"] = {{"href", path_with_param(page, "page", std::to_string(current - 1))},
                        {"label", page.text("pagination.previous")}};
  }
  if (current < pages) {
    view["next"] = {{"href", path_with_param(page, "page", std::to_string(current + 1))},
                    {"label", page.text("pagination.next")}};
  }
  return view;
}

nlohmann::json date_range_view(const Page& page, std::string_view start, std::string_view end) {
  // start_error / end_error / extra_filters: optional, set by pages that need them
  // (board_list_support.h); false here so that the partial never looks them up further out.
  return {{"action", page.request.path},
          {"start", start},
          {"end", end},
          {"start_error", false},
          {"end_error", false},
          {"extra_filters", false},
          {"hidden", other_params(page, {"start", "end", "page"})}};
}

}  // namespace mamon::http::web
