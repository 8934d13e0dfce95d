// Undo at the POS: one's own last sale within the window, as a void with the reason "undo"
// (wallet restored, audited as undo_sale); refused for someone else's sale, an older sale, after
// the window, twice, and for callers who may not sell.
#include "service/undo_sale.h"

#include <gtest/gtest.h>

#include "base/limits.h"
#include "service/purchases_service.h"
#include "service/service_test_fixture.h"

namespace mamon::service {
namespace {

using testing::code_of;
using testing::must;

class UndoSaleTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    staff_ = add_staff("tapper");
    other_staff_ = add_staff("other");
    member_ = add_member("member");
    beer_ = add_product("Beer", 250);
    fund(*member_.holder_id, 1000);
  }

  std::int64_t sale(const domain::Caller& seller, bool wallet = true) {
    SaleRequest r;
    r.input.lines = {{beer_, 2}};
    r.input.balance = wallet;
    r.input.cash = !wallet;
    if (wallet) r.input.buyer_holder_id = member_.holder_id;
    return must(sell(db(), clock_, seller, r), "sell").view.purchase.id;
  }

  Result<VoidResult> undo(std::int64_t purchase_id, const domain::Caller& caller) {
    return undo_own_sale(db(), clock_, caller, purchase_id);
  }

  domain::Caller staff_, other_staff_, member_;
  std::int64_t beer_ = 0;
};

TEST_P(UndoSaleTest, OwnLastSaleInsideTheWindowIsVoidedAsUndo) {
  const std::int64_t id = sale(staff_);
  EXPECT_EQ(balance_of(*member_.holder_id), Cents(500));
  clock_.advance_us(limits::kUndoWindowUs - 1);
  VoidResult undone = must(undo(id, staff_));
  EXPECT_EQ(undone.amount, Cents(500));
  EXPECT_EQ(undone.mark.reason, kUndoReason);
  EXPECT_EQ(undone.wallet_balance_after, Cents(1000));
  EXPECT_EQ(balance_of(*member_.holder_id), Cents(1000));
  const std::int64_t audited = in_tx([&](storage::Transaction& tx) {
    return must(tx.query("SELECT COUNT(*) FROM audit_log WHERE action = 'undo_sale' AND "
                         "object_type = 'purchase' AND object_id = $1",
                         {std::to_string(id)}))
        .rows[0]
        .get_int(0);
  });
  EXPECT_EQ(audited, 1);
  // Twice: voided already.
  EXPECT_EQ(code_of(undo(id, staff_)), ErrorCode::kConflict);
  EXPECT_EQ(balance_of(*member_.holder_id), Cents(1000));
}

TEST_P(UndoSaleTest, AtTheEndOfTheWindowItIsTooLate) {
  const std::int64_t id = sale(staff_, false);
  clock_.advance_us(limits::kUndoWindowUs);
  EXPECT_EQ(code_of(undo(id, staff_)), ErrorCode::kConflict);
}

TEST_P(UndoSaleTest, OnlyTheSellersOwnNewestSale) {
  const std::int64_t first = sale(staff_);
  const std::int64_t second = sale(staff_, false);
  const std::int64_t others = sale(other_staff_, false);
  EXPECT_EQ(code_of(undo(first, staff_)), ErrorCode::kConflict);  // not the last one
  EXPECT_EQ(code_of(undo(others, staff_)), ErrorCode::kPermissionDenied);
  must(undo(second, staff_));
  // After an undo the sale before it does not become undoable: one undo, of the last sale.
  EXPECT_EQ(code_of(undo(first, staff_)), ErrorCode::kConflict);
  EXPECT_EQ(balance_of(*member_.holder_id), Cents(500));
}

TEST_P(UndoSaleTest, RefusedForCallersWhoMayNotSell) {
  const std::int64_t id = sale(staff_);
  EXPECT_EQ(code_of(undo(id, member_)), ErrorCode::kNotPersonnel);
  domain::Caller no_sell = staff_;
  no_sell.permissions.erase(domain::Permission::kSell);
  EXPECT_EQ(code_of(undo(id, no_sell)), ErrorCode::kPermissionDenied);
  EXPECT_EQ(code_of(undo(999'999, staff_)), ErrorCode::kNotFound);
  EXPECT_EQ(balance_of(*member_.holder_id), Cents(500));
}

INSTANTIATE_TEST_SUITE_P(Backends, UndoSaleTest,
                         ::testing::ValuesIn(mamon::testing::backends_under_test()),
                         testing::backend_param_name);

}  // namespace
}  // namespace mamon::service
