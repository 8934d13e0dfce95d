// Voiding a purchase from the board's purchase detail (WEB.md §2 "Purchases"):
//   POST /board/purchases/{id}/void/   reason [, confirm=1]                 void_purchase
// Without confirm=1 the answer is the confirmation step (the purchase, the reason, one button);
// with it the purchase is voided (service/void_service.h) and the detail shows it after a 303.
// No reason: the detail's form again, 422, the message next to the field. Voiding twice: 409
// with the message. A missing permission is the 403 page naming void_purchase.
#include <string>

#include "http/web/page.h"
#include "http/web/pages.h"
#include "service/board_details_service.h"
#include "service/void_service.h"

namespace mamon::http::web {
namespace {

std::string purchase_path(std::int64_t id) {
  return "/board/purchases/" + std::to_string(id) + "/";
}

Response render_confirm(Page& page, const service::PurchaseView& v, const std::string& reason,
                        std::string error, int status) {
  const domain::Purchase& p = v.purchase;
  nlohmann::json view = {
      {"id", p.id},
      {"back", purchase_path(p.id)},
      {"action", purchase_path(p.id) + "void/"},
      {"when", page.date_time(p.created_at_us)},
      {"total", page.money(p.total)},
      {"question", page.format("void.question",
                               {{"id", std::to_string(p.id)}, {"total", page.money(p.total)}})},
      {"reason", field_view(page, "reason", "void.reason", "text", reason, error)},
      {"confirming", error.empty()}};
  return render_page_titled(page, "board_purchase_void",
                            page.format("void.title", {{"id", std::to_string(p.id)}}),
                            std::move(view), status);
}

Result<Response> post_void(Page& page) {
  const std::int64_t id = page.request.path_int("id");
  // Reading the purchase first also refuses a caller without the reports permission.
  MAMON_TRY(service::PurchaseView v,
            service::get_board_purchase(page.site.database, page.caller(), id));
  const std::string reason(page.form.get("reason").value_or(""));
  if (page.form.get("confirm").value_or("") != "1") {
    if (reason.find_first_not_of(" \t\r\n") == std::string::npos) {
      return render_confirm(page, v, reason, page.text("void.error.reason_required"), 422);
    }
    return render_confirm(page, v, reason, "", 200);
  }
  Result<service::VoidResult> done = service::void_purchase(
      page.site.database, page.site.clock, page.caller(), service::VoidRequest{id, reason});
  if (!done.ok()) {
    const Error& error = done.error();
    if (error.code == ErrorCode::kInvalidInput) {
      return render_confirm(page, v, reason, page.text("void.error.reason_required"), 422);
    }
    if (error.code == ErrorCode::kConflict) {
      return error_page(page, 409, page.text("void.error.voided_already"));
    }
    return error;
  }
  set_flash(page, "flash.purchase_voided");
  return redirect(purchase_path(id));
}

}  // namespace

void register_board_void_routes(Router& router, const WebSite& site) {
  add_page(router, site, Method::kPost, "/board/purchases/{id}/void", post_void);
}

}  // namespace mamon::http::web
