#include "http/web/meals_views.h"

#include <algorithm>
#include <cstdio>

#include "base/local_time.h"
#include "base/text.h"

namespace mamon::http::web {
namespace {

constexpr TimestampUs kMinuteUs = 60'000'000;

std::string two(int n) {
  return (n < 10 ? "0" : "") + std::to_string(n);
}

bool digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int number(std::string_view s) {
  int n = 0;
  for (char c : s) n = n * 10 + (c - '0');
  return n;
}

std::string decimal_text(const Page& page, std::string text) {
  if (page.language == Language::kNl) std::replace(text.begin(), text.end(), '.', ',');
  return text;
}

std::string error_of(const MealFormView& form, std::string_view field) {
  for (const MealFieldError& e : form.errors) {
    if (e.field == field) return e.text;
  }
  return "";
}

nlohmann::json error_json(const std::string& text) {
  return text.empty() ? nlohmann::json(false) : nlohmann::json(text);
}

}  // namespace

std::string local_input_time(TimestampUs at_us) {
  const LocalDate date = local_date_of(at_us);
  const TimestampUs hour_start = start_of_local_hour(at_us);
  const int minutes = static_cast<int>((at_us - hour_start) / kMinuteUs);
  return format_local_date(date) + "T" + two(local_hour_of(at_us)) + ":" + two(minutes);
}

std::optional<TimestampUs> parse_local_input_time(std::string_view text) {
  if (text.size() != 16 && text.size() != 19) return std::nullopt;
  if (text[10] != 'T' || text[13] != ':') return std::nullopt;
  Result<LocalDate> date = parse_local_date(text.substr(0, 10));
  if (!date.ok()) return std::nullopt;
  std::string_view hh = text.substr(11, 2), mm = text.substr(14, 2);
  if (!digits(hh) || !digits(mm)) return std::nullopt;
  int seconds = 0;
  if (text.size() == 19) {
    if (text[16] != ':' || !digits(text.substr(17, 2))) return std::nullopt;
    seconds = number(text.substr(17, 2));
  }
  const int hour = number(hh), minute = number(mm);
  if (hour > 23 || minute > 59 || seconds > 59) return std::nullopt;
  // Midnight plus the wall-clock time, corrected once when the day had a clock change before it.
  TimestampUs t =
      start_of_local_day(*date) + (hour * 60 + minute) * kMinuteUs + seconds * 1'000'000LL;
  const int shown = local_hour_of(t);
  if (shown != hour) t += static_cast<TimestampUs>(hour - shown) * 60 * kMinuteUs;
  return t;
}

MealFormView meal_form_of(const Page& page, const domain::Meal& m) {
  MealFormView form;
  form.title = m.title;
  form.description = m.description;
  form.date = local_input_time(m.meal_at_us);
  form.opening_date = local_input_time(m.signup_opens_at_us);
  form.closing_date = local_input_time(m.signup_closes_at_us);
  form.cost = decimal_text(page, m.cost_per_portion.to_string());
  form.max_participants = std::to_string(m.participants_max);
  return form;
}

MealFormView blank_meal_form(const Page& page, TimestampUs now_us) {
  MealFormView form;
  form.opening_date = local_input_time(start_of_local_hour(now_us));
  form.cost = decimal_text(page, "0.00");
  return form;
}

MealFormView posted_meal_form(const Page& page) {
  MealFormView form;
  auto field = [&](std::string_view name) { return std::string(page.form.get(name).value_or("")); };
  form.title = field("title");
  form.description = field("description");
  form.date = field("date");
  form.opening_date = field("opening_date");
  form.closing_date = field("closing_date");
  form.cost = field("cost");
  form.max_participants = field("max_participants");
  return form;
}

domain::MealFields meal_fields_of(const Page& page, MealFormView& form) {
  domain::MealFields f;
  f.title = form.title;
  f.description = form.description;
  auto time = [&](const std::string& text, const char* name, TimestampUs& out) {
    if (std::optional<TimestampUs> t = parse_local_input_time(trimmed(text))) {
      out = *t;
    } else {
      form.errors.push_back({name, page.text("meals.error.time")});
    }
  };
  time(form.date, "date", f.meal_at_us);
  time(form.opening_date, "opening_date", f.signup_opens_at_us);
  time(form.closing_date, "closing_date", f.signup_closes_at_us);
  std::string cost = trimmed(form.cost);
  constexpr std::string_view kEuro = "\xE2\x82\xAC";  // €
  if (std::string_view(cost).starts_with(kEuro)) cost = trimmed(cost.substr(kEuro.size()));
  std::replace(cost.begin(), cost.end(), ',', '.');
  if (Result<Cents> c = Cents::parse(cost); c.ok()) {
    f.cost_per_portion = *c;
  } else {
    form.errors.push_back({"cost", page.text("meals.error.cost")});
  }
  const std::string max = trimmed(form.max_participants);
  if (digits(max) && max.size() <= 9) {
    f.participants_max = std::stoll(max);
  } else {
    form.errors.push_back({"max_participants", page.text("meals.error.max_participants")});
  }
  return f;
}

nlohmann::json meal_form_view(const Page& page, const MealFormView& form) {
  nlohmann::json view = {
      {"meal_title", form.title},
      {"title_error", error_json(error_of(form, "title"))},
      {"description", form.description},
      {"description_error", error_json(error_of(form, "description"))},
      {"date", form.date},
      {"date_error", error_json(error_of(form, "date"))},
      {"opening_date", form.opening_date},
      {"opening_date_error", error_json(error_of(form, "opening_date"))},
      {"closing_date", form.closing_date},
      {"closing_date_error", error_json(error_of(form, "closing_date"))},
      {"cost", form.cost},
      {"cost_error", error_json(error_of(form, "cost"))},
      {"max_participants", form.max_participants},
      {"max_participants_error", error_json(error_of(form, "max_participants"))}};
  if (!form.errors.empty()) {
    nlohmann::json items = nlohmann::json::array();
    for (const MealFieldError& e : form.errors) {
      items.push_back({{"text", e.text}, {"href", "#field-" + e.field}});
    }
    view["errors"] = {{"title", page.text("form.error_summary")}, {"items", items}};
  }
  return view;
}

Cents meal_amount(const domain::Meal& meal, std::int64_t portions) {
  Result<Cents> amount = domain::meal_charge_amount(meal, portions);
  return amount.ok() ? *amount : Cents::zero();
}

std::string meal_error_text(const Page& page, const Error& error) {
  const std::string key =
      "meals.error." + error.field + (error.code == ErrorCode::kConflict ? "_conflict" : "");
  if (page.site.catalogue.has(page.language, key)) return page.text(key);
  return error.message;
}

}  // namespace mamon::http::web
