// GET /home/: the member's balance, one timeline of their own money (newest first, ?page=N) and
// their spending per local month as a chart with a table of the same numbers
// (service::member_home, one read transaction). A user without a holder gets a friendly page.
#include <string>

#include "base/limits.h"
#include "http/web/member_views.h"
#include "http/web/page.h"
#include "http/web/pages.h"
#include "service/meals_service.h"
#include "service/member_service.h"

namespace mamon::http::web {
namespace {

using service::TimelineEntry;
using service::TimelineKind;

constexpr std::int64_t kTimelinePageSize = limits::kPageSizeDefault;

// How an entry changes the wallet: "credit" (in), "debit" (out) or "none" (paid at the bar in
// cash / PIN, or an online top-up not paid yet).
std::string_view wallet_effect(const TimelineEntry& entry) {
  switch (entry.kind) {
    case TimelineKind::kPurchase:
      return entry.method == "balance" ? "debit" : "none";
    case TimelineKind::kTopUp:
      return "credit";
    case TimelineKind::kRefund:
      return "debit";
    case TimelineKind::kOnlineTopUp:
      return entry.status == "paid" ? "credit" : "none";
    case TimelineKind::kTransfer:
      return entry.into_wallet ? "credit" : "debit";
  }
  return "none";
}

std::string kind_label(const Page& page, const TimelineEntry& entry) {
  switch (entry.kind) {
    case TimelineKind::kPurchase:
      return page.text(entry.status == "voided" ? "home.kind.purchase_voided"
                                                : "home.kind.purchase");
    case TimelineKind::kTopUp:
      return page.text("home.kind.top_up");
    case TimelineKind::kRefund:
      return page.text("home.kind.refund");
    case TimelineKind::kOnlineTopUp:
      return page.text("home.kind.online_top_up");
    case TimelineKind::kTransfer: {
      const std::string key = "home.kind.transfer." + entry.method;
      return page.site.catalogue.has(page.language, key) ? page.text(key)
                                                         : page.text("home.kind.transfer");
    }
  }
  return {};
}

nlohmann::json entry_view(const Page& page, const TimelineEntry& entry) {
  const std::string_view effect = wallet_effect(entry);
  nlohmann::json lines = nlohmann::json::array();
  for (const service::TimelineLine& line : entry.lines) {
    lines.push_back({{"name", line.product_name},
                     {"quantity", std::to_string(line.quantity)},
                     {"unit_price", page.money(line.unit_price)},
                     {"total", page.money(line.line_total)}});
  }
  nlohmann::json view = {
      {"label", kind_label(page, entry)},
      {"when", page.date_time(entry.created_at_us)},
      {"amount",
       effect == "debit" ? page.money(Cents(-entry.amount.value())) : page.money(entry.amount)},
      {"effect", effect},
      {"method", false},
      {"status", false},
      {"balance_after", false},
      {"comment", entry.comment.empty() ? nlohmann::json(false) : nlohmann::json(entry.comment)},
      {"has_lines", !lines.empty()},
      {"lines", lines}};
  if (entry.kind != TimelineKind::kTransfer && entry.kind != TimelineKind::kOnlineTopUp) {
    view["method"] = method_label(page, entry.method);
  }
  if (entry.kind == TimelineKind::kOnlineTopUp) {
    view["status"] = {{"label", mollie_status_label(page, entry.status)},
                      {"paid", entry.status == "paid"}};
  }
  if (entry.balance_after) view["balance_after"] = page.money(*entry.balance_after);
  return view;
}

nlohmann::json spending_view(const Page& page, const std::vector<service::MonthSpending>& months) {
  nlohmann::json rows = nlohmann::json::array();
  nlohmann::json chart = {{"labels", nlohmann::json::array()},
                          {"cents", nlohmann::json::array()},
                          {"formatted", nlohmann::json::array()},
                          {"series", page.text("home.spending.series")}};
  Cents total;
  for (const service::MonthSpending& m : months) {
    const std::string label = month_label(page, m.month);
    const std::string spent = page.money(m.spent);
    rows.push_back({{"month", label}, {"spent", spent}});
    chart["labels"].push_back(label);
    chart["cents"].push_back(m.spent.value());
    chart["formatted"].push_back(spent);
    if (Result<Cents> sum = total.plus(m.spent); sum.ok()) total = *sum;  // months of a wallet
  }
  return {{"rows", rows},
          {"total", page.money(total)},
          // The canvas's data-chart attribute (escaped by the template), read by mamon.js.
          {"chart_json", chart.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)},
          {"chart_label",
           page.format("home.spending.chart_label",
                       {{"months", std::to_string(months.size())}, {"total", page.money(total)}})}};
}

// The notice of the meals open for sign-up now (issue 10 item 3); none when there are none, or
// when they cannot be read (the home page still shows the balance).
nlohmann::json open_meals_view(const Page& page) {
  Result<std::vector<storage::MealSummary>> meals =
      service::list_open_meals(page.site.database, page.site.clock);
  nlohmann::json items = nlohmann::json::array();
  if (meals.ok()) {
    for (const storage::MealSummary& m : *meals) {
      items.push_back(
          {{"text", page.format("home.meal_open",
                                {{"title", m.meal.title},
                                 {"when", page.date_time(m.meal.meal_at_us)},
                                 {"closes", page.date_time(m.meal.signup_closes_at_us)}})}});
    }
  }
  if (items.empty()) return false;
  return {{"items", items}};
}

Result<Response> show_home(Page& page) {
  const domain::Caller& caller = page.caller();
  if (!caller.holder_id) return no_holder_page(page, "home.title");
  const std::int64_t page_no = page_number(page);
  MAMON_TRY(service::MemberHome home,
            service::member_home(page.site.database, page.site.clock, caller, *caller.holder_id,
                                 {page_no, kTimelinePageSize}));
  nlohmann::json entries = nlohmann::json::array();
  for (const TimelineEntry& entry : home.timeline.items) entries.push_back(entry_view(page, entry));
  nlohmann::json view = {
      {"balance", page.money(home.holder.balance)},
      {"balance_negative", home.holder.balance < Cents::zero()},
      {"credit_floor", home.credit_floor < Cents::zero()
                           ? nlohmann::json(page.format("home.credit_floor",
                                                        {{"floor", page.money(home.credit_floor)}}))
                           : nlohmann::json(false)},
      {"entries", entries},
      {"has_entries", !entries.empty()},
      {"pagination", pagination_view(page, static_cast<int>(page_no),
                                     page_count(home.timeline.total, kTimelinePageSize))},
      {"spending", spending_view(page, home.spending)}};
  view["open_meals"] = open_meals_view(page);
  return render_page(page, "home", "home.title", std::move(view));
}

}  // namespace

void register_home_routes(Router& router, const WebSite& site) {
  add_page(router, site, Method::kGet, "/home", show_home);
}

}  // namespace mamon::http::web
