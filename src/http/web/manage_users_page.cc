// Users (issue 9 item 1; WEB.md §2 "Users and groups", §2b), all needing manage_users (the
// service decides; Kascommissie and everybody else get the 403 page):
//   GET  /manage/users/                 every user matching ?search= (username, names, email);
//                                       ?format=csv|xlsx exports the same rows
//   GET  /manage/users/new/             the create form (username, names, email, password or
//                                       none, superuser, groups, ledenbase id); POST creates the
//                                       user with its holder and wallet
//   GET  /manage/users/{id}/            the edit form; POST saves it (deactivating ends the
//                                       user's sessions and refresh tokens)
//   POST /manage/users/{id}/password/   sets a local password
// After a change this instance's principal cache forgets the user (UserLookup::forget_user), so
// the API sees the change on the next request here and within limits::kPrincipalCacheMs elsewhere.
#include <charconv>
#include <set>
#include <string>

#include "base/local_time.h"
#include "http/web/board_list_support.h"
#include "http/web/manage_tabs.h"
#include "http/web/page.h"
#include "http/web/pages.h"
#include "service/users_admin_service.h"
#include "service/users_service.h"

namespace mamon::http::web {
namespace {

std::string user_path(std::int64_t id) {
  return "/manage/users/" + std::to_string(id) + "/";
}

// The fields of the user forms, in the order the forms show them (the error summary's order).
constexpr std::string_view kFormFields[] = {"username",     "first_name", "last_name",
                                            "email",        "password",   "is_active",
                                            "is_superuser", "groups",     "ledenbase_id"};

bool is_form_field(const Error& error) {
  if (error.code != ErrorCode::kInvalidInput && error.code != ErrorCode::kConflict) return false;
  for (std::string_view field : kFormFields) {
    if (error.field == field) return true;
  }
  return false;
}

// The message beside the field, in the page's language.
std::string field_error_text(const Page& page, const Error& error) {
  if (error.code == ErrorCode::kConflict) {
    if (error.permission == "manage_users") return page.text("manage_users.error.own_manage_users");
    if (error.field == "is_active" || error.field == "is_superuser") {
      return page.text("manage_users.error.last_superuser");
    }
    return page.text("manage_users.error.taken_" + error.field);
  }
  return page.text("manage_users.error." + error.field);
}

std::string joined_group_names(const std::vector<storage::GroupRow>& groups) {
  std::string out;
  for (const storage::GroupRow& g : groups) out += (out.empty() ? "" : ", ") + g.name;
  return out;
}

std::string ledenbase_text(const std::optional<std::int64_t>& id) {
  return id ? std::to_string(*id) : std::string();
}

// --- the list --------------------------------------------------------------------------------

Result<Response> export_users(Page& page, const std::vector<storage::ManagedUserRow>& users,
                              ExportFormat format) {
  ExportTable table;
  table.sheet_name = page.text("manage_users.title");
  add_export_column(page, table, "manage_users.col.id", ExportColumnKind::kInteger);
  add_export_column(page, table, "manage_users.col.username", ExportColumnKind::kText);
  add_export_column(page, table, "manage_users.col.name", ExportColumnKind::kText);
  add_export_column(page, table, "manage_users.col.email", ExportColumnKind::kText);
  add_export_column(page, table, "manage_users.col.groups", ExportColumnKind::kText);
  add_export_column(page, table, "manage_users.col.ledenbase_id", ExportColumnKind::kInteger);
  add_export_column(page, table, "manage_users.col.active", ExportColumnKind::kText);
  add_export_column(page, table, "manage_users.col.superuser", ExportColumnKind::kText);
  add_export_column(page, table, "manage_users.col.bar_staff", ExportColumnKind::kText);
  add_export_column(page, table, "manage_users.col.last_login", ExportColumnKind::kDateTime);
  const std::string yes = page.text("manage_users.yes");
  const std::string no = page.text("manage_users.no");
  for (const storage::ManagedUserRow& r : users) {
    std::vector<ExportCell> row;
    row.emplace_back(r.user.id);
    row.emplace_back(r.user.username);
    row.emplace_back(r.user.first_name + (r.user.last_name.empty() ? "" : " ") + r.user.last_name);
    row.emplace_back(r.user.email);
    row.emplace_back(joined_group_names(r.groups));
    if (r.ledenbase_id) {
      row.emplace_back(*r.ledenbase_id);
    } else {
      row.emplace_back(std::monostate{});
    }
    row.emplace_back(r.user.is_active ? yes : no);
    row.emplace_back(r.user.is_superuser ? yes : no);
    row.emplace_back(r.personnel && r.personnel->active ? yes : no);
    if (r.user.last_login_at_us) {
      row.emplace_back(ExportInstant{*r.user.last_login_at_us});
    } else {
      row.emplace_back(std::monostate{});
    }
    table.rows.push_back(std::move(row));
  }
  const std::string today = format_local_date(local_date_of(page.site.clock.now_us()));
  return export_answer(page, table, "users", today, "", format);
}

Result<Response> show_list(Page& page) {
  FieldErrors errors;
  const ExportFormat format = parse_export_format(page, errors);
  const std::string search(page.request.query.get("search").value_or(""));
  MAMON_TRY(std::vector<storage::ManagedUserRow> users,
            service::list_users_to_manage(page.site.database, page.caller(), search));
  if (errors.empty() && format != ExportFormat::kNone) return export_users(page, users, format);
  nlohmann::json rows = nlohmann::json::array();
  for (const storage::ManagedUserRow& r : users) {
    rows.push_back({{"href", user_path(r.user.id)},
                    {"username", r.user.username},
                    {"name", r.user.display_name()},
                    {"email", r.user.email},
                    {"groups", joined_group_names(r.groups)},
                    {"ledenbase_id", ledenbase_text(r.ledenbase_id)},
                    {"active", r.user.is_active},
                    {"superuser", r.user.is_superuser},
                    {"bar_staff", r.personnel && r.personnel->active}});
  }
  const bool capped = static_cast<std::int64_t>(users.size()) >= service::kManagedUsersListMax;
  nlohmann::json view = {
      {"manage_tabs", manage_tabs_view(page)},
      {"search", search},
      {"format_error", error_or_false(errors, "format")},
      {"errors", error_summary_view(page, errors, {"format"})},
      {"summary", page.format(capped ? "manage_users.summary_capped" : "manage_users.summary",
                              {{"count", std::to_string(users.size())}})},
      {"exports", list_export_links_view(page)},
      {"rows", rows},
      {"has_rows", !rows.empty()},
      {"empty", rows.empty()}};
  return render_page(page, "manage_users", "manage_users.title", std::move(view),
                     errors.empty() ? 200 : 422);
}

// --- the forms -------------------------------------------------------------------------------

// The form as typed (or as stored), for re-rendering.
struct FormState {
  std::string username;
  std::string first_name;
  std::string last_name;
  std::string email;
  bool is_active = true;
  bool is_superuser = false;
  std::set<std::int64_t> group_ids;
  std::string ledenbase_id;
  std::optional<Error> error;
};

FormState state_of(const storage::ManagedUserRow& row) {
  FormState form{row.user.username,
                 row.user.first_name,
                 row.user.last_name,
                 row.user.email,
                 row.user.is_active,
                 row.user.is_superuser,
                 {},
                 ledenbase_text(row.ledenbase_id),
                 std::nullopt};
  for (const storage::GroupRow& g : row.groups) form.group_ids.insert(g.id);
  return form;
}

// The checked group ids of the posted form; a value that is no id is left out (the service
// refuses ids of groups that do not exist).
std::set<std::int64_t> posted_group_ids(const Page& page) {
  std::set<std::int64_t> ids;
  for (const auto& [name, value] : page.form.entries()) {
    if (name != "groups") continue;
    std::int64_t id = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), id);
    if (ec == std::errc() && end == value.data() + value.size() && id > 0) ids.insert(id);
  }
  return ids;
}

FormState posted_state(const Page& page) {
  FormState form;
  form.username = std::string(page.form.get("username").value_or(""));
  form.first_name = std::string(page.form.get("first_name").value_or(""));
  form.last_name = std::string(page.form.get("last_name").value_or(""));
  form.email = std::string(page.form.get("email").value_or(""));
  form.is_active = page.form.get("is_active").has_value();
  form.is_superuser = page.form.get("is_superuser").has_value();
  form.group_ids = posted_group_ids(page);
  form.ledenbase_id = std::string(page.form.get("ledenbase_id").value_or(""));
  return form;
}

Response render_form(Page& page, const FormState& form,
                     const std::optional<storage::ManagedUserRow>& row,
                     const std::vector<storage::GroupRow>& groups,
                     const std::optional<Error>& password_error, int status) {
  auto error_for = [&](const std::optional<Error>& error,
                       std::string_view field) -> nlohmann::json {
    if (!error || error->field != field) return false;
    return field_error_text(page, *error);
  };
  nlohmann::json group_items = nlohmann::json::array();
  for (const storage::GroupRow& g : groups) {
    group_items.push_back({{"id", g.id},
                           {"name", g.name},
                           {"checked", form.group_ids.contains(g.id)},
                           {"href", "/manage/groups/" + std::to_string(g.id) + "/"}});
  }
  nlohmann::json view = {
      {"manage_tabs", manage_tabs_view(page)},
      {"is_new", !row.has_value()},
      {"action", row ? user_path(row->user.id) : std::string("/manage/users/new/")},
      {"password_action", row ? user_path(row->user.id) + "password/" : std::string()},
      {"username", form.username},
      {"first_name", form.first_name},
      {"last_name", form.last_name},
      {"email", form.email},
      {"is_active", form.is_active},
      {"is_superuser", form.is_superuser},
      {"groups", group_items},
      {"has_groups", !group_items.empty()},
      {"ledenbase_id", form.ledenbase_id}};
  for (std::string_view field : kFormFields) {
    view[std::string(field) + "_error"] = error_for(form.error, field);
  }
  view["new_password_error"] = error_for(password_error, "password");
  const std::optional<Error>& error = form.error ? form.error : password_error;
  if (error) {
    const std::string anchor =
        password_error ? std::string("#field-new-password") : "#field-" + error->field;
    view["errors"] = {{"title", page.text("form.error_summary")},
                      {"items", {{{"text", field_error_text(page, *error)}, {"href", anchor}}}}};
  }
  if (!row) {
    return render_page(page, "manage_user", "manage_users.new_title", std::move(view), status);
  }
  view["holder_href"] =
      row->holder_id ? "/board/holders/" + std::to_string(*row->holder_id) + "/" : "";
  view["personnel_href"] =
      row->personnel ? "/manage/personnel/" + std::to_string(row->personnel->id) + "/" : "";
  view["bar_staff"] = row->personnel && row->personnel->active;
  view["local_password"] = !row->user.password_hash.empty();
  view["last_login"] = row->user.last_login_at_us ? page.date_time(*row->user.last_login_at_us)
                                                  : page.text("manage_users.never");
  view["joined"] = page.date(row->user.date_joined_at_us);
  return render_page_titled(page, "manage_user",
                            page.format("manage_users.edit_title", {{"name", row->user.username}}),
                            std::move(view), status);
}

Result<Response> show_new(Page& page) {
  MAMON_TRY(std::vector<storage::GroupRow> groups,
            service::list_groups(page.site.database, page.caller()));
  return render_form(page, FormState{}, std::nullopt, groups, std::nullopt, 200);
}

Result<Response> post_new(Page& page) {
  MAMON_TRY(std::vector<storage::GroupRow> groups,
            service::list_groups(page.site.database, page.caller()));
  FormState form = posted_state(page);
  form.is_active = true;
  service::CreateUserRequest request;
  request.username = form.username;
  const std::string password(page.form.get("password").value_or(""));
  if (!password.empty()) request.password = password;
  request.first_name = form.first_name;
  request.last_name = form.last_name;
  request.email = form.email;
  request.is_superuser = form.is_superuser;
  for (const storage::GroupRow& g : groups) {
    if (form.group_ids.contains(g.id)) request.groups.push_back(g.name);
  }
  Result<std::optional<std::int64_t>> ledenbase_id = service::parse_ledenbase_id(form.ledenbase_id);
  if (!ledenbase_id.ok()) {
    form.error = ledenbase_id.error();
    return render_form(page, form, std::nullopt, groups, std::nullopt, 422);
  }
  request.ledenbase_id = *ledenbase_id;
  Result<domain::HolderView> created =
      service::create_user(page.site.database, page.site.clock, page.caller(), request);
  if (!created.ok()) {
    if (!is_form_field(created.error())) return created.error();
    form.error = created.error();
    return render_form(page, form, std::nullopt, groups, std::nullopt, 422);
  }
  set_flash(page, "flash.user_created");
  return redirect(user_path(created->user.id));
}

Result<Response> show_edit(Page& page) {
  MAMON_TRY(
      storage::ManagedUserRow row,
      service::get_user_to_manage(page.site.database, page.caller(), page.request.path_int("id")));
  MAMON_TRY(std::vector<storage::GroupRow> groups,
            service::list_groups(page.site.database, page.caller()));
  return render_form(page, state_of(row), row, groups, std::nullopt, 200);
}

Result<Response> post_edit(Page& page) {
  const std::int64_t id = page.request.path_int("id");
  MAMON_TRY(storage::ManagedUserRow row,
            service::get_user_to_manage(page.site.database, page.caller(), id));
  MAMON_TRY(std::vector<storage::GroupRow> groups,
            service::list_groups(page.site.database, page.caller()));
  FormState form = posted_state(page);
  form.username = row.user.username;
  const service::UserForm input{form.first_name,   form.last_name,
                                form.email,        form.is_active,
                                form.is_superuser, {form.group_ids.begin(), form.group_ids.end()},
                                form.ledenbase_id};
  Result<service::UserUpdate> saved =
      service::update_user(page.site.database, page.site.clock, page.caller(), id, input);
  if (!saved.ok()) {
    if (!is_form_field(saved.error())) return saved.error();
    form.error = saved.error();
    return render_form(page, form, row, groups, std::nullopt, 422);
  }
  page.site.forget_user(id);
  set_flash(page, !saved->changed      ? "flash.nothing_changed"
                  : saved->deactivated ? "flash.user_deactivated"
                                       : "flash.user_saved");
  return redirect(user_path(id));
}

Result<Response> post_password(Page& page) {
  const std::int64_t id = page.request.path_int("id");
  MAMON_TRY(storage::ManagedUserRow row,
            service::get_user_to_manage(page.site.database, page.caller(), id));
  Status saved = service::set_user_password(page.site.database, page.site.clock, page.caller(), id,
                                            page.form.get("password").value_or(""));
  if (!saved.ok()) {
    if (!is_form_field(saved.error())) return saved.error();
    MAMON_TRY(std::vector<storage::GroupRow> groups,
              service::list_groups(page.site.database, page.caller()));
    return render_form(page, state_of(row), row, groups, saved.error(), 422);
  }
  page.site.forget_user(id);
  set_flash(page, "flash.password_set");
  return redirect(user_path(id));
}

}  // namespace

void register_manage_users_routes(Router& router, const WebSite& site) {
  add_page(router, site, Method::kGet, "/manage/users", show_list);
  add_page(router, site, Method::kGet, "/manage/users/new", show_new);
  add_page(router, site, Method::kPost, "/manage/users/new", post_new);
  add_page(router, site, Method::kGet, "/manage/users/{id}", show_edit);
  add_page(router, site, Method::kPost, "/manage/users/{id}", post_edit);
  add_page(router, site, Method::kPost, "/manage/users/{id}/password", post_password);
}

}  // namespace mamon::http::web
