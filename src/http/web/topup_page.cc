// GET+POST /topup/: an online top-up through Mollie (service::start_online_top_up, the API's
// call): the amount with its limits; a valid POST creates the payment and answers 303 to the
// payment's own page /topup/return/{id}/?go=1, which links to Mollie's checkout and is followed
// at once by mamon.js (data-auto-follow). Not a 303 straight to Mollie: the site's CSP has
// form-action 'self', and browsers apply it to every redirect after a form submission, so a
// redirect to another origin would be blocked; a link (or script navigation) is not.
// GET /topup/return/{id}/: where Mollie sends the member back (service::return_from_online_top_up:
// our database, Mollie asked once while the payment is open, credited through the webhook's
// exactly-once path); only the payment's owner sees it, anybody else gets the 404 page. While the
// payment is still open it offers the checkout link again.
#include <string>

#include "base/limits.h"
#include "http/web/member_views.h"
#include "http/web/page.h"
#include "http/web/pages.h"
#include "service/holders_service.h"
#include "service/online_top_ups_service.h"

namespace mamon::http::web {
namespace {

// The amount as a member types it: "10", "12,50", "12.50", "€ 12,50". One decimal separator
// (comma or point), at most two decimals; no thousands separators. Else kInvalidAmount.
Result<Cents> parse_amount_field(std::string_view text) {
  auto trim = [](std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
  };
  text = trim(text);
  constexpr std::string_view kEuro = "\xE2\x82\xAC";  // €
  if (text.starts_with(kEuro)) text = trim(text.substr(kEuro.size()));
  std::string plain(text);
  for (char& c : plain) {
    if (c == ',') c = '.';
  }
  return Cents::parse(plain);
}

std::string limits_text(const Page& page) {
  return page.format("topup.limits", {{"min", page.money(Cents(limits::kOnlineTopUpMinCents))},
                                      {"max", page.money(Cents(limits::kOnlineTopUpMaxCents))}});
}

Response render_topup(Page& page, std::string_view amount, std::string_view error,
                      std::string_view failure, int status) {
  nlohmann::json view = {
      {"configured", page.site.mollie != nullptr},
      {"amount", amount},
      {"limits", limits_text(page)},
      {"min", Cents(limits::kOnlineTopUpMinCents).to_string()},
      {"max", Cents(limits::kOnlineTopUpMaxCents).to_string()},
      {"error", error.empty() ? nlohmann::json(false) : nlohmann::json(error)},
      {"failure", failure.empty() ? nlohmann::json(false) : nlohmann::json(failure)}};
  if (!error.empty()) {
    view["errors"] = {{"title", page.text("form.error_summary")},
                      {"items", {{{"text", error}, {"href", "#field-amount"}}}}};
  }
  return render_page(page, "topup", "topup.title", std::move(view), status);
}

Result<Response> show_topup(Page& page) {
  if (!page.caller().holder_id) return no_holder_page(page, "topup.title");
  return render_topup(page, "", "", "", 200);
}

Result<Response> post_topup(Page& page) {
  if (!page.caller().holder_id) return no_holder_page(page, "topup.title");
  if (page.site.mollie == nullptr) return render_topup(page, "", "", "", 503);
  const std::string typed(page.form.get("amount").value_or(""));
  Result<Cents> amount = parse_amount_field(typed);
  if (!amount.ok()) {
    return render_topup(page, typed,
                        page.text(typed.empty() ? "topup.amount_blank" : "topup.amount_invalid"),
                        "", 422);
  }
  service::OnlineTopUpRequest request{*amount, std::nullopt};
  Result<domain::MolliePayment> payment = service::start_online_top_up(
      page.site.database, page.site.clock, *page.site.mollie, page.caller(), request,
      service::online_top_up_settings(page.site.config.public_url));
  if (payment.ok()) return redirect("/topup/return/" + payment->identifier + "/?go=1");
  const Error& error = payment.error();
  if (error.code == ErrorCode::kInvalidAmount) {
    return render_topup(page, typed,
                        page.format("topup.amount_out_of_range",
                                    {{"min", page.money(Cents(limits::kOnlineTopUpMinCents))},
                                     {"max", page.money(Cents(limits::kOnlineTopUpMaxCents))}}),
                        "", 422);
  }
  if (error.kind() == ErrorKind::kUnavailable) {
    return render_topup(page, typed, "", page.text("topup.mollie_failed"), 503);
  }
  return error;
}

Result<Response> show_return(Page& page) {
  if (page.site.mollie == nullptr) {
    return error_page(page, 503, page.text("topup.not_configured"));
  }
  MAMON_TRY(
      service::OnlineTopUpReturn back,
      service::return_from_online_top_up(page.site.database, page.site.clock, *page.site.mollie,
                                         page.caller(), page.request.path_text("identifier")));
  const domain::MolliePayment& payment = back.payment;
  std::string_view outcome = "pending";  // created, open, pending, authorized
  if (payment.status == "paid") outcome = "paid";
  if (payment.status == "failed" || payment.status == "error") outcome = "failed";
  if (payment.status == "expired") outcome = "expired";
  if (payment.status == "canceled") outcome = "canceled";
  nlohmann::json view = {
      {"outcome_" + std::string(outcome), true},
      {"outcome", outcome},
      {"status", mollie_status_label(page, payment.status)},
      {"amount", page.money(payment.amount)},
      {"message", page.format("topup.return." + std::string(outcome),
                              {{"amount", page.money(payment.amount)}})},
      {"created", page.date_time(payment.created_at_us)},
      {"paid_at", payment.paid_at_us ? nlohmann::json(page.date_time(*payment.paid_at_us))
                                     : nlohmann::json(false)},
      {"balance", false},
      {"retry", outcome != "paid" && outcome != "pending"},
      {"refresh", page.request.path},
      {"checkout", false}};
  // Still payable at Mollie: the checkout link (followed at once right after the form).
  // (http(s) only: the URL is Mollie's text and becomes an href.)
  const std::string_view checkout = payment.checkout_url;
  if (outcome == "pending" &&
      (checkout.starts_with("https://") || checkout.starts_with("http://"))) {
    const bool go = page.request.query.get("go").value_or("") == "1";
    view["checkout"] = {{"href", payment.checkout_url}, {"go", go}};
    if (go) {
      view["message"] = page.format("topup.return.go", {{"amount", page.money(payment.amount)}});
    }
  }
  // The balance after the return (the holder is the caller's own: the payment was found).
  if (Result<domain::HolderView> holder =
          service::get_holder(page.site.database, page.caller(), payment.holder_id);
      holder.ok()) {
    view["balance"] = page.money(holder->balance);
  }
  return render_page(page, "topup_return", "topup.return.title", std::move(view));
}

}  // namespace

void register_topup_routes(Router& router, const WebSite& site) {
  add_page(router, site, Method::kGet, "/topup", show_topup);
  add_page(router, site, Method::kPost, "/topup", post_topup);
  add_page(router, site, Method::kGet, "/topup/return/{identifier:str}", show_return);
}

}  // namespace mamon::http::web
