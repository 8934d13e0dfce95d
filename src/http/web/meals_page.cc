// The members' meal page (issue 10 item 3; WEB.md §2): the meals open for sign-up, each with a
// sign-up form (portions, comment) or, once signed up, the sign-up and a sign-out button.
//   GET  /meals/                 the open meals
//   POST /meals/{id}/signup/     portions, comment -> back to /meals/; a refusal (full, closed,
//                                bad portions) re-renders the page (422) with the message at
//                                that meal's form
//   POST /meals/{id}/signout/    -> back to /meals/
// Only one's own sign-up: the service decides (service/meals_service.h).
#include <charconv>
#include <string>

#include "http/web/meals_views.h"
#include "http/web/member_views.h"
#include "http/web/page.h"
#include "http/web/pages.h"
#include "service/meals_service.h"

namespace mamon::http::web {
namespace {

struct PostedSignup {
  std::int64_t meal_id = 0;
  std::string portions;
  std::string comment;
  std::string error;  // translated
};

// One meal's card; `posted` re-fills the form of the meal it names (with its error).
nlohmann::json meal_card(const Page& page, const service::MemberMeal& m,
                         const std::optional<PostedSignup>& posted, bool open) {
  const domain::Meal& meal = m.summary.meal;
  const std::string id = std::to_string(meal.id);
  const bool this_one = posted && posted->meal_id == meal.id;
  nlohmann::json row = {
      {"id", id},
      {"title", meal.title},
      {"description", meal.description},
      {"when", page.date_time(meal.meal_at_us)},
      {"closes", page.format("meals.closes", {{"when", page.date_time(meal.signup_closes_at_us)}})},
      {"cost",
       page.format("meals.cost_per_portion", {{"cost", page.money(meal.cost_per_portion)}})},
      {"count",
       meal.participants_max > 0
           ? page.format("meals.count_of_max", {{"count", std::to_string(m.summary.signups)},
                                                {"max", std::to_string(meal.participants_max)}})
           : page.format("meals.count", {{"count", std::to_string(m.summary.signups)}})},
      {"open", open},
      {"signup_action", "/meals/" + id + "/signup/"},
      {"signout_action", "/meals/" + id + "/signout/"},
      {"portions", this_one ? posted->portions : std::string("1")},
      {"comment", this_one ? posted->comment : std::string()},
      {"error",
       this_one && !posted->error.empty() ? nlohmann::json(posted->error) : nlohmann::json(false)}};
  if (m.own) {
    row["own"] = {
        {"text", page.format("meals.signed_up",
                             {{"portions", std::to_string(m.own->portions)},
                              {"amount", page.money(meal_amount(meal, m.own->portions))}})},
        {"comment", m.own->comment},
        // A member cancels only while sign-up is open and nothing was charged.
        {"can_sign_out", open && !m.own->is_settled()}};
  } else {
    row["own"] = false;
  }
  return row;
}

Result<Response> render_meals(Page& page, const std::optional<PostedSignup>& posted, int status) {
  MAMON_TRY(service::MemberMeals meals,
            service::list_meals_for_member(page.site.database, page.site.clock, page.caller()));
  nlohmann::json open = nlohmann::json::array();
  for (const service::MemberMeal& m : meals.open) open.push_back(meal_card(page, m, posted, true));
  nlohmann::json closed = nlohmann::json::array();
  for (const service::MemberMeal& m : meals.signed_up) {
    closed.push_back(meal_card(page, m, std::nullopt, false));
  }
  nlohmann::json view = {{"meals", open},
                         {"has_meals", !open.empty()},
                         {"empty", open.empty()},
                         {"signed_up", closed},
                         {"has_signed_up", !closed.empty()}};
  return render_page(page, "meals", "meals.title", std::move(view), status);
}

Result<Response> show_meals(Page& page) {
  if (!page.caller().holder_id) return no_holder_page(page, "meals.title");
  return render_meals(page, std::nullopt, 200);
}

Result<Response> post_signup(Page& page) {
  PostedSignup posted;
  posted.meal_id = page.request.path_int("id");
  posted.portions = std::string(page.form.get("portions").value_or("1"));
  posted.comment = std::string(page.form.get("comment").value_or(""));
  std::int64_t portions = 0;
  auto [end, ec] = std::from_chars(posted.portions.data(),
                                   posted.portions.data() + posted.portions.size(), portions);
  if (ec != std::errc() || end != posted.portions.data() + posted.portions.size()) portions = 0;
  Result<storage::MealSignupRow> row =
      service::sign_up_for_meal(page.site.database, page.site.clock, page.caller(), posted.meal_id,
                                {}, portions, posted.comment);
  if (row.ok()) {
    set_flash(page, "flash.meal_signed_up");
    return redirect("/meals/");
  }
  const Error& error = row.error();
  if (error.code != ErrorCode::kInvalidInput && error.code != ErrorCode::kConflict) return error;
  posted.error = meal_error_text(page, error);
  return render_meals(page, posted, 422);
}

Result<Response> post_signout(Page& page) {
  MAMON_RETURN_IF_ERROR(service::sign_out_of_meal(page.site.database, page.site.clock,
                                                  page.caller(), page.request.path_int("id"), {}));
  set_flash(page, "flash.meal_signed_out");
  return redirect("/meals/");
}

}  // namespace

void register_meals_routes(Router& router, const WebSite& site) {
  add_page(router, site, Method::kGet, "/meals", show_meals);
  add_page(router, site, Method::kPost, "/meals/{id}/signup", post_signup);
  add_page(router, site, Method::kPost, "/meals/{id}/signout", post_signout);
}

}  // namespace mamon::http::web
