#include "service/undo_sale.h"

#include <optional>
#include <string>

#include "base/limits.h"
#include "service/transactions.h"
#include "storage/purchases_repo.h"

namespace mamon::service {
namespace {

Status check_can_undo(const domain::Caller& caller) {
  if (domain::can_sell(caller)) return ok_status();
  if (!domain::is_personnel(caller)) {
    return domain::not_personnel_error("Only active bar staff can undo a sale.",
                                       domain::Permission::kSell);
  }
  return domain::permission_denied_error(domain::Permission::kSell, "You may not sell or undo.");
}

}  // namespace

Result<VoidResult> undo_own_sale(storage::Database& db, const Clock& clock,
                                 const domain::Caller& caller, std::int64_t purchase_id) {
  MAMON_RETURN_IF_ERROR(check_can_undo(caller));
  const std::int64_t seller = *caller.personnel_id;
  return run_transaction(
      db, storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Result<VoidResult> {
        MAMON_TRY(domain::Purchase purchase, storage::find_purchase(tx, purchase_id));
        if (purchase.seller_personnel_id != seller) {
          return domain::permission_denied_error(
              domain::Permission::kVoidPurchase,
              "You can only undo your own sale; the board can void any purchase.");
        }
        MAMON_TRY(std::optional<std::int64_t> newest,
                  storage::newest_purchase_of_seller(tx, seller));
        if (newest != purchase.id) {
          return make_error(ErrorCode::kConflict,
                            "You can only undo your last sale; ask the board to void this one.");
        }
        if (clock.now_us() - purchase.created_at_us >= limits::kUndoWindowUs) {
          return make_error(ErrorCode::kConflict,
                            "Too late to undo this sale; ask the board to void it.");
        }
        return void_in_transaction(tx, clock, caller, purchase, std::string(kUndoReason),
                                   "undo_sale");
      });
}

}  // namespace mamon::service
