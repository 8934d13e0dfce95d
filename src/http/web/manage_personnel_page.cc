// Bar staff (issue 9 item 2; WEB.md §2b), all needing manage_personnel (the service decides;
// Kascommissie and everybody else get the 403 page):
//   GET  /manage/personnel/          every personnel record: nickname, user, picture, active
//   GET  /manage/personnel/new/      make a user bar staff (username, nickname); POST saves
//   GET  /manage/personnel/{id}/     nickname, active, picture (multipart); POST saves
// After a change the user is forgotten by this instance's principal cache, so a deactivated
// staff member is refused by the API on the next request.
#include <string>

#include "domain/media.h"
#include "http/web/manage_products_views.h"
#include "http/web/manage_tabs.h"
#include "http/web/page.h"
#include "http/web/pages.h"
#include "service/media_uploads.h"
#include "service/personnel_service.h"

namespace mamon::http::web {
namespace {

std::string personnel_path(std::int64_t id) {
  return "/manage/personnel/" + std::to_string(id) + "/";
}

std::string picture_url(const Page& page, std::string_view image) {
  return domain::media_url(page.site.config.public_url, image, domain::MediaKind::kPersonnel);
}

Result<Response> show_list(Page& page) {
  MAMON_TRY(std::vector<storage::PersonnelRow> staff,
            service::list_personnel(page.site.database, page.caller()));
  nlohmann::json rows = nlohmann::json::array();
  for (const storage::PersonnelRow& row : staff) {
    rows.push_back({{"nickname", row.personnel.nickname},
                    {"href", personnel_path(row.personnel.id)},
                    {"user", row.user.display_name()},
                    {"username", row.user.username},
                    {"image", picture_url(page, row.personnel.image)},
                    {"active", row.personnel.active}});
  }
  nlohmann::json view = {{"manage_tabs", manage_tabs_view(page)},
                         {"rows", rows},
                         {"has_rows", !rows.empty()},
                         {"empty", rows.empty()}};
  return render_page(page, "manage_personnel", "manage_personnel.title", std::move(view));
}

std::string field_error_text(const Page& page, const Error& error) {
  return page.text("manage_personnel.error." + error.field);
}

bool is_form_field(const Error& error) {
  return (error.code == ErrorCode::kInvalidInput || error.code == ErrorCode::kConflict) &&
         (error.field == "nickname" || error.field == "user" || error.field == "image");
}

struct FormState {
  std::string username;
  std::string nickname;
  bool active = true;
  std::string image_url;
  std::optional<Error> error;  // with its field and, for a picture, the text in `message`
};

Response render_form(Page& page, const FormState& form,
                     const std::optional<storage::PersonnelRow>& row, int status) {
  auto error_for = [&](std::string_view field) -> nlohmann::json {
    if (!form.error || form.error->field != field) return false;
    return field == "image" ? form.error->message : field_error_text(page, *form.error);
  };
  nlohmann::json view = {
      {"manage_tabs", manage_tabs_view(page)},
      {"is_new", !row.has_value()},
      {"action", row ? personnel_path(row->personnel.id) : std::string("/manage/personnel/new/")},
      {"username", form.username},
      {"user", row ? row->user.display_name() : ""},
      {"nickname", form.nickname},
      {"active", form.active},
      {"image_url", form.image_url},
      {"user_error", error_for("user")},
      {"nickname_error", error_for("nickname")},
      {"image_error", error_for("image")}};
  if (form.error) {
    view["errors"] = {
        {"title", page.text("form.error_summary")},
        {"items",
         {{{"text", error_for(form.error->field)}, {"href", "#field-" + form.error->field}}}}};
  }
  if (row) {
    return render_page_titled(
        page, "manage_personnel_form",
        page.format("manage_personnel.edit_title", {{"name", row->personnel.nickname}}),
        std::move(view), status);
  }
  return render_page(page, "manage_personnel_form", "manage_personnel.new_title", std::move(view),
                     status);
}

Result<Response> show_new(Page& page) {
  MAMON_RETURN_IF_ERROR(service::may_manage_personnel(page.caller()));
  return render_form(page, FormState{}, std::nullopt, 200);
}

Result<Response> post_new(Page& page) {
  MAMON_RETURN_IF_ERROR(service::may_manage_personnel(page.caller()));
  FormState form;
  form.username = std::string(page.form.get("username").value_or(""));
  form.nickname = std::string(page.form.get("nickname").value_or(""));
  service::PersonnelForm input{form.nickname, true, std::nullopt};
  Result<service::CreatedPersonnel> created = service::create_personnel_for_username(
      page.site.database, page.site.clock, page.caller(), form.username, input);
  if (!created.ok()) {
    if (!is_form_field(created.error())) return created.error();
    form.error = created.error();
    return render_form(page, form, std::nullopt, 422);
  }
  page.site.forget_user(created->user_id);
  set_flash(page, "flash.personnel_saved");
  return redirect(personnel_path(created->personnel_id));
}

Result<Response> show_edit(Page& page) {
  MAMON_TRY(storage::PersonnelRow row,
            service::get_personnel(page.site.database, page.caller(), page.request.path_int("id")));
  FormState form{row.user.username, row.personnel.nickname, row.personnel.active,
                 picture_url(page, row.personnel.image), std::nullopt};
  return render_form(page, form, row, 200);
}

// The chosen picture stored, none when no file was chosen, or the refusal in form.error.
Result<std::optional<std::string>> stored_picture(Page& page, FormState& form) {
  for (const MultipartFile& file : page.files) {
    if (file.field != "image" || (file.bytes.empty() && file.filename.empty())) continue;
    if (!is_plain_filename(file.filename)) {
      form.error = make_error(ErrorCode::kInvalidInput,
                              page.text("manage_products.error.image_path"), "image");
      return std::optional<std::string>();
    }
    if (std::optional<service::ImageRefusal> refusal = service::image_refusal(file.bytes)) {
      form.error = make_error(ErrorCode::kInvalidInput,
                              std::string(page.text(image_refusal_key(*refusal))), "image");
      return std::optional<std::string>();
    }
    MAMON_TRY(std::string path, service::store_image(page.site.config.media_root, file.bytes,
                                                     domain::MediaKind::kPersonnel));
    return std::optional<std::string>(std::move(path));
  }
  return std::optional<std::string>();
}

Result<Response> post_edit(Page& page) {
  const std::int64_t id = page.request.path_int("id");
  // Refused before a picture is stored: only those who manage personnel put files there.
  MAMON_TRY(storage::PersonnelRow row,
            service::get_personnel(page.site.database, page.caller(), id));
  FormState form{row.user.username, std::string(page.form.get("nickname").value_or("")),
                 page.form.get("active").has_value(), picture_url(page, row.personnel.image),
                 std::nullopt};
  MAMON_TRY(std::optional<std::string> image, stored_picture(page, form));
  if (form.error) return render_form(page, form, row, 422);
  Status saved = service::update_personnel(page.site.database, page.site.clock, page.caller(), id,
                                           {form.nickname, form.active, image});
  if (!saved.ok()) {
    if (!is_form_field(saved.error())) return saved.error();
    form.error = saved.error();
    return render_form(page, form, row, 422);
  }
  page.site.forget_user(row.user.id);
  set_flash(page, "flash.personnel_saved");
  return redirect(personnel_path(id));
}

}  // namespace

void register_manage_personnel_routes(Router& router, const WebSite& site) {
  const PageOptions uploads{.uploads = true};
  add_page(router, site, Method::kGet, "/manage/personnel", show_list);
  add_page(router, site, Method::kGet, "/manage/personnel/new", show_new);
  add_page(router, site, Method::kPost, "/manage/personnel/new", post_new);
  add_page(router, site, Method::kGet, "/manage/personnel/{id}", show_edit);
  add_page(router, site, Method::kPost, "/manage/personnel/{id}", post_edit, uploads);
}

}  // namespace mamon::http::web
