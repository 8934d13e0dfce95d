#include "service/import/dump_models.h"

#include <algorithm>
#include <array>

namespace mamon::service::import {

const std::vector<ModelSpec>& model_specs() {
  static const std::vector<ModelSpec> specs = {
      {"auth.group", Kind::kGroup, {"name", "permissions"}, {}},
      {"auth.user",
       Kind::kUser,
       {"password", "last_login", "is_superuser", "username", "first_name", "last_name", "email",
        "is_staff", "is_active", "date_joined", "groups", "user_permissions"},
       {}},
      {"users.holder",
       Kind::kHolder,
       {"user", "stand", "ledenbase_id", "image", "image_ledenbase"},
       {}},
      {"users.personel", Kind::kPersonnel, {"user", "nickname", "image"}, {}},
      {"purchase.product", Kind::kProduct, {"name", "price", "color", "active", "image"}, {}},
      {"inventory.product",
       Kind::kProduct,
       {"name", "price", "color", "active", "image"},
       {"units", "master_stock", "grootboek_waarde", "stock"}},
      {"purchase.category", Kind::kCategory, {"name", "description", "products"}, {}},
      {"inventory.category", Kind::kCategory, {"name", "description", "products"}, {}},
      {"purchase.order", Kind::kOrder, {"product", "quantity"}, {}},
      {"purchase.purchase",
       Kind::kPurchase,
       {"buyer", "seller", "balance", "cash", "pin", "created", "remaining_after_purchase",
        "orders"},
       {}},
      {"purchase.report",
       Kind::kReport,
       {"date", "personel", "action", "total_cash", "flow_meter1", "flow_meter2", "comment"},
       {}},
      {"purchase.barcycle", Kind::kBarCycle, {"opening_report", "closing_report"}, {}},
      {"users.walletupgrades",
       Kind::kWalletUpgrade,
       {"holder", "personel", "amount", "refund", "date", "comment", "cash", "pin",
        "molliePayment"},
       {}},
      {"users.molliepayments",
       Kind::kMolliePayment,
       {"holder", "amount", "date", "comment", "payment_id", "is_paid", "identifier", "payed_on",
        "expiry_date"},
       {}},
  };
  return specs;
}

bool is_skipped_label(std::string_view label) {
  static constexpr std::array<std::string_view, 6> kExact = {"auth.permission",
                                                             "admin.logentry",
                                                             "sites.site",
                                                             "authtoken.token",
                                                             "token_blacklist.outstandingtoken",
                                                             "token_blacklist.blacklistedtoken"};
  static constexpr std::array<std::string_view, 4> kApps = {"admin_interface.", "contenttypes.",
                                                            "sessions.", "django_celery_beat."};
  if (std::find(kExact.begin(), kExact.end(), label) != kExact.end()) return true;
  return std::any_of(kApps.begin(), kApps.end(),
                     [&](std::string_view app) { return label.starts_with(app); });
}

const ModelSpec* find_spec(std::string_view label) {
  for (const ModelSpec& spec : model_specs()) {
    if (spec.label == label) return &spec;
  }
  return nullptr;
}

const ModelSpec* match_field_set(const std::set<std::string>& names) {
  const ModelSpec* found = nullptr;
  for (const ModelSpec& spec : model_specs()) {
    std::set<std::string> plain(spec.fields.begin(), spec.fields.end());
    std::set<std::string> full = plain;
    full.insert(spec.optional_fields.begin(), spec.optional_fields.end());
    if (names != plain && names != full) continue;
    if (found != nullptr && found->kind != spec.kind) return nullptr;  // ambiguous
    if (found == nullptr) found = &spec;
  }
  return found;
}

}  // namespace mamon::service::import
