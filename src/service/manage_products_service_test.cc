#include "service/manage_products_service.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "service/products_service.h"
#include "service/purchases_service.h"
#include "service/service_test_fixture.h"

namespace mamon::service {
namespace {

using testing::code_of;
using testing::must;

class ManageProductsTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    board_ = add_user("boardmember", false, {"Bestuur"});
    audit_committee_ = add_user("kascommissie", false, {"Kascommissie"});
    staff_ = add_staff("tapper");
    member_ = add_member("member");
  }

  ProductInput beer() {
    ProductInput input;
    input.name = "Pils";
    input.price = "2,50";
    input.color = "#FFCC00";
    input.units = "0.25";
    input.ledger_account = "8000 Bier";
    return input;
  }

  // The audit rows of `object_type`, oldest first: {action, object_id, detail}.
  std::vector<std::tuple<std::string, std::string, nlohmann::json>> audit_rows(
      std::string_view object_type) {
    return in_tx([&](storage::Transaction& tx) {
      auto r =
          must(tx.query("SELECT action, object_id, detail FROM audit_log "
                        "WHERE object_type = $1 ORDER BY id",
                        {std::string(object_type)}));
      std::vector<std::tuple<std::string, std::string, nlohmann::json>> out;
      for (const storage::Row& row : r.rows) {
        out.emplace_back(row.get_text(0), row.get_text(1), nlohmann::json::parse(row.get_text(2)));
      }
      return out;
    });
  }

  std::int64_t sell_one(std::int64_t product_id) {
    SaleRequest request;
    request.input.lines = {{product_id, 1}};
    request.input.cash = true;
    return must(sell(db(), clock_, staff_, request), "sell").view.purchase.id;
  }

  domain::Caller board_, audit_committee_, staff_, member_;
};

TEST_P(ManageProductsTest, CreatesAProductWithItsFirstPriceAndAnAuditEntry) {
  const std::int64_t category = must(create_category(db(), clock_, board_, {"Bier", ""}));
  ProductInput input = beer();
  input.category_ids = {category};
  input.image = "products/abc.png";
  const std::int64_t id = must(create_product(db(), clock_, board_, input));

  ProductDetail detail = must(get_product_to_manage(db(), board_, id));
  EXPECT_EQ(detail.product.name, "Pils");
  EXPECT_EQ(detail.product.price, Cents(250));
  EXPECT_EQ(detail.product.color, "#FFCC00");
  EXPECT_EQ(detail.product.units_per_sale, 250);
  EXPECT_EQ(detail.product.grootboek_waarde, "8000 Bier");
  EXPECT_EQ(detail.product.image, "products/abc.png");
  EXPECT_EQ(detail.category_ids, std::vector<std::int64_t>{category});
  ASSERT_EQ(detail.prices.size(), 1u);
  EXPECT_EQ(detail.prices[0].price, Cents(250));
  EXPECT_EQ(detail.prices[0].valid_from_us, clock_.now_us());
  EXPECT_EQ(detail.prices[0].changed_by_username, "boardmember");

  auto rows = audit_rows("product");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(std::get<0>(rows[0]), "create_product");
  EXPECT_EQ(std::get<1>(rows[0]), std::to_string(id));
  EXPECT_TRUE(std::get<2>(rows[0])["before"].is_null());
  EXPECT_EQ(std::get<2>(rows[0])["after"]["price_cents"], 250);
}

TEST_P(ManageProductsTest, APriceChangeAppliesFromNowOnAndIsKeptInTheHistory) {
  const std::int64_t id = must(create_product(db(), clock_, board_, beer()));
  const std::int64_t before = sell_one(id);
  clock_.advance_us(3'600'000'000);
  ProductInput input = beer();
  input.price = "€ 3.00";
  must(update_product_details(db(), clock_, board_, id, input));
  const std::int64_t after = sell_one(id);

  // The order lines keep the price they were sold at.
  EXPECT_EQ(must(get_purchase(db(), board_, before)).purchase.lines.at(0).unit_price, Cents(250));
  EXPECT_EQ(must(get_purchase(db(), board_, after)).purchase.lines.at(0).unit_price, Cents(300));

  ProductDetail detail = must(get_product_to_manage(db(), board_, id));
  ASSERT_EQ(detail.prices.size(), 2u);
  EXPECT_EQ(detail.prices[0].price, Cents(250));
  EXPECT_EQ(detail.prices[1].price, Cents(300));
  EXPECT_EQ(detail.prices[1].valid_from_us, clock_.now_us());

  auto rows = audit_rows("product");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(std::get<0>(rows[1]), "update_product");
  EXPECT_EQ(std::get<2>(rows[1])["before"]["price_cents"], 250);
  EXPECT_EQ(std::get<2>(rows[1])["after"]["price_cents"], 300);
}

TEST_P(ManageProductsTest, ASaveWithoutAPriceChangeAddsNoHistoryAndANoOpSaveNoAudit) {
  const std::int64_t id = must(create_product(db(), clock_, board_, beer()));
  must(update_product_details(db(), clock_, board_, id, beer()));  // nothing changed
  ProductInput lower_case = beer();
  lower_case.color = "#ffcc00";  // what a colour picker sends for #FFCC00
  must(update_product_details(db(), clock_, board_, id, lower_case));
  EXPECT_EQ(audit_rows("product").size(), 1u);
  EXPECT_EQ(must(get_product_to_manage(db(), board_, id)).product.color, "#FFCC00");
  ProductInput input = beer();
  input.name = "Pils (tap)";
  input.active = false;
  must(update_product_details(db(), clock_, board_, id, input));
  ProductDetail detail = must(get_product_to_manage(db(), board_, id));
  EXPECT_EQ(detail.prices.size(), 1u);
  EXPECT_FALSE(detail.product.active);
  EXPECT_EQ(detail.product.image, "");  // no new picture: the old one (none) is kept
  auto rows = audit_rows("product");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(std::get<2>(rows[1])["before"]["active"], true);
  EXPECT_EQ(std::get<2>(rows[1])["after"]["active"], false);
}

TEST_P(ManageProductsTest, EveryChangeRaisesTheCatalogueVersion) {
  std::int64_t version = must(catalogue_version(db()));
  auto raised = [&] {
    const std::int64_t now = must(catalogue_version(db()));
    const bool up = now > version;
    version = now;
    return up;
  };
  const std::int64_t category = must(create_category(db(), clock_, board_, {"Bier", ""}));
  EXPECT_TRUE(raised());
  ProductInput input = beer();
  const std::int64_t id = must(create_product(db(), clock_, board_, input));
  EXPECT_TRUE(raised());
  input.price = "2.75";
  must(update_product_details(db(), clock_, board_, id, input));
  EXPECT_TRUE(raised());
  input.category_ids = {category};
  must(update_product_details(db(), clock_, board_, id, input));
  EXPECT_TRUE(raised());
  must(update_category_details(db(), clock_, board_, category, {"Bieren", ""}));
  EXPECT_TRUE(raised());
  must(create_category(db(), clock_, board_, {"Fris", ""}));
  EXPECT_TRUE(raised());
  must(move_category(db(), clock_, board_, category, MoveDirection::kDown));
  EXPECT_TRUE(raised());
}

TEST_P(ManageProductsTest, CategoriesAndTheirProductsKeepTheOrderTheBoardGives) {
  const std::int64_t bier = must(create_category(db(), clock_, board_, {"Bier", ""}));
  const std::int64_t fris = must(create_category(db(), clock_, board_, {"Fris", ""}));
  ProductInput a = beer();
  a.category_ids = {bier};
  const std::int64_t pils = must(create_product(db(), clock_, board_, a));
  a.name = "Witbier";
  const std::int64_t wit = must(create_product(db(), clock_, board_, a));

  must(move_category(db(), clock_, board_, fris, MoveDirection::kUp));
  must(move_category(db(), clock_, board_, fris, MoveDirection::kUp));  // at the top: no change
  must(move_product_in_category(db(), clock_, board_, bier, wit, MoveDirection::kUp));

  auto categories = must(list_categories_to_manage(db(), board_));
  ASSERT_EQ(categories.size(), 2u);
  EXPECT_EQ(categories[0].category.id, fris);
  EXPECT_EQ(categories[1].category.id, bier);
  ASSERT_EQ(categories[1].products.size(), 2u);
  EXPECT_EQ(categories[1].products[0].id, wit);
  EXPECT_EQ(categories[1].products[1].id, pils);
  // The API's catalogue reads the same order.
  auto api = must(list_categories(db(), ProductFilter::kActive));
  ASSERT_EQ(api.size(), 2u);
  EXPECT_EQ(api[0].id, fris);
  EXPECT_EQ(api[1].products.at(0).id, wit);

  EXPECT_EQ(
      code_of(move_product_in_category(db(), clock_, board_, fris, pils, MoveDirection::kDown)),
      ErrorCode::kNotFound);
  EXPECT_EQ(code_of(move_category(db(), clock_, board_, 999'999, MoveDirection::kUp)),
            ErrorCode::kNotFound);
  auto rows = audit_rows("category");
  ASSERT_EQ(rows.size(), 4u);  // two creations, one move of a category, one of a product
  EXPECT_EQ(std::get<0>(rows[2]), "move_category");
  EXPECT_EQ(std::get<0>(rows[3]), "move_product");
}

TEST_P(ManageProductsTest, RemovingAProductFromACategory) {
  const std::int64_t bier = must(create_category(db(), clock_, board_, {"Bier", ""}));
  ProductInput input = beer();
  input.category_ids = {bier, bier};
  const std::int64_t id = must(create_product(db(), clock_, board_, input));
  EXPECT_EQ(must(get_product_to_manage(db(), board_, id)).category_ids.size(), 1u);
  input.category_ids = {};
  must(update_product_details(db(), clock_, board_, id, input));
  EXPECT_TRUE(must(get_product_to_manage(db(), board_, id)).category_ids.empty());
  EXPECT_TRUE(must(get_category_to_manage(db(), board_, bier)).products.empty());
}

TEST_P(ManageProductsTest, OnlyTheBoardMayManageProducts) {
  const std::int64_t id = must(create_product(db(), clock_, board_, beer()));
  for (const domain::Caller* caller : {&audit_committee_, &staff_, &member_}) {
    EXPECT_EQ(code_of(create_product(db(), clock_, *caller, beer())), ErrorCode::kPermissionDenied);
    EXPECT_EQ(code_of(update_product_details(db(), clock_, *caller, id, beer())),
              ErrorCode::kPermissionDenied);
    EXPECT_EQ(code_of(get_product_to_manage(db(), *caller, id)), ErrorCode::kPermissionDenied);
    EXPECT_EQ(code_of(list_products_to_manage(db(), *caller, ProductFilter::kActive)),
              ErrorCode::kPermissionDenied);
    EXPECT_EQ(code_of(create_category(db(), clock_, *caller, {"X", ""})),
              ErrorCode::kPermissionDenied);
    EXPECT_EQ(code_of(list_categories_to_manage(db(), *caller)), ErrorCode::kPermissionDenied);
    EXPECT_EQ(code_of(may_manage_products(*caller)), ErrorCode::kPermissionDenied);
  }
  EXPECT_TRUE(may_manage_products(board_).ok());
  Result<std::int64_t> refused = create_product(db(), clock_, audit_committee_, beer());
  EXPECT_EQ(refused.error().permission, "manage_products");
  EXPECT_EQ(audit_rows("product").size(), 1u);
}

TEST_P(ManageProductsTest, EachFieldIsCheckedWithItsOwnError) {
  auto field_of = [&](ProductInput input) {
    Result<std::int64_t> r = create_product(db(), clock_, board_, input);
    return r.ok() ? std::string("ok") : r.error().field;
  };
  ProductInput input = beer();
  input.name = "  ";
  EXPECT_EQ(field_of(input), "name");
  input = beer();
  input.name = std::string(151, 'x');
  EXPECT_EQ(field_of(input), "name");
  for (std::string price : {"", "abc", "2.505", "-1", "1000001"}) {
    input = beer();
    input.price = price;
    EXPECT_EQ(field_of(input), "price") << price;
  }
  input = beer();
  input.color = "red";
  EXPECT_EQ(field_of(input), "color");
  for (std::string units : {"", "x", "0.2505", "1.", "-1", "99999999999"}) {
    input = beer();
    input.units = units;
    EXPECT_EQ(field_of(input), "units") << units;
  }
  input = beer();
  input.ledger_account = std::string(151, 'x');
  EXPECT_EQ(field_of(input), "ledger_account");
  input = beer();
  input.category_ids = {999'999};
  EXPECT_EQ(field_of(input), "categories");
  // Nothing was written.
  EXPECT_TRUE(must(list_products_to_manage(db(), board_, ProductFilter::kActive)).empty());

  must(create_product(db(), clock_, board_, beer()));
  Result<std::int64_t> duplicate = create_product(db(), clock_, board_, beer());
  EXPECT_EQ(code_of(duplicate), ErrorCode::kConflict);
  EXPECT_EQ(duplicate.error().field, "name");
  EXPECT_EQ(code_of(update_product_details(db(), clock_, board_, 999'999, beer())),
            ErrorCode::kProductNotFound);

  EXPECT_EQ(code_of(create_category(db(), clock_, board_, {"", ""})), ErrorCode::kInvalidInput);
  EXPECT_EQ(create_category(db(), clock_, board_, {"A", std::string(2001, 'd')}).error().field,
            "description");
}

TEST_P(ManageProductsTest, UnitsAreInTheStockItemsUnit) {
  ProductInput input = beer();
  input.units = "3";
  const std::int64_t id = must(create_product(db(), clock_, board_, input));
  EXPECT_EQ(must(get_product_to_manage(db(), board_, id)).product.units_per_sale, 3000);
  in_tx([&](storage::Transaction& tx) {
    auto stock =
        must(tx.query("INSERT INTO stock_items (name, unit, quantity, description, "
                      "created_at_us) VALUES ('Suiker', 'grams', 0, '', 0) RETURNING id"));
    must(tx.query("UPDATE products SET stock_item_id = $1 WHERE id = $2",
                  {stock.rows[0].get_int(0), id}));
    return 0;
  });
  input.units = "25";
  must(update_product_details(db(), clock_, board_, id, input));
  EXPECT_EQ(must(get_product_to_manage(db(), board_, id)).product.units_per_sale, 25);
  input.units = "2.5";  // grams have no smaller step
  EXPECT_EQ(update_product_details(db(), clock_, board_, id, input).error().field, "units");
}

INSTANTIATE_TEST_SUITE_P(Backends, ManageProductsTest,
                         ::testing::ValuesIn(mamon::testing::backends_under_test()),
                         [](const auto& param_info) {
                           return mamon::testing::backend_name(param_info.param);
                         });

}  // namespace
}  // namespace mamon::service
