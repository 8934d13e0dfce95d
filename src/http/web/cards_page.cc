// GET /cards/: the member's own cards (service::list_holder_cards), blocked ones marked.
// POST /cards/{id}/block/: "block as lost" (service::block_card; the API refuses the card at
// once). Without confirm=yes in the form the POST changes nothing and shows a confirmation page
// (the no-JavaScript path); mamon.js asks first and adds confirm=yes itself (data-confirm).
//
// Cards are addressed by their row id, never by UID, and the UID is shown masked (its last four
// hex digits): the UID is what pays at the bar, so it stays out of addresses, logs, screenshots
// and over-the-shoulder views; four digits are enough to tell one's own cards apart.
#include <string>

#include "http/web/member_views.h"
#include "http/web/page.h"
#include "http/web/pages.h"
#include "service/cards_service.h"

namespace mamon::http::web {
namespace {

std::string masked_uid(std::string_view uid) {
  constexpr std::size_t kShown = 4;
  if (uid.size() <= kShown) return std::string(uid);
  return "\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2 " +  // ••••
         std::string(uid.substr(uid.size() - kShown));
}

std::string card_title(const Page& page, const domain::Card& card) {
  return card.card_name.empty() ? page.text("cards.unnamed") : card.card_name;
}

nlohmann::json card_view(const Page& page, const domain::Card& card) {
  return {{"id", card.id},
          {"name", card_title(page, card)},
          {"uid", masked_uid(card.card_id)},
          {"since", page.date(card.created_at_us)},
          {"blocked", card.blocked},
          {"confirm", page.format("cards.confirm_question", {{"name", card_title(page, card)}})}};
}

Result<std::vector<domain::Card>> own_cards(const Page& page) {
  return service::list_holder_cards(page.site.database, page.caller(), *page.caller().holder_id);
}

Result<Response> show_cards(Page& page) {
  if (!page.caller().holder_id) return no_holder_page(page, "cards.title");
  MAMON_TRY(std::vector<domain::Card> cards, own_cards(page));
  nlohmann::json list = nlohmann::json::array();
  for (const domain::Card& card : cards) list.push_back(card_view(page, card));
  nlohmann::json view = {{"cards", list}, {"has_cards", !list.empty()}};
  return render_page(page, "cards", "cards.title", std::move(view));
}

Result<Response> post_block(Page& page) {
  if (!page.caller().holder_id) return no_holder_page(page, "cards.title");
  const std::int64_t id = page.request.path_int("id");
  MAMON_TRY(std::vector<domain::Card> cards, own_cards(page));
  const domain::Card* card = nullptr;
  for (const domain::Card& c : cards) {
    if (c.id == id) card = &c;
  }
  if (card == nullptr) return make_error(ErrorCode::kCardNotFound, "No such card.", "card");
  if (card->blocked) {
    set_flash(page, "flash.card_already_blocked");
    return redirect("/cards/");
  }
  if (page.form.get("confirm").value_or("") != "yes") {
    nlohmann::json view = {{"card", card_view(page, *card)}};
    return render_page(page, "cards_confirm", "cards.confirm_title", std::move(view));
  }
  MAMON_RETURN_IF_ERROR(
      service::block_card(page.site.database, page.site.clock, page.caller(), card->card_id));
  set_flash(page, "flash.card_blocked");
  return redirect("/cards/");
}

}  // namespace

void register_cards_routes(Router& router, const WebSite& site) {
  add_page(router, site, Method::kGet, "/cards", show_cards);
  add_page(router, site, Method::kPost, "/cards/{id}/block", post_block);
}

}  // namespace mamon::http::web
