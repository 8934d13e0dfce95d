// Flow meters against sales (issue 12) on both databases: the settings (permission, checks,
// audit) and a bar cycle's poured, sold and shrinkage figures against hand-computed values.
#include "service/flow_meters_service.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "service/purchases_service.h"
#include "service/reports_service.h"
#include "service/service_test_fixture.h"
#include "service/stock_service.h"
#include "service/void_service.h"

namespace mamon::service {
namespace {

using testing::code_of;
using testing::must;

class FlowMetersTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    board_ = add_user("boardmember", false, {"Bestuur"});
    audit_committee_ = add_user("kascommissie", false, {"Kascommissie"});
    staff_ = add_staff("tapper");
    keg_ = must(create_stock_item(db(), clock_, board_, {"Pils keg", "liters", ""}));
    wine_ = must(create_stock_item(db(), clock_, board_, {"Wine", "liters", ""}));
    crisps_ = must(create_stock_item(db(), clock_, board_, {"Crisps", "bags", ""}));
    glass_ = add_stocked_product("Glass of pils", 250, keg_, 250);        // 0.25 l
    pitcher_ = add_stocked_product("Pitcher of pils", 1200, keg_, 1500);  // 1.5 l
    wine_glass_ = add_stocked_product("Glass of wine", 300, wine_, 150);  // 0.15 l
  }
  void TearDown() override {
    set_flow_shrinkage_warn_percent(kFlowShrinkageWarnPercentDefault);
    ServiceTest::TearDown();
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

  std::int64_t sell_cash(std::vector<domain::OrderLineInput> lines) {
    clock_.advance_us(60'000'000);
    SaleRequest request;
    request.input.lines = std::move(lines);
    request.input.cash = true;
    return must(sell(db(), clock_, staff_, request)).view.purchase.id;
  }

  FiledReport report(std::string action, std::int64_t meter1, std::int64_t meter2) {
    clock_.advance_us(60'000'000);
    ReportRequest r;
    r.action = std::move(action);
    r.total_cash = Cents(0);
    r.flow_meter1 = meter1;
    r.flow_meter2 = meter2;
    return must(file_report(db(), clock_, staff_, r));
  }

  Status configure(std::int64_t meter, std::string stock_item_id, std::string readings) {
    return set_flow_meter(db(), clock_, board_, meter,
                          {std::move(stock_item_id), std::move(readings)});
  }

  std::int64_t audit_rows() {
    return in_tx([&](storage::Transaction& tx) {
      return must(tx.query("SELECT COUNT(*) FROM audit_log WHERE action = 'set_flow_meter'"))
          .rows.at(0)
          .get_int(0);
    });
  }

  domain::Caller board_, audit_committee_, staff_;
  std::int64_t keg_ = 0, wine_ = 0, crisps_ = 0;
  std::int64_t glass_ = 0, pitcher_ = 0, wine_glass_ = 0;
};

TEST_P(FlowMetersTest, SettingsAreSavedListedClearedAndAudited) {
  std::vector<FlowMeter> meters = must(list_flow_meters(db(), board_));
  ASSERT_EQ(meters.size(), 2u);
  EXPECT_EQ(meters[0].meter, 1);
  EXPECT_FALSE(meters[0].setting.has_value());
  EXPECT_FALSE(meters[1].setting.has_value());

  must(configure(1, " " + std::to_string(keg_) + " ", " 400 "));
  must(configure(2, std::to_string(wine_), "1000000"));
  meters = must(list_flow_meters(db(), board_));
  ASSERT_TRUE(meters[0].setting.has_value());
  EXPECT_EQ(meters[0].setting->stock_item_id, keg_);
  EXPECT_EQ(meters[0].setting->stock_item_name, "Pils keg");
  EXPECT_EQ(meters[0].setting->readings_per_litre, 400);
  EXPECT_EQ(meters[0].setting->updated_at_us, clock_.now_us());
  ASSERT_TRUE(meters[1].setting.has_value());
  EXPECT_EQ(meters[1].setting->readings_per_litre, 1'000'000);
  EXPECT_EQ(audit_rows(), 2);

  must(configure(1, std::to_string(keg_), "400"));  // unchanged: nothing written
  EXPECT_EQ(audit_rows(), 2);

  must(configure(2, "", "ignored"));  // not configured any more
  meters = must(list_flow_meters(db(), board_));
  EXPECT_TRUE(meters[0].setting.has_value());
  EXPECT_FALSE(meters[1].setting.has_value());
  EXPECT_EQ(audit_rows(), 3);
  nlohmann::json detail = nlohmann::json::parse(in_tx([&](storage::Transaction& tx) {
    return must(tx.query("SELECT detail FROM audit_log WHERE action = 'set_flow_meter' "
                         "AND object_type = 'flow_meter' AND object_id = '2' ORDER BY id DESC"))
        .rows.at(0)
        .get_text(0);
  }));
  EXPECT_EQ(detail["before"]["stock_item"], wine_);
  EXPECT_EQ(detail["before"]["readings_per_litre"], 1'000'000);
  EXPECT_TRUE(detail["after"].is_null());
}

TEST_P(FlowMetersTest, OnlyTheBoardReadsAndChangesTheSettings) {
  for (const domain::Caller* caller : {&staff_, &audit_committee_}) {
    EXPECT_EQ(code_of(list_flow_meters(db(), *caller)), ErrorCode::kPermissionDenied);
    Status denied = set_flow_meter(db(), clock_, *caller, 1, {std::to_string(keg_), "400"});
    ASSERT_FALSE(denied.ok());
    EXPECT_EQ(denied.error().code, ErrorCode::kPermissionDenied);
  }
  EXPECT_EQ(audit_rows(), 0);
}

TEST_P(FlowMetersTest, BadInputIsRefusedWithItsField) {
  EXPECT_EQ(configure(0, std::to_string(keg_), "400").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(configure(3, std::to_string(keg_), "400").error().code, ErrorCode::kNotFound);
  for (std::string bad :
       {std::to_string(crisps_), std::string("999"), std::string("keg"), std::string("1.5")}) {
    Status refused = configure(1, bad, "400");
    ASSERT_FALSE(refused.ok()) << bad;
    EXPECT_EQ(refused.error().code, ErrorCode::kInvalidInput) << bad;
    EXPECT_EQ(refused.error().field, "stock_item_id") << bad;
  }
  for (std::string bad : {"0", "-4", "1000001", "", "4.5", "many"}) {
    Status refused = configure(1, std::to_string(keg_), bad);
    ASSERT_FALSE(refused.ok()) << bad;
    EXPECT_EQ(refused.error().code, ErrorCode::kInvalidInput) << bad;
    EXPECT_EQ(refused.error().field, "readings_per_litre") << bad;
  }
  EXPECT_FALSE(must(list_flow_meters(db(), board_))[0].setting.has_value());
  EXPECT_EQ(audit_rows(), 0);
}

// Meter 1 pours the pils keg at 400 readings per litre; meter 2 is not configured.
//   sold before the opening: 1 glass (not in the cycle)
//   in the cycle: 3 glasses + 1 pitcher = 3 x 250 + 1500 = 2250 ml, a wine glass (other item),
//                 and 2 glasses voided (left out)
//   meter 1: 10000 -> 11000 = 1000 readings / 400 per litre = 2500 ml poured
//   shrinkage 2500 - 2250 = 250 ml = 250 / 2500 = 10.00 % = 1000 basis points: not above 10 %
TEST_P(FlowMetersTest, ACycleComparesPouredWithSoldLitres) {
  must(configure(1, std::to_string(keg_), "400"));
  sell_cash({{glass_, 1}});
  FiledReport opened = report("open", 10'000, 500);
  sell_cash({{glass_, 3}, {pitcher_, 1}});
  sell_cash({{wine_glass_, 1}});
  const std::int64_t voided = sell_cash({{glass_, 2}});
  must(void_purchase(db(), clock_, board_, {voided, "wrong order"}));
  report("close", 11'000, 730);

  BarCycleView view = must(get_bar_cycle(db(), clock_, staff_, opened.cycle.id));
  const CycleFlowMeters& flow = view.flow_meters;
  EXPECT_EQ(flow.warn_percent, 10);
  ASSERT_EQ(flow.meters.size(), 2u);
  const CycleFlowMeter& m1 = flow.meters[0];
  EXPECT_EQ(m1.meter, 1);
  ASSERT_TRUE(m1.setting.has_value());
  EXPECT_EQ(m1.setting->stock_item_name, "Pils keg");
  EXPECT_EQ(m1.opening_reading, 10'000);
  EXPECT_EQ(m1.closing_reading, 11'000);
  EXPECT_EQ(m1.delta, 1'000);
  EXPECT_FALSE(m1.went_backwards);
  ASSERT_TRUE(m1.shrinkage.has_value());
  EXPECT_EQ(m1.shrinkage->poured_ml, 2'500);
  EXPECT_EQ(m1.shrinkage->sold_ml, 2'250);
  EXPECT_EQ(m1.shrinkage->shrinkage_ml, 250);
  EXPECT_EQ(m1.shrinkage->shrinkage_basis_points, 1'000);
  EXPECT_FALSE(m1.shrinkage->flagged);

  const CycleFlowMeter& m2 = flow.meters[1];  // not configured: the raw delta only
  EXPECT_EQ(m2.meter, 2);
  EXPECT_FALSE(m2.setting.has_value());
  EXPECT_EQ(m2.opening_reading, 500);
  EXPECT_EQ(m2.closing_reading, 730);
  EXPECT_EQ(m2.delta, 230);
  EXPECT_FALSE(m2.shrinkage.has_value());

  // The same cycle with a lower threshold: 10 % is above 9 %.
  set_flow_shrinkage_warn_percent(9);
  view = must(get_bar_cycle(db(), clock_, staff_, opened.cycle.id));
  EXPECT_EQ(view.flow_meters.warn_percent, 9);
  EXPECT_TRUE(view.flow_meters.meters[0].shrinkage->flagged);
}

// Meter 2 pours wine at 3 readings per litre: 0 -> 10 = 10000 / 3 = 3333.3 ml, rounded 3333;
// nothing sold: shrinkage 3333 ml = 100 %, flagged. More sold than poured is negative shrinkage.
TEST_P(FlowMetersTest, RoundingNothingSoldAndMoreSoldThanPoured) {
  must(configure(1, std::to_string(keg_), "1000"));
  must(configure(2, std::to_string(wine_), "3"));
  FiledReport opened = report("open", 0, 0);
  sell_cash({{pitcher_, 2}});  // 3000 ml of pils
  report("close", 2'000, 10);  // meter 1: 2000 ml poured

  BarCycleView view = must(get_bar_cycle(db(), clock_, board_, opened.cycle.id));
  const domain::FlowShrinkage& pils = *view.flow_meters.meters[0].shrinkage;
  EXPECT_EQ(pils.poured_ml, 2'000);
  EXPECT_EQ(pils.sold_ml, 3'000);
  EXPECT_EQ(pils.shrinkage_ml, -1'000);
  EXPECT_EQ(pils.shrinkage_basis_points, -5'000);
  EXPECT_FALSE(pils.flagged);
  const domain::FlowShrinkage& wine = *view.flow_meters.meters[1].shrinkage;
  EXPECT_EQ(wine.poured_ml, 3'333);
  EXPECT_EQ(wine.sold_ml, 0);
  EXPECT_EQ(wine.shrinkage_ml, 3'333);
  EXPECT_EQ(wine.shrinkage_basis_points, 10'000);
  EXPECT_TRUE(wine.flagged);
}

TEST_P(FlowMetersTest, AnOpenCycleAndAMeterThatWentBackwards) {
  must(configure(1, std::to_string(keg_), "400"));
  FiledReport opened = report("open", 5'000, 0);
  sell_cash({{glass_, 1}});
  BarCycleView open = must(get_bar_cycle(db(), clock_, staff_, opened.cycle.id));
  const CycleFlowMeter& m1 = open.flow_meters.meters[0];
  EXPECT_EQ(m1.opening_reading, 5'000);
  EXPECT_FALSE(m1.closing_reading.has_value());
  EXPECT_FALSE(m1.delta.has_value());
  EXPECT_FALSE(m1.shrinkage.has_value());

  report("close", 100, 0);  // the meter was reset during the evening
  BarCycleView closed = must(get_bar_cycle(db(), clock_, staff_, opened.cycle.id));
  EXPECT_EQ(closed.flow_meters.meters[0].delta, -4'900);
  EXPECT_TRUE(closed.flow_meters.meters[0].went_backwards);
  EXPECT_FALSE(closed.flow_meters.meters[0].shrinkage.has_value());
}

MAMON_SERVICE_SUITE(FlowMetersTest);

}  // namespace
}  // namespace mamon::service
