// Purchases, Mollie payments and wallet upgrades of the import plan (see import_plan.h).
#include <algorithm>
#include <set>

#include "domain/purchases.h"
#include "domain/wallet_upgrades.h"
#include "service/import/field_reader.h"
#include "service/import/import_planner.h"

namespace mamon::service::import {

Status Planner::plan_purchases() {
  std::set<std::int64_t> referenced_orders;
  std::set<std::int64_t> warned_zero_orders;
  for (const DumpPurchase& p : data_.purchases) {
    if (!personnel_.contains(p.seller)) {
      return bad(p, "reference to missing personnel " + std::to_string(p.seller) + " (seller)");
    }
    if (p.buyer && !holders_.contains(*p.buyer)) {
      return bad(p, "reference to missing holder " + std::to_string(*p.buyer) + " (buyer)");
    }
    const int flags = int{p.balance} + int{p.cash} + int{p.pin};
    if (flags > 1) return bad(p, "more than one payment method (balance/cash/pin)");
    domain::PaymentMethod method = domain::PaymentMethod::kUnknown;
    if (p.balance) method = domain::PaymentMethod::kBalance;
    if (p.cash) method = domain::PaymentMethod::kCash;
    if (p.pin) method = domain::PaymentMethod::kPin;
    if (method == domain::PaymentMethod::kBalance && !p.buyer) {
      return bad(p, "a wallet (balance) purchase without buyer");
    }
    if (method == domain::PaymentMethod::kUnknown) ++plan_.counts.purchases_unknown_method;

    storage::ImportPurchaseRow row;
    row.id = *p.pk;
    row.seller_personnel_id = p.seller;
    row.buyer_holder_id = p.buyer;
    row.method = std::string(domain::payment_method_name(method));
    row.created_at_us = p.created_us;
    Cents total;
    std::set<std::int64_t> seen;
    for (std::int64_t order_pk : p.orders) {
      auto order = orders_.find(order_pk);
      if (order == orders_.end())
        return bad(p, "reference to missing order " + std::to_string(order_pk));
      referenced_orders.insert(order_pk);
      if (!seen.insert(order_pk).second) continue;
      const DumpOrder& o = *order->second;
      if (o.quantity == 0) {  // repair (f)
        if (warned_zero_orders.insert(order_pk).second) warn(o, "quantity 0: contributes no line");
        continue;
      }
      // The old system stored no unit price: the snapshot is the product's price in the dump.
      const Cents unit_price = product_price_.at(o.product);
      MAMON_TRY(Cents line_total, unit_price.times(o.quantity));
      MAMON_TRY(total, total.plus(line_total));
      row.lines.push_back({o.product, o.quantity, unit_price.value()});
    }
    row.total_cents = total.value();
    plan_.counts.order_lines += static_cast<std::int64_t>(row.lines.size());
    plan_.batch.purchases.push_back(std::move(row));
  }
  plan_.counts.purchases = static_cast<std::int64_t>(plan_.batch.purchases.size());
  for (const DumpOrder& o : data_.orders) {
    if (referenced_orders.contains(*o.pk)) continue;
    ++plan_.counts.orders_unreferenced;
    warn(o, "no purchase lists this order; it is not imported");
  }
  return ok_status();
}

Status Planner::plan_mollie_payments() {
  std::map<std::string, const DumpMolliePayment*> identifiers;
  std::map<std::string, const DumpMolliePayment*> payment_ids;
  for (const DumpMolliePayment& m : data_.mollie_payments) {
    if (!holders_.contains(m.holder)) {
      return bad(m, "reference to missing holder " + std::to_string(m.holder));
    }
    if (m.amount.value() <= 0) return bad(m, "field 'amount' must be more than 0.00");
    if (auto [it, inserted] = identifiers.emplace(m.identifier, &m); !inserted) {
      return bad(m, "duplicate identifier '" + m.identifier + "' (also " +
                        describe_record(*it->second) + ")");
    }
    if (m.payment_id) {
      if (auto [it, inserted] = payment_ids.emplace(*m.payment_id, &m); !inserted) {
        return bad(m, "duplicate payment_id '" + *m.payment_id + "' (also " +
                          describe_record(*it->second) + ")");
      }
    }
    storage::ImportMolliePaymentRow row;
    row.id = *m.pk;
    row.holder_id = m.holder;
    row.amount_cents = m.amount.value();
    row.mollie_id = m.payment_id;
    row.identifier = m.identifier;
    // The old system kept only is_paid; an unpaid payment past its expiry date can never be paid.
    if (m.is_paid) {
      row.status = "paid";
    } else if (m.expiry_us && *m.expiry_us < now_us_) {
      row.status = "expired";
    } else {
      row.status = "open";
    }
    row.comment = m.comment;
    row.created_at_us = m.date_us;
    row.paid_at_us =
        m.is_paid ? std::optional<TimestampUs>(m.payed_on_us.value_or(m.date_us)) : std::nullopt;
    row.expires_at_us = m.expiry_us;
    plan_.batch.mollie_payments.push_back(std::move(row));
  }
  plan_.counts.mollie_payments = static_cast<std::int64_t>(plan_.batch.mollie_payments.size());
  return ok_status();
}

Status Planner::plan_wallet_upgrades() {
  std::map<std::int64_t, const DumpWalletUpgrade*> by_mollie;
  for (const DumpWalletUpgrade& w : data_.wallet_upgrades) {
    if (!holders_.contains(w.holder)) {
      return bad(w, "reference to missing holder " + std::to_string(w.holder));
    }
    if (w.personnel && !personnel_.contains(*w.personnel)) {
      return bad(w, "reference to missing personnel " + std::to_string(*w.personnel));
    }
    if (w.cash && w.pin) return bad(w, "both cash and pin");
    domain::UpgradeMethod method = domain::UpgradeMethod::kUnknown;
    if (w.cash) method = domain::UpgradeMethod::kCash;
    if (w.pin) method = domain::UpgradeMethod::kPin;
    if (w.mollie_payment) {
      auto payment = mollie_payments_.find(*w.mollie_payment);
      if (payment == mollie_payments_.end()) {
        return bad(w, "reference to missing Mollie payment " + std::to_string(*w.mollie_payment));
      }
      if (w.cash || w.pin) return bad(w, "a Mollie payment together with cash or pin");
      if (w.refund) return bad(w, "a refund cannot reference a Mollie payment");
      if (auto [it, inserted] = by_mollie.emplace(*w.mollie_payment, &w); !inserted) {
        return bad(w, "Mollie payment " + std::to_string(*w.mollie_payment) +
                          " already has a wallet upgrade (" + describe_record(*it->second) + ")");
      }
      method = domain::UpgradeMethod::kMollie;
      if (!payment->second->is_paid) {
        warn(w, "references Mollie payment " + std::to_string(*w.mollie_payment) +
                    ", which is not paid; the upgrade is imported as it is");
      }
      if (payment->second->holder != w.holder) {
        warn(w, "its holder differs from Mollie payment " + std::to_string(*w.mollie_payment) +
                    "'s; the upgrade's holder is credited");
      }
    }
    if (method == domain::UpgradeMethod::kUnknown) ++plan_.counts.wallet_upgrades_unknown_method;
    storage::ImportWalletUpgradeRow row;
    row.id = *w.pk;
    row.holder_id = w.holder;
    row.personnel_id = w.personnel;
    row.amount_cents = w.amount.value();
    row.refund = w.refund;
    row.method = std::string(domain::upgrade_method_name(method));
    row.comment = w.comment;
    row.mollie_payment_id = w.mollie_payment;
    row.created_at_us = w.date_us;
    plan_.batch.wallet_upgrades.push_back(std::move(row));
  }
  // Repair (e): a paid Mollie payment must have exactly one upgrade (INV-5).
  std::int64_t next = std::max(floors_.wallet_upgrades,
                               wallet_upgrades_.empty() ? 0 : wallet_upgrades_.rbegin()->first) +
                      1;
  for (const DumpMolliePayment& m : data_.mollie_payments) {
    if (!m.is_paid || by_mollie.contains(*m.pk)) continue;
    storage::ImportWalletUpgradeRow row;
    row.id = next++;
    row.holder_id = m.holder;
    row.amount_cents = m.amount.value();
    row.method = std::string(domain::upgrade_method_name(domain::UpgradeMethod::kMollie));
    row.comment = "Created by import: paid Mollie payment " + std::to_string(*m.pk) +
                  " had no wallet upgrade";
    row.mollie_payment_id = *m.pk;
    row.created_at_us = m.payed_on_us.value_or(m.date_us);
    warn(m, "paid, but no wallet upgrade references it; created wallet upgrade " +
                std::to_string(row.id) + " (method mollie)");
    plan_.batch.wallet_upgrades.push_back(std::move(row));
    ++plan_.counts.wallet_upgrades_created;
  }
  plan_.counts.wallet_upgrades = static_cast<std::int64_t>(plan_.batch.wallet_upgrades.size());
  return ok_status();
}

}  // namespace mamon::service::import
