// The POST actions of the board's holder page (WEB.md §2 "Holders", §2b `{id}/<action>/`):
//   /board/holders/{id}/top-up/        amount, method (cash|pin), comment     top_up
//   /board/holders/{id}/refund/        amount, method, comment (the reason)   refund (+
//   _any_amount) /board/holders/{id}/correction/    amount (signed), reason manage_users
//   /board/holders/{id}/credit-floor/  floor (0 or negative)                  manage_users
//   /board/holders/{id}/link-card/     card_id, card_name                     link_cards
//   /board/holders/{id}/unlink-card/, block-card/, unblock-card/, card-lost/   card_id, link_cards
// Each parses the form, makes one service call and answers 303 back to the holder page with a
// flash, or re-renders the page with 422 and the error next to its field; a missing permission
// is the 403 page naming it (the services decide).
#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "http/web/holder_forms.h"
#include "http/web/page.h"
#include "http/web/pages.h"
#include "service/cards_service.h"
#include "service/holder_money_service.h"
#include "service/holders_service.h"
#include "service/wallet_upgrades_service.h"

namespace mamon::http::web {
namespace {

// Euros as typed: "12,50" (Dutch) or "12.50"; a leading '-' for corrections and floors.
Result<Cents> parse_euros(std::string text, std::string field) {
  std::replace(text.begin(), text.end(), ',', '.');
  text.erase(std::remove(text.begin(), text.end(), ' '), text.end());
  if (!text.empty() && text.front() == '+') text.erase(0, 1);
  Result<Cents> cents = Cents::parse(text);
  if (!cents.ok()) return make_error(ErrorCode::kInvalidAmount, "Not an amount.", field);
  return cents;
}

// The catalogue text for the error on a form field: holder_forms.error.<field>.<code> when the
// catalogue has one, else the generic error.<code>.
std::string field_error_text(const Page& page, const Error& error) {
  const std::string key =
      "holder_forms.error." + error.field + "." + std::string(error_code_name(error.code));
  return page.site.catalogue.has(page.language, key) ? page.text(key) : page.error_text(error);
}

bool is_form_error(const Error& error) {
  switch (error.kind()) {
    case ErrorKind::kInvalid:
    case ErrorKind::kConflict:
      return true;
    default:
      // A card of somebody else (or none) is "not found" for the form's card number. Not being
      // active bar staff (kNotPersonnel, naming top_up) stays the 403 page.
      return error.code == ErrorCode::kCardNotFound;
  }
}

template <typename T>
Status status_of(Result<T> result) {
  if (!result.ok()) return std::move(result).error();
  return ok_status();
}

using Action = std::function<Status(const HolderForms&)>;

// Reads `fields` of the posted form into a HolderForms named `form`, runs `action`, and answers.
Result<Response> handle(Page& page, std::string form, const std::vector<std::string>& fields,
                        std::string_view flash_key, const Action& action) {
  const std::int64_t holder_id = page.request.path_int("id");
  HolderForms forms;
  forms.form = std::move(form);
  for (const std::string& name : fields) {
    forms.values[name] = std::string(page.form.get(name).value_or(""));
  }
  Status done = action(forms);
  if (done.ok()) {
    set_flash(page, flash_key);
    return redirect("/board/holders/" + std::to_string(holder_id) + "/");
  }
  const Error& error = done.error();
  if (!is_form_error(error)) return error;  // 403 naming the permission, 404, 503...
  forms.field = std::find(fields.begin(), fields.end(), error.field) != fields.end()
                    ? error.field
                    : std::string();
  forms.error = field_error_text(page, error);
  return render_board_holder(page, holder_id, forms, 422);
}

Status upgrade(Page& page, const HolderForms& f, bool refund) {
  MAMON_TRY(Cents amount, parse_euros(f.values.at("amount"), "amount"));
  service::WalletUpgradeRequest request;
  request.input.amount = amount;
  request.input.refund = refund;
  const std::string& method = f.values.at("method");
  if (method != "cash" && method != "pin") {
    return make_error(ErrorCode::kInvalidPaymentMethod, "Choose cash or PIN.", "method");
  }
  request.input.cash = method == "cash";
  request.input.pin = method == "pin";
  request.input.comment = f.values.at("comment");
  request.holder_id = page.request.path_int("id");
  Result<service::WalletUpgradeResult> done =
      service::record_wallet_upgrade(page.site.database, page.site.clock, page.caller(), request);
  if (!done.ok()) {
    Error error = done.error();
    if (error.field == "cash") error.field = "method";
    return error;
  }
  return ok_status();
}

Result<Response> post_top_up(Page& page) {
  return handle(page, "top_up", {"amount", "method", "comment"}, "flash.holder_topped_up",
                [&](const HolderForms& f) { return upgrade(page, f, false); });
}

Result<Response> post_refund(Page& page) {
  return handle(page, "refund", {"amount", "method", "comment"}, "flash.holder_refunded",
                [&](const HolderForms& f) { return upgrade(page, f, true); });
}

Result<Response> post_correction(Page& page) {
  return handle(
      page, "correction", {"amount", "reason"}, "flash.holder_corrected",
      [&](const HolderForms& f) -> Status {
        MAMON_TRY(Cents amount, parse_euros(f.values.at("amount"), "amount"));
        service::BalanceCorrection c{page.request.path_int("id"), amount, f.values.at("reason")};
        return status_of(
            service::correct_balance(page.site.database, page.site.clock, page.caller(), c));
      });
}

Result<Response> post_credit_floor(Page& page) {
  return handle(page, "credit_floor", {"floor"}, "flash.holder_floor_saved",
                [&](const HolderForms& f) -> Status {
                  MAMON_TRY(Cents floor, parse_euros(f.values.at("floor"), "floor"));
                  return service::set_credit_floor(page.site.database, page.site.clock,
                                                   page.caller(), page.request.path_int("id"),
                                                   floor);
                });
}

Result<Response> post_link_card(Page& page) {
  return handle(
      page, "link_card", {"card_id", "card_name"}, "flash.holder_card_linked",
      [&](const HolderForms& f) -> Status {
        // The holder's user: the link names a user, the path a holder.
        MAMON_TRY(domain::HolderView holder, service::get_holder(page.site.database, page.caller(),
                                                                 page.request.path_int("id")));
        service::LinkCardRequest r{f.values.at("card_id"), f.values.at("card_name"),
                                   holder.holder.user_id};
        return status_of(service::link_card(page.site.database, page.site.clock, page.caller(), r));
      });
}

PageHandler card_action(service::CardAction action, std::string_view flash_key) {
  return [action, flash_key](Page& page) {
    return handle(page, "card", {"card_id"}, flash_key, [&](const HolderForms& f) {
      return service::change_holder_card(page.site.database, page.site.clock, page.caller(),
                                         page.request.path_int("id"), f.values.at("card_id"),
                                         action);
    });
  };
}

}  // namespace

void register_board_holder_actions_routes(Router& router, const WebSite& site) {
  add_page(router, site, Method::kPost, "/board/holders/{id}/top-up", post_top_up);
  add_page(router, site, Method::kPost, "/board/holders/{id}/refund", post_refund);
  add_page(router, site, Method::kPost, "/board/holders/{id}/correction", post_correction);
  add_page(router, site, Method::kPost, "/board/holders/{id}/credit-floor", post_credit_floor);
  add_page(router, site, Method::kPost, "/board/holders/{id}/link-card", post_link_card);
  add_page(router, site, Method::kPost, "/board/holders/{id}/unlink-card",
           card_action(service::CardAction::kUnlink, "flash.holder_card_unlinked"));
  add_page(router, site, Method::kPost, "/board/holders/{id}/block-card",
           card_action(service::CardAction::kBlock, "flash.card_blocked"));
  add_page(router, site, Method::kPost, "/board/holders/{id}/unblock-card",
           card_action(service::CardAction::kUnblock, "flash.holder_card_unblocked"));
  add_page(router, site, Method::kPost, "/board/holders/{id}/card-lost",
           card_action(service::CardAction::kMarkLost, "flash.holder_card_lost"));
}

}  // namespace mamon::http::web
