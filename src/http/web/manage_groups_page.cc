// Groups and their permissions (issue 9 item 1; WEB.md §2 "Users and groups", §3), all needing
// manage_users (the service decides; everybody else gets the 403 page):
//   GET  /manage/groups/                    the roles: the built-in Personnel, then the groups,
//                                           with their members and grants
//   GET  /manage/groups/new/                the create form (name); POST creates the group
//   GET  /manage/groups/{id}/               rename form, permission grid, members
//                                           ({id} 0 is Personnel: grid only)
//   POST /manage/groups/{id}/               renames the group
//   POST /manage/groups/{id}/permissions/   saves the grid (one transaction)
// Memberships are edited on the user's page; a changed grant reaches the API within
// limits::kPrincipalCacheMs.
#include <string>

#include "domain/permissions.h"
#include "http/web/manage_tabs.h"
#include "http/web/page.h"
#include "http/web/pages.h"
#include "service/roles_service.h"
#include "service/users_admin_service.h"

namespace mamon::http::web {
namespace {

std::string group_path(std::int64_t id) {
  return "/manage/groups/" + std::to_string(id) + "/";
}

std::string permission_label(const Page& page, domain::Permission p) {
  return page.text("permission." + std::string(domain::permission_name(p)));
}

std::string role_name(const Page& page, const domain::Role& role) {
  return role.builtin ? page.text("manage_groups.personnel") : role.name;
}

Result<Response> show_list(Page& page) {
  MAMON_TRY(std::vector<domain::Role> roles,
            service::list_roles(page.site.database, page.caller()));
  nlohmann::json rows = nlohmann::json::array();
  for (const domain::Role& role : roles) {
    nlohmann::json grants = nlohmann::json::array();
    for (domain::Permission p : role.permissions.to_vector()) {
      grants.push_back(permission_label(page, p));
    }
    rows.push_back({{"name", role_name(page, role)},
                    {"href", group_path(role.id)},
                    {"builtin", role.builtin},
                    {"members", role.member_count},
                    {"grants", grants},
                    {"no_grants", grants.empty()}});
  }
  nlohmann::json view = {{"manage_tabs", manage_tabs_view(page)}, {"rows", rows}};
  return render_page(page, "manage_groups", "manage_groups.title", std::move(view));
}

bool is_name_error(const Error& error) {
  return (error.code == ErrorCode::kInvalidInput || error.code == ErrorCode::kConflict) &&
         error.field == "name";
}

std::string name_error_text(const Page& page, const Error& error) {
  return page.text(error.code == ErrorCode::kConflict ? "manage_groups.error.name_taken"
                                                      : "manage_groups.error.name");
}

nlohmann::json summary_of(const Page& page, const std::string& text, std::string_view anchor) {
  return {{"title", page.text("form.error_summary")},
          {"items", {{{"text", text}, {"href", std::string(anchor)}}}}};
}

Response render_new(Page& page, const std::string& name, const Error* error, int status) {
  nlohmann::json view = {
      {"manage_tabs", manage_tabs_view(page)}, {"name", name}, {"name_error", false}};
  if (error != nullptr) {
    view["name_error"] = name_error_text(page, *error);
    view["errors"] = summary_of(page, name_error_text(page, *error), "#field-name");
  }
  return render_page(page, "manage_group_new", "manage_groups.new_title", std::move(view), status);
}

Result<Response> show_new(Page& page) {
  MAMON_RETURN_IF_ERROR(service::may_manage_users(page.caller()));
  return render_new(page, "", nullptr, 200);
}

Result<Response> post_new(Page& page) {
  const std::string name(page.form.get("name").value_or(""));
  Result<std::int64_t> created =
      service::create_group(page.site.database, page.site.clock, page.caller(), name);
  if (!created.ok()) {
    if (!is_name_error(created.error())) return created.error();
    return render_new(page, name, &created.error(), 422);
  }
  set_flash(page, "flash.group_created");
  return redirect(group_path(*created));
}

// What the detail page shows besides the role: the form's name as typed and the error of the
// form that was posted.
struct DetailState {
  std::string name;
  domain::PermissionSet checked;
  std::optional<Error> name_error;
  std::optional<Error> grid_error;
};

Result<Response> render_detail(Page& page, const domain::Role& role, const DetailState& state,
                               int status) {
  nlohmann::json members = nlohmann::json::array();
  if (!role.builtin) {
    MAMON_TRY(service::GroupDetail group,
              service::get_group(page.site.database, page.caller(), role.id));
    for (const domain::User& u : group.members) {
      members.push_back({{"name", u.display_name()},
                         {"username", u.username},
                         {"href", "/manage/users/" + std::to_string(u.id) + "/"}});
    }
  }
  nlohmann::json grid = nlohmann::json::array();
  for (domain::Permission p : domain::all_permissions()) {
    const std::string name(domain::permission_name(p));
    grid.push_back({{"name", name},
                    {"label", permission_label(page, p)},
                    {"checked", state.checked.contains(p)}});
  }
  nlohmann::json view = {{"manage_tabs", manage_tabs_view(page)},
                         {"builtin", role.builtin},
                         {"action", group_path(role.id)},
                         {"grid_action", group_path(role.id) + "permissions/"},
                         {"name", state.name},
                         {"name_error", false},
                         {"grid_error", false},
                         {"grid", grid},
                         {"members", members},
                         {"has_members", !members.empty()},
                         {"no_members", members.empty()},
                         {"personnel_count", role.member_count}};
  if (state.name_error) {
    view["name_error"] = name_error_text(page, *state.name_error);
    view["errors"] = summary_of(page, name_error_text(page, *state.name_error), "#field-name");
  }
  if (state.grid_error) {
    view["grid_error"] = page.text("manage_groups.error.own_manage_users");
    view["errors"] =
        summary_of(page, page.text("manage_groups.error.own_manage_users"), "#grid-manage_users");
  }
  return render_page_titled(
      page, "manage_group",
      page.format("manage_groups.edit_title", {{"name", role_name(page, role)}}), std::move(view),
      status);
}

Result<Response> show_detail(Page& page) {
  MAMON_TRY(domain::Role role,
            service::get_role(page.site.database, page.caller(), page.request.path_int("id")));
  return render_detail(page, role, {role.name, role.permissions, std::nullopt, std::nullopt}, 200);
}

Result<Response> post_rename(Page& page) {
  const std::int64_t id = page.request.path_int("id");
  MAMON_TRY(domain::Role role, service::get_role(page.site.database, page.caller(), id));
  const std::string name(page.form.get("name").value_or(""));
  if (role.builtin) {
    return make_error(ErrorCode::kConflict, "The built-in role Personnel cannot be renamed.");
  }
  Status renamed =
      service::rename_group(page.site.database, page.site.clock, page.caller(), id, name);
  if (!renamed.ok()) {
    if (!is_name_error(renamed.error())) return renamed.error();
    return render_detail(page, role, {name, role.permissions, renamed.error(), std::nullopt}, 422);
  }
  set_flash(page, "flash.group_saved");
  return redirect(group_path(id));
}

Result<Response> post_permissions(Page& page) {
  const std::int64_t id = page.request.path_int("id");
  domain::PermissionSet wanted;
  for (const auto& [field, value] : page.form.entries()) {
    if (field != "permission") continue;
    std::optional<domain::Permission> p = domain::parse_permission(value);
    if (!p) {
      return make_error(ErrorCode::kInvalidInput, "Unknown permission \"" + value + "\".",
                        "permission");
    }
    wanted.insert(*p);
  }
  Result<domain::Role> saved =
      service::set_role_permissions(page.site.database, page.site.clock, page.caller(), id, wanted);
  if (!saved.ok()) {
    if (saved.error().code != ErrorCode::kConflict || saved.error().field != "permission") {
      return saved.error();
    }
    MAMON_TRY(domain::Role role, service::get_role(page.site.database, page.caller(), id));
    return render_detail(page, role, {role.name, wanted, std::nullopt, saved.error()}, 422);
  }
  page.site.forget_all_users();
  set_flash(page, "flash.group_permissions_saved");
  return redirect(group_path(id));
}

}  // namespace

void register_manage_groups_routes(Router& router, const WebSite& site) {
  add_page(router, site, Method::kGet, "/manage/groups", show_list);
  add_page(router, site, Method::kGet, "/manage/groups/new", show_new);
  add_page(router, site, Method::kPost, "/manage/groups/new", post_new);
  add_page(router, site, Method::kGet, "/manage/groups/{id}", show_detail);
  add_page(router, site, Method::kPost, "/manage/groups/{id}", post_rename);
  add_page(router, site, Method::kPost, "/manage/groups/{id}/permissions", post_permissions);
}

}  // namespace mamon::http::web
