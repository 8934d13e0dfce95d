// The web POS (issue 12 item 1; WEB.md §2b), for bar staff who may sell (the service decides;
// anybody else gets the 403 page naming "sell", anonymous users the login):
//   GET  /pos/         the POS: product tiles by category in their colours (text colour
//                      computed for contrast), the basket, payment, staff and card reader
//                      (web/static/pos.js; the POS is the one page that needs JavaScript)
//   POST /pos/token/   a token pair for the session's user (form field csrf_token), with which
//                      pos.js calls the bar app's API (API.md): sales with an Idempotency-Key,
//                      undo, holders, cards, top-ups, blind counts (POST /api/reports/counts/,
//                      web/static/pos_count.js), cash in and out, and linking a scanned card
//                      to a holder (web/static/pos_link.js). JSON {access, refresh, user}.
#include <string>

#include "base/limits.h"
#include "domain/cash_count.h"
#include "domain/colours.h"
#include "domain/media.h"
#include "http/api/json_users.h"
#include "http/web/page.h"
#include "http/web/pages.h"
#include "service/pos_service.h"

namespace mamon::http::web {
namespace {

nlohmann::json tile_view(const Page& page, const domain::Product& p) {
  return {{"id", p.id},
          {"name", p.name},
          {"price", page.money(p.price)},
          {"price_cents", p.price.value()},
          {"bg", p.color},
          {"fg", std::string(domain::text_colour_for(p.color))},
          {"image",
           domain::media_url(page.site.config.public_url, p.image, domain::MediaKind::kProduct)}};
}

nlohmann::json group_view(const Page& page, std::string id, std::string name,
                          const std::vector<domain::Product>& products, bool first) {
  nlohmann::json tiles = nlohmann::json::array();
  for (const domain::Product& p : products) tiles.push_back(tile_view(page, p));
  return {{"id", std::move(id)}, {"name", std::move(name)}, {"tiles", tiles}, {"first", first}};
}

// The counting form's denominations, by kind, in domain::denominations()'s order; a roll is
// labelled with its coin and how many it holds.
nlohmann::json denominations_view(const Page& page) {
  nlohmann::json coins = nlohmann::json::array(), notes = nlohmann::json::array(),
                 rolls = nlohmann::json::array();
  for (const domain::Denomination& d : domain::denominations()) {
    nlohmann::json row = {{"code", d.code}, {"value_cents", d.value.value()}};
    if (d.kind == domain::DenominationKind::kRoll) {
      row["label"] = page.format(
          "pos.count.roll", {{"coin", page.money(Cents(d.value.value() / d.coins_per_roll))},
                             {"n", std::to_string(d.coins_per_roll)}});
      rolls.push_back(std::move(row));
    } else {
      row["label"] = page.money(d.value);
      (d.kind == domain::DenominationKind::kCoin ? coins : notes).push_back(std::move(row));
    }
  }
  return {{"coins", coins}, {"notes", notes}, {"rolls", rolls}};
}

Result<Response> show_pos(Page& page) {
  MAMON_TRY(service::PosCatalogue catalogue,
            service::pos_catalogue(page.site.database, page.caller()));
  nlohmann::json groups = nlohmann::json::array();
  for (const domain::Category& c : catalogue.categories) {
    groups.push_back(
        group_view(page, "c" + std::to_string(c.id), c.name, c.products, groups.empty()));
  }
  if (!catalogue.uncategorised.empty()) {
    groups.push_back(
        group_view(page, "other", page.text("pos.other"), catalogue.uncategorised, groups.empty()));
  }
  MAMON_TRY(service::PosCycleState state,
            service::pos_cycle_state(page.site.database, page.caller()));
  nlohmann::json view = {{"groups", groups},
                         {"cycle_open", state.cycle_open},
                         {"cycle_closed", !state.cycle_open},
                         {"may_file_report", state.may_file_report},
                         {"may_link_cards", state.may_link_cards},
                         {"denominations", denominations_view(page)},
                         {"has_products", !groups.empty()},
                         {"no_products", groups.empty()},
                         {"staff_name", page.profile().user.display_name()},
                         {"undo_seconds", limits::kUndoWindowUs / 1'000'000},
                         {"idle_seconds", limits::kPosIdleLockSeconds},
                         {"card_gap_ms", limits::kCardReaderKeyGapMsMax},
                         {"card_length_min", limits::kCardReaderHexLengthMin}};
  return render_page(page, "pos", "pos.title", std::move(view));
}

Result<Response> issue_token(Page& page) {
  MAMON_RETURN_IF_ERROR(service::may_use_pos(page.caller()));
  MAMON_TRY(service::IssuedTokens tokens, page.site.auth.issue_for_user(page.caller().user_id));
  return Response::json(200,
                        {{"access", tokens.access},
                         {"refresh", tokens.refresh},
                         {"user", api::user_to_json(tokens.profile, page.site.config.public_url)}});
}

}  // namespace

void register_pos_routes(Router& router, const WebSite& site) {
  add_page(router, site, Method::kGet, "/pos", show_pos);
  add_page(router, site, Method::kPost, "/pos/token", issue_token);
}

}  // namespace mamon::http::web
