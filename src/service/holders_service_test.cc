// Reads the HTTP layer needs: holders (list, search, by id) and the catalogue.
#include "service/holders_service.h"

#include <gtest/gtest.h>

#include "service/cards_service.h"
#include "service/products_service.h"
#include "service/purchases_service.h"
#include "service/service_test_fixture.h"
#include "storage/products_repo.h"

namespace mamon::service {
namespace {

using testing::code_of;
using testing::must;

class ReadsTest : public testing::ServiceTest {
 protected:
  void SetUp() override { staff_ = add_staff("tapper"); }
  domain::Caller staff_;
};

std::vector<std::string> usernames(const Page<domain::HolderView>& page) {
  std::vector<std::string> out;
  for (const domain::HolderView& h : page.items) out.push_back(h.user.username);
  return out;
}

TEST_P(ReadsTest, ListAndSearchHolders) {
  domain::Caller anna = add_user("anna", false, {}, false, 1001);
  domain::Caller bob = add_member("bob_50%");
  fund(*anna.holder_id, 750);
  must(link_card(db(), clock_, staff_, LinkCardRequest{"c0ffee", "", bob.user_id}));

  // System holders ("Cash", "Pin") are never listed.
  auto all = list_holders(db(), staff_, "", PageRequest{});
  ASSERT_TRUE(all.ok()) << all.error().message;
  EXPECT_EQ(all->total, 4);  // tapper, anna, bob, funder
  EXPECT_EQ(usernames(*all), (std::vector<std::string>{"anna", "bob_50%", "funder", "tapper"}));
  EXPECT_EQ(all->items[0].balance, Cents(750));
  EXPECT_EQ(all->items[0].holder.ledenbase_id, 1001);
  EXPECT_FALSE(all->items[0].personnel.has_value());
  EXPECT_TRUE(all->items[3].personnel.has_value());

  auto page2 = must(list_holders(db(), staff_, "", PageRequest{2, 3}));
  EXPECT_EQ(page2.total, 4);
  EXPECT_EQ(usernames(page2), (std::vector<std::string>{"tapper"}));

  EXPECT_EQ(usernames(must(list_holders(db(), staff_, "ANN", PageRequest{}))),
            (std::vector<std::string>{"anna"}));
  EXPECT_EQ(usernames(must(list_holders(db(), staff_, "anna tester", PageRequest{}))),
            (std::vector<std::string>{"anna"}));
  EXPECT_EQ(usernames(must(list_holders(db(), staff_, "1001", PageRequest{}))),
            (std::vector<std::string>{"anna"}));
  EXPECT_EQ(usernames(must(list_holders(db(), staff_, "C0FFEE", PageRequest{}))),
            (std::vector<std::string>{"bob_50%"}));
  EXPECT_EQ(usernames(must(list_holders(db(), staff_, "c0ffee", PageRequest{}))),
            (std::vector<std::string>{"bob_50%"}));
  // LIKE wildcards in the search are literal.
  EXPECT_EQ(usernames(must(list_holders(db(), staff_, "_50%", PageRequest{}))),
            (std::vector<std::string>{"bob_50%"}));
  EXPECT_EQ(must(list_holders(db(), staff_, "%", PageRequest{})).total, 1);
  auto none = must(list_holders(db(), staff_, "nobody", PageRequest{}));
  EXPECT_EQ(none.total, 0);
  EXPECT_TRUE(none.items.empty());
  EXPECT_EQ(must(list_holders(db(), staff_, "cash", PageRequest{})).total, 0);

  EXPECT_EQ(code_of(list_holders(db(), anna, "", PageRequest{})), ErrorCode::kPermissionDenied);
  EXPECT_EQ(code_of(list_holders(db(), staff_, std::string(151, 'x'), PageRequest{})),
            ErrorCode::kInvalidInput);
  EXPECT_EQ(code_of(list_holders(db(), staff_, "", PageRequest{1, 501})), ErrorCode::kInvalidInput);
}

TEST_P(ReadsTest, GetHolder) {
  domain::Caller anna = add_member("anna");
  domain::Caller bob = add_member("bob");
  auto own = get_holder(db(), anna, *anna.holder_id);
  ASSERT_TRUE(own.ok()) << own.error().message;
  EXPECT_EQ(own->user.id, anna.user_id);
  EXPECT_EQ(own->holder.account_id, account(domain::wallet_account_name(anna.user_id)).id);
  EXPECT_EQ(code_of(get_holder(db(), anna, *bob.holder_id)), ErrorCode::kPermissionDenied);
  EXPECT_TRUE(get_holder(db(), staff_, *bob.holder_id).ok());
  EXPECT_EQ(code_of(get_holder(db(), staff_, 987654)), ErrorCode::kHolderNotFound);
}

TEST_P(ReadsTest, Catalogue) {
  std::int64_t beer = add_product("Beer", 250);
  std::int64_t cola = add_product("Cola", 180);
  std::int64_t old = add_product("Old", 100, /*active=*/false);
  in_tx([&](storage::Transaction& tx) {
    std::int64_t drinks = must(storage::insert_category(tx, "Drinks", "wet"));
    must(storage::insert_category(tx, "Empty", ""));
    must(storage::add_product_to_category(tx, drinks, cola));
    must(storage::add_product_to_category(tx, drinks, beer));
    must(storage::add_product_to_category(tx, drinks, beer));  // idempotent
    must(storage::add_product_to_category(tx, drinks, old));   // filtered out below
    return 0;
  });

  auto products = list_products(db(), ProductFilter::kActive);
  ASSERT_TRUE(products.ok()) << products.error().message;
  ASSERT_EQ(products->size(), 2u);  // the inactive one is not offered
  EXPECT_EQ((*products)[0].name, "Beer");
  EXPECT_EQ((*products)[0].price, Cents(250));
  EXPECT_EQ((*products)[0].color, "#FFFFFF");
  auto inactive = must(list_products(db(), ProductFilter::kInactive));
  ASSERT_EQ(inactive.size(), 1u);
  EXPECT_EQ(inactive[0].id, old);
  EXPECT_FALSE(inactive[0].active);
  EXPECT_EQ(must(get_product(db(), old)).name, "Old");  // still reachable by id
  EXPECT_EQ(code_of(get_product(db(), 987654)), ErrorCode::kProductNotFound);

  // Every change of the catalogue moves its version (database triggers), so caches notice.
  const std::int64_t version = must(catalogue_version(db()));
  CatalogueSnapshot snapshot = must(read_catalogue(db()));
  EXPECT_EQ(snapshot.version, version);
  EXPECT_EQ(snapshot.products.size(), 3u);
  in_tx([&](storage::Transaction& tx) {
    must(storage::set_product_active(tx, old, true));
    return 0;
  });
  const std::int64_t after_product = must(catalogue_version(db()));
  EXPECT_GT(after_product, version);
  in_tx([&](storage::Transaction& tx) {
    must(storage::set_product_active(tx, old, false));
    must(storage::insert_category(tx, "Later", ""));
    return 0;
  });
  EXPECT_GT(must(catalogue_version(db())), after_product);

  auto categories = must(list_categories(db(), ProductFilter::kActive));
  ASSERT_EQ(categories.size(), 3u);
  EXPECT_EQ(categories[0].name, "Drinks");
  ASSERT_EQ(categories[0].products.size(), 2u);
  // A category lists its products in the order they were put in it (migration 0013's position).
  EXPECT_EQ(categories[0].products[0].id, cola);
  EXPECT_EQ(categories[0].products[1].id, beer);
  EXPECT_TRUE(categories[1].products.empty());
  auto inactive_categories = must(list_categories(db(), ProductFilter::kInactive));
  ASSERT_EQ(inactive_categories[0].products.size(), 1u);
  EXPECT_EQ(inactive_categories[0].products[0].id, old);

  domain::Caller member = add_member("member");
  fund(*member.holder_id, 5000);
  SaleRequest r;
  r.input.lines = {{beer, 2}, {cola, 1}, {beer, 3}};
  r.input.balance = true;
  r.input.buyer_holder_id = member.holder_id;
  must(sell(db(), clock_, staff_, r));
  auto quantities = must(quantities_bought(db(), member));
  EXPECT_EQ(quantities, (std::map<std::int64_t, std::int64_t>{{beer, 5}, {cola, 1}}));
  EXPECT_TRUE(must(quantities_bought(db(), staff_)).empty());
}

MAMON_SERVICE_SUITE(ReadsTest);

}  // namespace
}  // namespace mamon::service
