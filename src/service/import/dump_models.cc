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
      {"users.personel", Kind::kPersonnel, {"user", "nickname", "image"}, {"active"}},
      {"purchase.product", Kind::kProduct, {"name", "price", "color", "active", "image"}, {}},
      {"inventory.product",
       Kind::kProduct,
       {"name", "price", "color", "active", "image"},
       {"units", "master_stock", "grootboek_waarde"}},
      {"purchase.category", Kind::kCategory, {"name", "description", "products"}, {}},
      {"inventory.category", Kind::kCategory, {"name", "description", "products"}, {}},
      {"purchase.order", Kind::kOrder, {"product", "quantity"}, {}},
      {"inventory.order", Kind::kOrder, {"product", "quantity"}, {}},
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
       {"seller"}},  // older dumps name the personnel `seller`
      {"users.molliepayments",
       Kind::kMolliePayment,
       {"holder", "amount", "date", "comment", "payment_id", "is_paid", "identifier", "payed_on",
        "expiry_date"},
       {}},
      {"inventory.stock", Kind::kStock, {"name", "quantity", "units", "description"}, {}},
      {"inventory.stockmutations",
       Kind::kStockMutation,
       {"stock", "quantity", "comment", "date", "cost"},
       {"units"}},
      // Newest dumps name the card's `user`, older ones its `holder`.
      {"users.card", Kind::kCard, {"card_id", "card_name"}, {"user", "holder"}},
      {"purchase.happen",
       Kind::kMeal,
       {"date", "title", "description", "opening_date", "closing_date", "cost", "max_participants"},
       {}},
      {"purchase.haporder", Kind::kMealOrder, {"happen", "holder", "quantity", "comment"}, {}},
      {"purchase.happayment", Kind::kMealPayment, {"happen", "holder", "quantity"}, {}},
      {"client.clientapplication",
       Kind::kClientApplication,
       {"name", "identifier", "user", "paths"},
       {}},
      {"client.clientapplicationadministrator",
       Kind::kClientAdministrator,
       {"user", "client_application"},
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
  static constexpr std::array<std::string_view, 5> kApps = {
      "admin_interface.", "contenttypes.", "sessions.", "django_celery_beat.", "token_blacklist."};
  if (std::find(kExact.begin(), kExact.end(), label) != kExact.end()) return true;
  return std::any_of(kApps.begin(), kApps.end(),
                     [&](std::string_view app) { return label.starts_with(app); });
}

std::string history_object_label(std::string_view label) {
  constexpr std::string_view kHistorical = "historical";
  const std::size_t dot = label.find('.');
  if (dot == std::string_view::npos) return {};
  const std::string_view model = label.substr(dot + 1);
  if (!model.starts_with(kHistorical) || model.size() == kHistorical.size()) return {};
  std::string object(label.substr(0, dot + 1));
  object.append(model.substr(kHistorical.size()));
  return find_spec(object) != nullptr ? object : std::string();
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
