// The catalogue (DESIGN.md §1): products and the categories that group them for the tablet, and
// the stock units products draw from.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/money.h"

namespace mamon::domain {

// The old system's stock units (its inventory UNITS choices). Quantities are stored as exact
// integers in the unit's smallest step, never as floats: liters -> ml, grams -> g, meters -> mm,
// the countable units -> thousandths of a piece.
enum class StockUnit { kUnits, kLiters, kGrams, kMeters, kPieces, kBottles, kPacks, kBags, kBoxes };

inline constexpr std::array<std::string_view, 9> kStockUnitNames = {
    "units", "liters", "grams", "meters", "pieces", "bottles", "packs", "bags", "boxes"};

inline std::string_view stock_unit_name(StockUnit unit) {
  return kStockUnitNames[static_cast<std::size_t>(unit)];
}

// The unit named `name` (exactly as the old system and the database write it); none otherwise.
inline std::optional<StockUnit> parse_stock_unit(std::string_view name) {
  for (std::size_t i = 0; i < kStockUnitNames.size(); ++i) {
    if (kStockUnitNames[i] == name) return static_cast<StockUnit>(i);
  }
  return std::nullopt;
}

// Smallest steps per whole unit: 1000 (ml per liter, mm per meter, thousandths of a piece), or 1
// for grams.
inline constexpr std::int64_t steps_per_unit(StockUnit unit) {
  return unit == StockUnit::kGrams ? 1 : 1000;
}

// Countable units (pieces, bags, ...) measure the same thing; liters, grams and meters each measure
// something else. Quantities convert only between units of one kind.
inline constexpr bool is_countable(StockUnit unit) {
  return unit != StockUnit::kLiters && unit != StockUnit::kGrams && unit != StockUnit::kMeters;
}
inline constexpr bool same_measure(StockUnit a, StockUnit b) {
  return a == b || (is_countable(a) && is_countable(b));
}

struct Product {
  std::int64_t id = 0;
  std::string name;
  Cents price;
  std::string color = "#FFFFFF";  // "#rrggbb"
  bool active = true;
  std::string image;
  // What one item sold draws from stock: units_per_sale smallest steps of stock item
  // master_stock_id (whose unit is stock_unit). Without a stock item the steps count thousandths
  // of a piece (1000 = one unit, the old default).
  std::int64_t units_per_sale = 1000;
  std::optional<std::int64_t> master_stock_id;  // a stock item's id (not a product's)
  std::optional<StockUnit> stock_unit;          // the unit of master_stock_id, read with it
  std::optional<std::string> grootboek_waarde;  // ledger account text for the treasurer

  // `units` as the API shows it: units_per_sale in whole units of the stock's unit (0.25 liter).
  double units() const {
    return static_cast<double>(units_per_sale) /
           static_cast<double>(steps_per_unit(stock_unit.value_or(StockUnit::kUnits)));
  }
};

struct Category {
  std::int64_t id = 0;
  std::string name;
  std::string description;
  std::vector<Product> products;  // in their order within the category (migration 0013)
};

}  // namespace mamon::domain
