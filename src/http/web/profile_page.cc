// GET+POST /profile/: the account, the language choice (a form to /language/) and the own
// password change for local accounts (WebSessionsService::change_password).
#include "http/web/page.h"
#include "http/web/pages.h"
#include "service/passwords.h"

namespace mamon::http::web {
namespace {

struct PasswordErrors {
  std::string current, new_password, new_password2;  // translated, "" = none
};

Response render_profile(Page& page, const PasswordErrors& errors, int status) {
  const service::UserProfile& profile = page.profile();
  nlohmann::json languages = nlohmann::json::array();
  for (Language l : all_languages()) {
    const std::string code(language_code(l));
    languages.push_back({{"code", code},
                         {"label", page.site.catalogue.text(l, "language." + code)},
                         {"selected", l == page.language}});
  }
  nlohmann::json view = {
      {"username", profile.user.username},
      {"name", profile.user.display_name()},
      {"language_options", languages},
      {"has_local_password", service::is_usable_password_hash(profile.user.password_hash)},
      {"current_password", field_view(page, "current_password", "profile.current_password",
                                      "password", "", errors.current, "current-password")},
      {"new_password", field_view(page, "new_password", "profile.new_password", "password", "",
                                  errors.new_password, "new-password")},
      {"new_password2", field_view(page, "new_password2", "profile.new_password2", "password", "",
                                   errors.new_password2, "new-password")}};
  if (!errors.current.empty() || !errors.new_password.empty() || !errors.new_password2.empty()) {
    nlohmann::json summary = nlohmann::json::array();
    auto add = [&](const std::string& text, const char* id) {
      if (!text.empty()) summary.push_back({{"text", text}, {"href", std::string("#field-") + id}});
    };
    add(errors.current, "current_password");
    add(errors.new_password, "new_password");
    add(errors.new_password2, "new_password2");
    view["errors"] = {{"title", page.text("form.error_summary")}, {"items", summary}};
  }
  return render_page(page, "profile", "profile.title", std::move(view), status);
}

Result<Response> show_profile(Page& page) {
  return render_profile(page, {}, 200);
}

Result<Response> post_profile(Page& page) {
  std::int64_t retry_after_s = 0;
  Status changed = page.site.sessions.change_password(
      *page.session, page.form.get("current_password").value_or(""),
      page.form.get("new_password").value_or(""), page.form.get("new_password2").value_or(""),
      page.request.remote_ip, &retry_after_s);
  if (changed.ok()) {
    set_flash(page, "flash.password_changed");
    return redirect("/profile/");
  }
  const Error& error = changed.error();
  PasswordErrors errors;
  if (error.code == ErrorCode::kRateLimited) {
    errors.current =
        page.format("login.rate_limited", {{"seconds", std::to_string(retry_after_s)}});
    Response refused = render_profile(page, errors, 429);
    refused.headers.set("Retry-After", std::to_string(std::max<std::int64_t>(1, retry_after_s)));
    return refused;
  }
  if (error.field == "current_password") {
    errors.current =
        error.code == ErrorCode::kInvalidCredentials
            ? page.text("profile.password_wrong")
            : page.text(service::is_usable_password_hash(page.profile().user.password_hash)
                            ? "profile.password_blank"
                            : "profile.no_local_password");
  } else if (error.field == "new_password") {
    errors.new_password = page.form.get("new_password").value_or("").empty()
                              ? page.text("profile.password_blank")
                              : page.text("profile.password_too_long");
  } else if (error.field == "new_password2") {
    errors.new_password2 = page.text("profile.password_mismatch");
  } else {
    return error;
  }
  return render_profile(page, errors, 422);
}

}  // namespace

void register_profile_routes(Router& router, const WebSite& site) {
  add_page(router, site, Method::kGet, "/profile", show_profile);
  add_page(router, site, Method::kPost, "/profile", post_profile);
}

}  // namespace mamon::http::web
