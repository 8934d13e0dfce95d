// The old system's models as the importer knows them: which labels are imported (and as what),
// each label's complete field set (for repair rule (a)), and which labels are skipped.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace mamon::service::import {

// What an imported record becomes.
enum class Kind {
  kGroup,
  kUser,
  kHolder,
  kPersonnel,
  kProduct,
  kCategory,
  kOrder,
  kPurchase,
  kReport,
  kBarCycle,
  kWalletUpgrade,
  kMolliePayment,
  kStock,
  kStockMutation,
  kCard,
  kMeal,
  kMealOrder,
  kMealPayment,
  kClientApplication,
  kClientAdministrator,
};

// An imported model: its label, what it becomes, its complete field set in the old system (the
// set repair rule (a) compares against) and the fields inventory.* may add.
struct ModelSpec {
  std::string_view label;
  Kind kind;
  std::vector<std::string_view> fields;
  std::vector<std::string_view> optional_fields;
};

// Every imported label (purchase.* and inventory.* products/categories both included).
const std::vector<ModelSpec>& model_specs();

// The spec of `label`; null when the label is not imported.
const ModelSpec* find_spec(std::string_view label);

// For a simple_history label (`<app>.historical<model>`) whose model is imported: that model's
// label ("inventory.product" for "inventory.historicalproduct"); empty otherwise. History of a
// model Mamon does not import is an unknown model like any other.
std::string history_object_label(std::string_view label);

// True for models of Django and its add-ons that hold nothing Mamon keeps (auth.permission,
// admin.logentry, admin_interface.*, contenttypes.*, sessions.*, ...): counted, then dropped.
bool is_skipped_label(std::string_view label);

// Repair rule (a): the one imported kind whose complete field set (with or without its optional
// extras) equals `names`; null when none or several kinds match.
const ModelSpec* match_field_set(const std::set<std::string>& names);

}  // namespace mamon::service::import
