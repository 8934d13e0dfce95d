// Client applications (issue 9 item 6; WEB.md §2b), all needing manage_clients (the service
// decides; everybody else gets the 403 page):
//   GET  /manage/clients/               every application: name, user, paths, last use, status
//   GET  /manage/clients/new/           the create form (name, user, path patterns one per
//                                       line); POST creates it and shows its token ONCE (200,
//                                       no redirect: the token is never stored)
//   GET  /manage/clients/{id}/          the detail with the paths form; POST saves the paths
//   POST /manage/clients/{id}/revoke/   revokes it at once (the token stops working)
#include <string>

#include "http/web/manage_tabs.h"
#include "http/web/page.h"
#include "http/web/pages.h"
#include "service/client_applications_service.h"

namespace mamon::http::web {
namespace {

std::string client_path(std::int64_t id) {
  return "/manage/clients/" + std::to_string(id) + "/";
}

std::string joined_lines(const std::vector<std::string>& paths) {
  std::string out;
  for (const std::string& p : paths) out += (out.empty() ? "" : "\n") + p;
  return out;
}

nlohmann::json row_view(Page& page, const storage::ClientApplicationRow& app) {
  return {{"name", app.name},
          {"href", client_path(app.id)},
          {"identifier", app.identifier},
          {"user", app.username},
          {"paths", app.paths},
          {"last_used", app.last_used_at_us ? page.date_time(*app.last_used_at_us)
                                            : page.text("manage_clients.never")},
          {"revoked", app.revoked_at_us.has_value()},
          {"revoked_at", app.revoked_at_us ? page.date_time(*app.revoked_at_us) : ""}};
}

Result<Response> show_list(Page& page) {
  MAMON_TRY(std::vector<storage::ClientApplicationRow> apps,
            service::list_client_applications(page.site.database, page.caller()));
  nlohmann::json rows = nlohmann::json::array();
  for (const storage::ClientApplicationRow& app : apps) rows.push_back(row_view(page, app));
  nlohmann::json view = {{"manage_tabs", manage_tabs_view(page)},
                         {"rows", rows},
                         {"has_rows", !rows.empty()},
                         {"empty", rows.empty()}};
  return render_page(page, "manage_clients", "manage_clients.title", std::move(view));
}

// The message of a field error: the catalogue's, with the service's reason for a pattern.
std::string field_error_text(Page& page, const Error& error) {
  if (error.field == "paths") {
    return page.format("manage_clients.error.paths", {{"detail", error.message}});
  }
  return page.text("manage_clients.error." + error.field);
}

bool is_form_field(const Error& error) {
  return (error.code == ErrorCode::kInvalidInput || error.code == ErrorCode::kConflict) &&
         (error.field == "name" || error.field == "user" || error.field == "paths");
}

nlohmann::json error_summary(Page& page, const Error* error) {
  if (error == nullptr) return nullptr;
  return {
      {"title", page.text("form.error_summary")},
      {"items", {{{"text", field_error_text(page, *error)}, {"href", "#field-" + error->field}}}}};
}

Response render_new(Page& page, const nlohmann::json& input, const Error* error, int status) {
  auto error_for = [&](std::string_view field) -> nlohmann::json {
    if (error == nullptr || error->field != field) return false;
    return field_error_text(page, *error);
  };
  nlohmann::json view = {
      {"manage_tabs", manage_tabs_view(page)}, {"name", input.value("name", "")},
      {"user", input.value("user", "")},       {"paths", input.value("paths", "")},
      {"name_error", error_for("name")},       {"user_error", error_for("user")},
      {"paths_error", error_for("paths")}};
  if (error != nullptr) view["errors"] = error_summary(page, error);
  return render_page(page, "manage_client_new", "manage_clients.new_title", std::move(view),
                     status);
}

Result<Response> show_new(Page& page) {
  MAMON_RETURN_IF_ERROR(service::may_manage_clients(page.caller()));
  return render_new(page, nlohmann::json::object(), nullptr, 200);
}

Result<Response> post_new(Page& page) {
  const nlohmann::json input = {{"name", page.form.get("name").value_or("")},
                                {"user", page.form.get("user").value_or("")},
                                {"paths", page.form.get("paths").value_or("")}};
  MAMON_RETURN_IF_ERROR(service::may_manage_clients(page.caller()));
  Result<std::vector<std::string>> paths =
      service::parse_client_paths(input["paths"].get<std::string>());
  if (!paths.ok()) return render_new(page, input, &paths.error(), 422);
  service::ClientApplicationInput create{input["name"], input["user"], *paths};
  auto created = service::create_client_application(
      page.site.database, page.site.clock, page.site.config.jwt_key, page.caller(), create);
  if (!created.ok()) {
    if (!is_form_field(created.error())) return created.error();
    return render_new(page, input, &created.error(), 422);
  }
  // The token is shown on this answer only (never stored, so never shown again).
  nlohmann::json view = {{"manage_tabs", manage_tabs_view(page)},
                         {"name", create.name},
                         {"identifier", created->identifier},
                         {"token", created->token},
                         {"href", client_path(created->id)}};
  return render_page(page, "manage_client_created", "manage_clients.created_title",
                     std::move(view));
}

Response render_detail(Page& page, const storage::ClientApplicationRow& app,
                       const std::string& paths, const Error* error, int status) {
  nlohmann::json view = row_view(page, app);
  view["manage_tabs"] = manage_tabs_view(page);
  view["action"] = client_path(app.id);
  view["revoke"] = client_path(app.id) + "revoke/";
  view["paths_text"] = paths;
  view["paths_error"] =
      error != nullptr ? nlohmann::json(field_error_text(page, *error)) : nlohmann::json(false);
  if (error != nullptr) view["errors"] = error_summary(page, error);
  return render_page_titled(page, "manage_client",
                            page.format("manage_clients.edit_title", {{"name", app.name}}),
                            std::move(view), status);
}

Result<Response> show_detail(Page& page) {
  MAMON_TRY(storage::ClientApplicationRow app,
            service::get_client_application(page.site.database, page.caller(),
                                            page.request.path_int("id")));
  return render_detail(page, app, joined_lines(app.paths), nullptr, 200);
}

Result<Response> post_detail(Page& page) {
  const std::int64_t id = page.request.path_int("id");
  MAMON_TRY(storage::ClientApplicationRow app,
            service::get_client_application(page.site.database, page.caller(), id));
  const std::string text(page.form.get("paths").value_or(""));
  Result<std::vector<std::string>> paths = service::parse_client_paths(text);
  if (!paths.ok()) return render_detail(page, app, text, &paths.error(), 422);
  Status saved = service::update_client_application_paths(page.site.database, page.site.clock,
                                                          page.caller(), id, *paths);
  if (!saved.ok()) {
    if (!is_form_field(saved.error())) return saved.error();
    return render_detail(page, app, text, &saved.error(), 422);
  }
  set_flash(page, "flash.client_saved");
  return redirect(client_path(id));
}

Result<Response> post_revoke(Page& page) {
  const std::int64_t id = page.request.path_int("id");
  MAMON_RETURN_IF_ERROR(
      service::revoke_client_application(page.site.database, page.site.clock, page.caller(), id));
  set_flash(page, "flash.client_revoked");
  return redirect(client_path(id));
}

}  // namespace

void register_manage_clients_routes(Router& router, const WebSite& site) {
  add_page(router, site, Method::kGet, "/manage/clients", show_list);
  add_page(router, site, Method::kGet, "/manage/clients/new", show_new);
  add_page(router, site, Method::kPost, "/manage/clients/new", post_new);
  add_page(router, site, Method::kGet, "/manage/clients/{id}", show_detail);
  add_page(router, site, Method::kPost, "/manage/clients/{id}", post_detail);
  add_page(router, site, Method::kPost, "/manage/clients/{id}/revoke", post_revoke);
}

}  // namespace mamon::http::web
