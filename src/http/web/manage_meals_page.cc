// The board's meal pages (issue 10 item 3; WEB.md §2b), all needing manage_meals (the service
// decides; everybody else gets the 403 page):
//   GET  /manage/meals/               every meal, newest first, with its counts
//   GET  /manage/meals/new/           the create form; POST saves and goes to the meal
//   GET  /manage/meals/{id}/          the edit form and the sign-ups (charged, paid in the old
//                                     system, still to charge); POST saves
//   POST /manage/meals/{id}/charge/   without confirm=1: the confirm step (who will be charged
//                                     what); with it: charges and shows who paid and who could
//                                     not (their wallet is too low)
//   POST /manage/meals/{id}/delete/   deletes (refused, 409, once somebody is charged)
// A field error re-renders the form (422) with the input kept and the message beside the field.
#include <string>

#include "http/web/manage_tabs.h"
#include "http/web/meals_views.h"
#include "http/web/page.h"
#include "http/web/pages.h"
#include "service/meals_service.h"

namespace mamon::http::web {
namespace {

std::string meal_href(std::int64_t id) {
  return "/manage/meals/" + std::to_string(id) + "/";
}

std::string holder_name(const storage::MealSignupRow& s) {
  return s.last_name.empty() ? s.first_name : s.first_name + " " + s.last_name;
}

Result<Response> show_list(Page& page) {
  MAMON_RETURN_IF_ERROR(service::may_manage_meals(page.caller()));
  MAMON_TRY(std::vector<storage::MealSummary> meals, service::list_meals(page.site.database));
  nlohmann::json rows = nlohmann::json::array();
  for (const storage::MealSummary& m : meals) {
    rows.push_back(
        {{"title", m.meal.title},
         {"href", meal_href(m.meal.id)},
         {"when", page.date_time(m.meal.meal_at_us)},
         {"cost", page.money(m.meal.cost_per_portion)},
         {"signups", m.meal.participants_max > 0 ? std::to_string(m.signups) + " / " +
                                                       std::to_string(m.meal.participants_max)
                                                 : std::to_string(m.signups)},
         {"portions", std::to_string(m.portions)},
         {"settled", std::to_string(m.settled)},
         {"open", domain::signup_open(m.meal, page.site.clock.now_us())}});
  }
  nlohmann::json view = {{"rows", rows}, {"has_rows", !rows.empty()}, {"empty", rows.empty()}};
  view["manage_tabs"] = manage_tabs_view(page);
  return render_page(page, "manage_meals", "manage_meals.title", std::move(view));
}

nlohmann::json signup_row(const Page& page, const storage::MealSignupRow& s, Cents amount) {
  std::string status;
  if (s.is_charged()) {
    status = page.format("manage_meals.status_charged", {{"amount", page.money(s.charged)}});
  } else if (s.paid_in_old_system) {
    status = page.text("manage_meals.status_old_system");
  } else {
    status = page.text("manage_meals.status_open");
  }
  return {{"name", holder_name(s)}, {"portions", std::to_string(s.portions)},
          {"comment", s.comment},   {"amount", page.money(amount)},
          {"status", status},       {"settled", s.is_settled()}};
}

Response render_form(Page& page, const MealFormView& form,
                     const std::optional<service::MealPayments>& payments, int status) {
  nlohmann::json view = meal_form_view(page, form);
  view["is_new"] = !payments.has_value();
  view["action"] = payments ? meal_href(payments->meal.id) : std::string("/manage/meals/new/");
  if (!payments) {
    return render_page(page, "manage_meal", "manage_meals.new_title", std::move(view), status);
  }
  const domain::Meal& meal = payments->meal;
  nlohmann::json rows = nlohmann::json::array();
  for (const auto* list : {&payments->settled, &payments->unsettled}) {
    for (const storage::MealSignupRow& s : *list) {
      rows.push_back(signup_row(page, s, meal_amount(meal, s.portions)));
    }
  }
  view["signups"] = rows;
  view["has_signups"] = !rows.empty();
  view["charge_action"] = meal_href(meal.id) + "charge/";
  view["delete_action"] = meal_href(meal.id) + "delete/";
  view["can_charge"] = !payments->unsettled.empty() && meal.cost_per_portion > Cents::zero();
  view["can_delete"] = payments->settled.empty();
  return render_page_titled(page, "manage_meal",
                            page.format("manage_meals.edit_title", {{"title", meal.title}}),
                            std::move(view), status);
}

Result<Response> show_new(Page& page) {
  MAMON_RETURN_IF_ERROR(service::may_manage_meals(page.caller()));
  return render_form(page, blank_meal_form(page, page.site.clock.now_us()), std::nullopt, 200);
}

Result<Response> show_edit(Page& page) {
  MAMON_TRY(service::MealPayments payments,
            service::meal_payments(page.site.database, page.caller(), page.request.path_int("id")));
  return render_form(page, meal_form_of(page, payments.meal), payments, 200);
}

// Saves the posted form through `save`; re-renders it (422) on a field error.
template <typename Save>
Result<Response> post_form(Page& page, const std::optional<service::MealPayments>& payments,
                           Save save) {
  MAMON_RETURN_IF_ERROR(service::may_manage_meals(page.caller()));
  MealFormView form = posted_meal_form(page);
  domain::MealFields fields = meal_fields_of(page, form);
  if (!form.errors.empty()) return render_form(page, form, payments, 422);
  Result<std::int64_t> saved = save(fields);
  if (saved.ok()) {
    set_flash(page, "flash.meal_saved");
    return redirect(meal_href(*saved));
  }
  const Error& error = saved.error();
  if (error.code != ErrorCode::kInvalidInput && error.code != ErrorCode::kConflict) return error;
  if (error.field.empty()) return error;
  form.errors.push_back({error.field, meal_error_text(page, error)});
  return render_form(page, form, payments, 422);
}

Result<Response> post_new(Page& page) {
  return post_form(page, std::nullopt, [&](const domain::MealFields& fields) {
    return service::create_meal(page.site.database, page.site.clock, page.caller(), fields);
  });
}

Result<Response> post_edit(Page& page) {
  const std::int64_t id = page.request.path_int("id");
  MAMON_TRY(service::MealPayments payments,
            service::meal_payments(page.site.database, page.caller(), id));
  return post_form(page, payments, [&](const domain::MealFields& fields) -> Result<std::int64_t> {
    MAMON_RETURN_IF_ERROR(
        service::update_meal(page.site.database, page.site.clock, page.caller(), id, fields));
    return id;
  });
}

Result<Response> post_charge(Page& page) {
  const std::int64_t id = page.request.path_int("id");
  MAMON_TRY(service::MealPayments payments,
            service::meal_payments(page.site.database, page.caller(), id));
  const domain::Meal& meal = payments.meal;
  nlohmann::json view = {{"back", meal_href(id)}, {"action", meal_href(id) + "charge/"}};
  if (page.form.get("confirm").value_or("") != "1") {  // the confirm step
    nlohmann::json rows = nlohmann::json::array();
    Cents total;
    for (const storage::MealSignupRow& s : payments.unsettled) {
      const Cents amount = meal_amount(meal, s.portions);
      if (Result<Cents> sum = total.plus(amount); sum.ok()) total = *sum;
      rows.push_back(signup_row(page, s, amount));
    }
    view["confirm"] = true;
    view["rows"] = rows;
    view["question"] =
        page.format("manage_meals.charge_question",
                    {{"count", std::to_string(rows.size())}, {"total", page.money(total)}});
    return render_page_titled(page, "manage_meal_charge",
                              page.format("manage_meals.charge_title", {{"title", meal.title}}),
                              std::move(view));
  }
  MAMON_TRY(service::ChargeOutcome outcome,
            service::charge_meal(page.site.database, page.site.clock, page.caller(), id));
  nlohmann::json charged = nlohmann::json::array();
  for (const storage::MealSignupRow& s : outcome.charged) {
    charged.push_back(signup_row(page, s, s.charged));
  }
  nlohmann::json unpaid = nlohmann::json::array();
  for (const service::UnpaidSignup& u : outcome.could_not_pay) {
    unpaid.push_back({{"name", holder_name(u.signup)},
                      {"portions", std::to_string(u.signup.portions)},
                      {"amount", page.money(u.amount)},
                      {"balance", page.money(u.balance)}});
  }
  view["done"] = true;
  view["summary"] = page.format("manage_meals.charged_summary",
                                {{"count", std::to_string(outcome.charged.size())},
                                 {"total", page.money(outcome.charged_total)}});
  view["charged"] = charged;
  view["has_charged"] = !charged.empty();
  view["unpaid"] = unpaid;
  view["has_unpaid"] = !unpaid.empty();
  return render_page_titled(page, "manage_meal_charge",
                            page.format("manage_meals.charge_title", {{"title", meal.title}}),
                            std::move(view));
}

Result<Response> post_delete(Page& page) {
  MAMON_RETURN_IF_ERROR(service::delete_meal(page.site.database, page.site.clock, page.caller(),
                                             page.request.path_int("id")));
  set_flash(page, "flash.meal_deleted");
  return redirect("/manage/meals/");
}

}  // namespace

void register_manage_meals_routes(Router& router, const WebSite& site) {
  add_page(router, site, Method::kGet, "/manage/meals", show_list);
  add_page(router, site, Method::kGet, "/manage/meals/new", show_new);
  add_page(router, site, Method::kPost, "/manage/meals/new", post_new);
  add_page(router, site, Method::kGet, "/manage/meals/{id}", show_edit);
  add_page(router, site, Method::kPost, "/manage/meals/{id}", post_edit);
  add_page(router, site, Method::kPost, "/manage/meals/{id}/charge", post_charge);
  add_page(router, site, Method::kPost, "/manage/meals/{id}/delete", post_delete);
}

}  // namespace mamon::http::web
