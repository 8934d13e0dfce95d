// Stock on both databases: mutations by hand (rules, permissions, audit), a sale drawing its stock
// in its own transaction, concurrent sales, the return of a voided purchase's stock once, and
// `mamon check`'s STOCK rule finding drift. The fixture's TearDown runs the check after each test.
#include "service/stock_service.h"

#include <gtest/gtest.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <thread>

#include "service/manage_products_service.h"
#include "service/purchases_service.h"
#include "service/service_test_fixture.h"
#include "storage/purchases_repo.h"

namespace mamon::service {
namespace {

using testing::code_of;
using testing::must;

class StockServiceTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    board_ = add_user("boardmember", false, {"Bestuur"});
    audit_committee_ = add_user("kascommissie", false, {"Kascommissie"});
    staff_ = add_staff("tapper");
    member_ = add_member("member");
    keg_ = must(create_stock_item(db(), clock_, board_, {"Beer keg", "liters", "50 l kegs"}));
    glass_ = add_stocked_product("Glass of beer", 250, keg_, 250);        // 0.25 l
    pitcher_ = add_stocked_product("Pitcher of beer", 1200, keg_, 1500);  // 1.5 l
    crisps_stock_ = must(create_stock_item(db(), clock_, board_, {"Crisps", "bags", ""}));
    crisps_ = add_stocked_product("Crisps", 150, crisps_stock_, 1000);
    water_ = add_product("Water", 100);  // draws from no stock
  }

  std::int64_t add_stocked_product(const std::string& name, std::int64_t price_cents,
                                   std::int64_t stock_item_id, std::int64_t units_per_sale) {
    return in_tx([&](storage::Transaction& tx) {
      storage::NewProduct product;
      product.name = name;
      product.price = Cents(price_cents);
      product.units_per_sale = units_per_sale;
      product.stock_item_id = stock_item_id;
      return must(storage::insert_product(tx, product), "insert_product");
    });
  }

  std::int64_t quantity(std::int64_t stock_item_id) {
    return must(get_stock(db(), board_, stock_item_id, {})).item.quantity;
  }

  AddedStockMutation add(std::int64_t item, std::string kind, std::string quantity,
                         std::string reason = "delivery note 17",
                         std::optional<std::int64_t> cost_cents = std::nullopt) {
    return must(
        add_stock_mutation(db(), clock_, board_, item,
                           {std::move(kind), std::move(quantity), std::move(reason), cost_cents}));
  }

  Result<Sale> sell_cash(std::vector<domain::OrderLineInput> lines) {
    SaleRequest request;
    request.input.lines = std::move(lines);
    request.input.cash = true;
    return sell(db(), clock_, staff_, request);
  }

  std::vector<std::string> stock_violations() {
    auto violations = check_ledger(db());
    EXPECT_TRUE(violations.ok());
    std::vector<std::string> out;
    for (const InvariantViolation& v : *violations) {
      if (v.invariant == "STOCK") out.push_back(v.detail);
    }
    return out;
  }

  domain::Caller board_, audit_committee_, staff_, member_;
  std::int64_t keg_ = 0, crisps_stock_ = 0;
  std::int64_t glass_ = 0, pitcher_ = 0, crisps_ = 0, water_ = 0;
};

TEST_P(StockServiceTest, MutationsChangeTheQuantityExactlyAndAreAudited) {
  AddedStockMutation delivery = add(keg_, "delivery", "50", "two kegs", 9950);
  EXPECT_EQ(delivery.item.quantity, 50'000);
  EXPECT_EQ(delivery.mutation.kind, domain::StockMutationKind::kDelivery);
  EXPECT_EQ(delivery.mutation.cost_cents, 9950);
  EXPECT_EQ(delivery.mutation.user_id, board_.user_id);
  EXPECT_EQ(add(keg_, "loss", "-0.25", "spilt").item.quantity, 49'750);
  EXPECT_EQ(add(keg_, "count", "-0.75", "counted 49 l").item.quantity, 49'000);
  EXPECT_EQ(add(keg_, "count", "1.001", "found some").item.quantity, 50'001);
  EXPECT_EQ(quantity(keg_), 50'001);

  StockDetail detail = must(get_stock(db(), audit_committee_, keg_, {1, 2}));
  EXPECT_EQ(detail.mutations.total, 4);
  ASSERT_EQ(detail.mutations.items.size(), 2u);
  EXPECT_EQ(detail.mutations.items[0].quantity_delta, 1001);  // newest first
  ASSERT_EQ(detail.products.size(), 2u);
  EXPECT_EQ(detail.products[0].name, "Glass of beer");

  auto audit = in_tx([&](storage::Transaction& tx) {
    return must(
        tx.query("SELECT action, detail FROM audit_log WHERE object_type = 'stock_item' "
                 "AND object_id = $1 ORDER BY id",
                 {std::to_string(keg_)}));
  });
  ASSERT_EQ(audit.rows.size(), 5u);  // created, then four mutations
  EXPECT_EQ(audit.rows[0].get_text(0), "create_stock_item");
  EXPECT_EQ(audit.rows[1].get_text(0), "add_stock_mutation");
  nlohmann::json first = nlohmann::json::parse(audit.rows[1].get_text(1));
  EXPECT_EQ(first["after"]["quantity"], 50'000);
  EXPECT_EQ(first["cost_cents"], 9950);
}

TEST_P(StockServiceTest, BadMutationsAreRefusedByFieldAndWriteNothing) {
  auto field_of = [&](StockMutationInput input, std::int64_t item) {
    auto r = add_stock_mutation(db(), clock_, board_, item, input);
    EXPECT_FALSE(r.ok());
    return r.ok() ? std::string("ok") : r.error().field;
  };
  EXPECT_EQ(field_of({"sale", "-1", "x", {}}, keg_), "kind");
  EXPECT_EQ(field_of({"import", "1", "x", {}}, keg_), "kind");
  EXPECT_EQ(field_of({"gift", "1", "x", {}}, keg_), "kind");
  EXPECT_EQ(field_of({"delivery", "-1", "x", {}}, keg_), "quantity");
  EXPECT_EQ(field_of({"delivery", "0", "x", {}}, keg_), "quantity");
  EXPECT_EQ(field_of({"loss", "1", "x", {}}, keg_), "quantity");
  EXPECT_EQ(field_of({"delivery", "0.0001", "x", {}}, keg_), "quantity");
  EXPECT_EQ(field_of({"delivery", "ten", "x", {}}, keg_), "quantity");
  EXPECT_EQ(field_of({"delivery", "1", "  ", {}}, keg_), "reason");
  EXPECT_EQ(field_of({"delivery", "1", std::string(2001, 'x'), {}}, keg_), "reason");
  EXPECT_EQ(field_of({"delivery", "1", "x", -1}, keg_), "cost");
  EXPECT_EQ(code_of(add_stock_mutation(db(), clock_, board_, 999, {"delivery", "1", "x", {}})),
            ErrorCode::kNotFound);
  EXPECT_EQ(quantity(keg_), 0);
  EXPECT_EQ(must(get_stock(db(), board_, keg_, {})).mutations.total, 0);
}

TEST_P(StockServiceTest, OnlyTheBoardWritesAndReadersRead) {
  for (const domain::Caller* reader : {&board_, &audit_committee_, &staff_}) {
    EXPECT_TRUE(list_stock(db(), *reader).ok());
    EXPECT_TRUE(get_stock(db(), *reader, keg_, {}).ok());
  }
  EXPECT_EQ(code_of(list_stock(db(), member_)), ErrorCode::kPermissionDenied);
  EXPECT_EQ(code_of(get_stock(db(), member_, keg_, {})), ErrorCode::kPermissionDenied);
  for (const domain::Caller* writer : {&audit_committee_, &staff_, &member_}) {
    auto added = add_stock_mutation(db(), clock_, *writer, keg_, {"delivery", "1", "x", {}});
    EXPECT_EQ(code_of(added), ErrorCode::kPermissionDenied);
    EXPECT_EQ(added.error().permission, "manage_stock");
    EXPECT_EQ(code_of(create_stock_item(db(), clock_, *writer, {"Wine", "liters", ""})),
              ErrorCode::kPermissionDenied);
    EXPECT_EQ(update_stock_item(db(), clock_, *writer, keg_, {"Keg", "liters", ""}).error().code,
              ErrorCode::kPermissionDenied);
  }
  EXPECT_EQ(quantity(keg_), 0);
}

TEST_P(StockServiceTest, StockItemsAreCreatedAndEditedWithinTheirMeasure) {
  auto list = must(list_stock(db(), board_));
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].name, "Beer keg");  // by name
  EXPECT_EQ(list[0].unit, domain::StockUnit::kLiters);
  EXPECT_EQ(create_stock_item(db(), clock_, board_, {" Beer keg ", "liters", ""}).error().field,
            "name");
  EXPECT_EQ(create_stock_item(db(), clock_, board_, {"", "liters", ""}).error().field, "name");
  EXPECT_EQ(create_stock_item(db(), clock_, board_, {"Wine", "gallons", ""}).error().field, "unit");
  add(crisps_stock_, "delivery", "40");
  must(update_stock_item(db(), clock_, board_, crisps_stock_, {"Crisps (bags)", "pieces", "x"}));
  auto crisps = must(get_stock(db(), board_, crisps_stock_, {})).item;
  EXPECT_EQ(crisps.name, "Crisps (bags)");
  EXPECT_EQ(crisps.unit, domain::StockUnit::kPieces);
  EXPECT_EQ(crisps.quantity, 40'000);
  EXPECT_EQ(
      update_stock_item(db(), clock_, board_, crisps_stock_, {"Crisps", "grams", ""}).error().field,
      "unit");
  EXPECT_EQ(
      update_stock_item(db(), clock_, board_, crisps_stock_, {"Beer keg", "bags", ""}).error().code,
      ErrorCode::kConflict);
  EXPECT_EQ(update_stock_item(db(), clock_, board_, 999, {"X", "bags", ""}).error().code,
            ErrorCode::kNotFound);
}

TEST_P(StockServiceTest, ASaleDrawsEveryStockedLineInItsTransaction) {
  add(keg_, "delivery", "50");
  add(crisps_stock_, "delivery", "10");
  Sale sale = must(sell_cash({{glass_, 3}, {pitcher_, 1}, {crisps_, 2}, {water_, 1}}));
  EXPECT_EQ(quantity(keg_), 50'000 - 3 * 250 - 1500);
  EXPECT_EQ(quantity(crisps_stock_), 8'000);
  auto mutations = in_tx([&](storage::Transaction& tx) {
    return must(storage::sale_mutations_of_purchase(tx, sale.view.purchase.id));
  });
  ASSERT_EQ(mutations.size(), 3u);  // water draws nothing
  for (const domain::StockMutation& m : mutations) {
    EXPECT_EQ(m.kind, domain::StockMutationKind::kSale);
    EXPECT_TRUE(m.order_line_id.has_value());
    EXPECT_FALSE(m.user_id.has_value());
  }
  // Stock may go below zero: the bar keeps selling when a count was off.
  must(sell_cash({{crisps_, 9}}));
  EXPECT_EQ(quantity(crisps_stock_), -1'000);
  EXPECT_TRUE(stock_violations().empty());
}

TEST_P(StockServiceTest, ARolledBackSaleLeavesTheStockUnchanged) {
  add(keg_, "delivery", "10");
  // A refused sale (the wallet is empty) draws nothing.
  SaleRequest request;
  request.input.lines = {{glass_, 2}};
  request.input.balance = true;
  request.input.buyer_holder_id = member_.holder_id;
  EXPECT_EQ(code_of(sell(db(), clock_, staff_, request)), ErrorCode::kInsufficientFunds);
  EXPECT_EQ(quantity(keg_), 10'000);
  // A sale whose transaction is rolled back after drawing leaves no trace either.
  {
    auto tx = must(db().begin(storage::TxMode::kWrite));
    std::vector<domain::PricedLine> lines = {{glass_, 2, Cents(250)}};
    storage::NewPurchase p;
    p.seller_personnel_id = *staff_.personnel_id;
    p.total = Cents(500);
    p.created_at_us = clock_.now_us();
    p.lines = lines;
    domain::Purchase purchase = must(storage::insert_purchase(*tx, p));
    std::vector<domain::Product> products = {must(storage::find_product(*tx, glass_))};
    must(draw_stock_for_sale(*tx, purchase, products));
    auto inside = must(tx->query("SELECT quantity FROM stock_items WHERE id = $1", {keg_}));
    EXPECT_EQ(inside.rows[0].get_int(0), 9'500);
  }  // destroyed uncommitted: rolled back
  EXPECT_EQ(quantity(keg_), 10'000);
  EXPECT_EQ(must(get_stock(db(), board_, keg_, {})).mutations.total, 1);
}

TEST_P(StockServiceTest, ConcurrentSalesDrawExactly) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 25;
  add(keg_, "delivery", "100");
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        // Half the threads name the stock items in the other order: no deadlock either way.
        auto sale = t % 2 == 0 ? sell_cash({{glass_, 1}, {crisps_, 1}})
                               : sell_cash({{crisps_, 1}, {glass_, 1}});
        if (!sale.ok()) {
          ++failures;
          ADD_FAILURE() << sale.error().message;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(quantity(keg_), 100'000 - kThreads * kPerThread * 250);
  EXPECT_EQ(quantity(crisps_stock_), -kThreads * kPerThread * 1000);
  EXPECT_TRUE(stock_violations().empty());
}

TEST_P(StockServiceTest, AVoidedPurchaseGetsItsStockBackOnce) {
  add(keg_, "delivery", "10");
  Sale sale = must(sell_cash({{glass_, 2}, {pitcher_, 1}, {water_, 3}}));
  const std::int64_t id = sale.view.purchase.id;
  EXPECT_EQ(quantity(keg_), 10'000 - 500 - 1500);
  in_tx([&](storage::Transaction& tx) {
    must(restore_stock_for_voided_purchase(tx, id, board_.user_id, clock_.now_us()));
    return 0;
  });
  EXPECT_EQ(quantity(keg_), 10'000);
  in_tx([&](storage::Transaction& tx) {
    must(restore_stock_for_voided_purchase(tx, id, board_.user_id, clock_.now_us()));
    return 0;
  });
  EXPECT_EQ(quantity(keg_), 10'000);
  auto mutations = in_tx(
      [&](storage::Transaction& tx) { return must(storage::sale_mutations_of_purchase(tx, id)); });
  EXPECT_EQ(mutations.size(), 4u);  // two draws, two returns
  EXPECT_EQ(mutations.back().user_id, board_.user_id);
  EXPECT_EQ(mutations.back().reason, "void of purchase " + std::to_string(id));
  // A purchase that drew nothing restores nothing.
  Sale water = must(sell_cash({{water_, 1}}));
  in_tx([&](storage::Transaction& tx) {
    must(restore_stock_for_voided_purchase(tx, water.view.purchase.id, std::nullopt,
                                           clock_.now_us()));
    return 0;
  });
  EXPECT_TRUE(stock_violations().empty());
}

TEST_P(StockServiceTest, ChangingAProductLaterKeepsPastSalesValid) {
  add(keg_, "delivery", "10");
  must(sell_cash({{glass_, 2}}));
  in_tx([&](storage::Transaction& tx) {
    must(tx.query("UPDATE products SET units_per_sale = 330, stock_item_id = NULL WHERE id = $1",
                  {glass_}));
    return 0;
  });
  EXPECT_TRUE(stock_violations().empty());
}

TEST_P(StockServiceTest, TheProductFormLinksAStockItemAndReadsUnitsInItsUnit) {
  ProductInput input;
  input.name = "Wijn";
  input.price = "3,00";
  input.color = "#aa0000";
  input.units = "0.125";
  input.stock_item = std::to_string(keg_);
  const std::int64_t wine = must(create_product(db(), clock_, board_, input));
  ProductDetail detail = must(get_product_to_manage(db(), board_, wine));
  EXPECT_EQ(detail.product.master_stock_id, keg_);
  EXPECT_EQ(detail.product.units_per_sale, 125);  // 0.125 liter
  // Not sent: the link stays; "" unlinks (units then count pieces); unknown: a field error.
  input.stock_item.reset();
  input.units = "0.25";
  must(update_product_details(db(), clock_, board_, wine, input));
  EXPECT_EQ(must(get_product_to_manage(db(), board_, wine)).product.master_stock_id, keg_);
  input.stock_item = "";
  input.units = "1";
  must(update_product_details(db(), clock_, board_, wine, input));
  detail = must(get_product_to_manage(db(), board_, wine));
  EXPECT_FALSE(detail.product.master_stock_id.has_value());
  EXPECT_EQ(detail.product.units_per_sale, 1000);
  for (const char* bad : {"999", "x", "1.5"}) {
    input.stock_item = bad;
    EXPECT_EQ(update_product_details(db(), clock_, board_, wine, input).error().field,
              "stock_item");
  }
  input.stock_item = std::to_string(crisps_stock_);
  input.units = "0.5";  // half a bag
  must(update_product_details(db(), clock_, board_, wine, input));
  add(crisps_stock_, "delivery", "2");
  must(sell_cash({{wine, 3}}));
  EXPECT_EQ(quantity(crisps_stock_), 500);
}

class StockDriftTest : public StockServiceTest {
 protected:
  void TearDown() override {}  // the tests break the stock on purpose
};

TEST_P(StockDriftTest, CheckFindsAQuantityWithoutItsMutation) {
  add(keg_, "delivery", "10");
  in_tx([&](storage::Transaction& tx) {
    must(tx.query("UPDATE stock_items SET quantity = quantity - 1 WHERE id = $1", {keg_}));
    return 0;
  });
  std::vector<std::string> found = stock_violations();
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0].find("quantity 9999 != its mutations 10000"), std::string::npos) << found[0];
}

TEST_P(StockDriftTest, CheckFindsSaleMutationsTheirLinesDoNotAccountFor) {
  add(keg_, "delivery", "10");
  Sale sale = must(sell_cash({{glass_, 3}}));
  const std::int64_t line = sale.view.purchase.lines[0].id;
  in_tx([&](storage::Transaction& tx) {
    // A second draw on the same line, balanced in the quantity so only the sale rule sees it.
    std::vector<storage::SaleDraw> draws = {{keg_, line, -750}};
    must(storage::record_sale_draws(tx, sale.view.purchase.id, std::nullopt, "twice", draws,
                                    clock_.now_us()));
    return 0;
  });
  EXPECT_EQ(stock_violations().size(), 1u);
  in_tx([&](storage::Transaction& tx) {
    // A draw naming no line at all.
    must(
        tx.query("INSERT INTO stock_mutations (stock_item_id, kind, quantity_delta, purchase_id, "
                 "created_at_us) VALUES ($1, 'sale', -1, $2, 0)",
                 {keg_, sale.view.purchase.id}));
    return 0;
  });
  std::vector<std::string> found = stock_violations();
  // The line's double draw, the quantity (one step not in stock_items), the line-less draw.
  ASSERT_EQ(found.size(), 3u);
}

MAMON_SERVICE_SUITE(StockServiceTest);
MAMON_SERVICE_SUITE(StockDriftTest);

}  // namespace
}  // namespace mamon::service
