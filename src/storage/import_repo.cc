#include "storage/import_repo.h"

#include <array>
#include <map>
#include <set>

#include "domain/accounts.h"

namespace mamon::storage {
namespace {

// Runs one statement; on failure prefixes the database's message with what was being written.
Result<QueryResult> run(Transaction& tx, std::string_view sql, std::initializer_list<Param> params,
                        std::string_view what, std::int64_t id) {
  auto result = tx.query(sql, params);
  if (result) return result;
  Error error = std::move(result).error();
  error.message = "database error while writing " + std::string(what) + " " + std::to_string(id) +
                  ": " + error.message;
  return error;
}

Param opt(const std::optional<std::int64_t>& v) {
  return param_or_null(v);
}
Param opt(const std::optional<std::string>& v) {
  return param_or_null(v);
}

Status insert_groups_and_users(Transaction& tx, const ImportBatch& batch) {
  for (const ImportGroupRow& g : batch.groups) {
    MAMON_RETURN_IF_ERROR(
        run(tx, "INSERT INTO groups (id, name) VALUES ($1, $2)", {g.id, g.name}, "group", g.id));
  }
  for (const ImportUserRow& u : batch.users) {
    MAMON_RETURN_IF_ERROR(run(
        tx,
        "INSERT INTO users (id, username, password_hash, first_name, last_name, email, is_active, "
        "is_superuser, is_staff, is_system, date_joined_at_us, last_login_at_us) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        {u.id, u.username, u.password_hash, u.first_name, u.last_name, u.email, u.is_active,
         u.is_superuser, u.is_staff, u.is_system, u.date_joined_at_us, opt(u.last_login_at_us)},
        "user", u.id));
    for (std::int64_t group_id : u.group_ids) {
      MAMON_RETURN_IF_ERROR(run(tx, "INSERT INTO user_groups (user_id, group_id) VALUES ($1, $2)",
                                {u.id, group_id}, "group link of user", u.id));
    }
  }
  return ok_status();
}

Status insert_holders_and_personnel(Transaction& tx, const ImportBatch& batch) {
  for (const ImportHolderRow& h : batch.holders) {
    MAMON_TRY(QueryResult account,
              run(tx,
                  "INSERT INTO accounts (kind, name, floor_cents, created_at_us) "
                  "VALUES ('wallet', $1, $2, $3) RETURNING id",
                  {domain::wallet_account_name(h.user_id), h.floor_cents, h.created_at_us},
                  "wallet account of holder", h.id));
    MAMON_CHECK(account.rows.size() == 1);
    MAMON_RETURN_IF_ERROR(run(tx,
                              "INSERT INTO holders (id, user_id, account_id, ledenbase_id, image, "
                              "image_ledenbase) VALUES ($1, $2, $3, $4, $5, $6)",
                              {h.id, h.user_id, account.rows[0].get_int(0), opt(h.ledenbase_id),
                               h.image, h.image_ledenbase},
                              "holder", h.id));
  }
  for (const ImportPersonnelRow& p : batch.personnel) {
    MAMON_RETURN_IF_ERROR(run(tx,
                              "INSERT INTO personnel (id, user_id, nickname, image, active) "
                              "VALUES ($1, $2, $3, $4, $5)",
                              {p.id, p.user_id, p.nickname, p.image, p.active}, "personnel", p.id));
  }
  return ok_status();
}

Status insert_products_and_categories(Transaction& tx, const ImportBatch& batch) {
  for (const ImportStockItemRow& s : batch.stock_items) {
    MAMON_RETURN_IF_ERROR(run(tx,
                              "INSERT INTO stock_items (id, name, unit, quantity, description, "
                              "created_at_us) VALUES ($1, $2, $3, $4, $5, $6)",
                              {s.id, s.name, s.unit, s.quantity, s.description, s.created_at_us},
                              "stock item", s.id));
  }
  for (const ImportProductRow& p : batch.products) {
    MAMON_RETURN_IF_ERROR(run(tx,
                              "INSERT INTO products (id, name, price_cents, color, active, image, "
                              "units_per_sale, stock_item_id, grootboek_waarde) "
                              "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                              {p.id, p.name, p.price_cents, p.color, p.active, p.image,
                               p.units_per_sale, opt(p.stock_item_id), opt(p.grootboek_waarde)},
                              "product", p.id));
    // Its price history starts with the imported price (valid_from NULL: the old system kept no
    // history; migration 0013).
    MAMON_RETURN_IF_ERROR(
        run(tx, "INSERT INTO product_prices (product_id, price_cents) VALUES ($1, $2)",
            {p.id, p.price_cents}, "price of product", p.id));
  }
  for (const ImportCategoryRow& c : batch.categories) {
    MAMON_RETURN_IF_ERROR(run(tx,
                              "INSERT INTO categories (id, name, description) VALUES ($1, $2, $3)",
                              {c.id, c.name, c.description}, "category", c.id));
    for (std::int64_t product_id : c.product_ids) {
      MAMON_RETURN_IF_ERROR(
          run(tx, "INSERT INTO category_products (category_id, product_id) VALUES ($1, $2)",
              {c.id, product_id}, "product link of category", c.id));
    }
  }
  return ok_status();
}

Status insert_reports_and_cycles(Transaction& tx, const ImportBatch& batch) {
  for (const ImportReportRow& r : batch.reports) {
    MAMON_RETURN_IF_ERROR(
        run(tx,
            "INSERT INTO reports (id, personnel_id, action, legacy_action, "
            "total_cash_cents, flow_meter1, flow_meter2, comment, imported, "
            "created_at_us) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            {r.id, r.personnel_id, r.action, opt(r.legacy_action), r.total_cash_cents,
             r.flow_meter1, r.flow_meter2, r.comment, true, r.created_at_us},
            "report", r.id));
  }
  for (const ImportBarCycleRow& c : batch.bar_cycles) {
    MAMON_RETURN_IF_ERROR(run(tx,
                              "INSERT INTO bar_cycles (id, opening_report_id, closing_report_id, "
                              "imported) VALUES ($1, $2, $3, $4)",
                              {c.id, c.opening_report_id, opt(c.closing_report_id), true},
                              "bar cycle", c.id));
  }
  // Reports point back at their cycle: set once the cycles exist.
  for (const ImportReportRow& r : batch.reports) {
    if (!r.bar_cycle_id) continue;
    MAMON_RETURN_IF_ERROR(run(tx, "UPDATE reports SET bar_cycle_id = $1 WHERE id = $2",
                              {*r.bar_cycle_id, r.id}, "bar cycle of report", r.id));
  }
  return ok_status();
}

Status insert_money_rows(Transaction& tx, const ImportBatch& batch) {
  for (const ImportMolliePaymentRow& m : batch.mollie_payments) {
    MAMON_RETURN_IF_ERROR(
        run(tx,
            "INSERT INTO mollie_payments (id, holder_id, amount_cents, mollie_id, "
            "identifier, status, comment, created_at_us, paid_at_us, "
            "expires_at_us) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            {m.id, m.holder_id, m.amount_cents, opt(m.mollie_id), m.identifier, m.status, m.comment,
             m.created_at_us, opt(m.paid_at_us), opt(m.expires_at_us)},
            "Mollie payment", m.id));
  }
  for (const ImportWalletUpgradeRow& w : batch.wallet_upgrades) {
    MAMON_RETURN_IF_ERROR(
        run(tx,
            "INSERT INTO wallet_upgrades (id, holder_id, personnel_id, "
            "amount_cents, refund, method, comment, mollie_payment_id, imported, "
            "created_at_us) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            {w.id, w.holder_id, opt(w.personnel_id), w.amount_cents, w.refund, w.method, w.comment,
             opt(w.mollie_payment_id), true, w.created_at_us},
            "wallet upgrade", w.id));
  }
  for (const ImportPurchaseRow& p : batch.purchases) {
    MAMON_RETURN_IF_ERROR(run(tx,
                              "INSERT INTO purchases (id, seller_personnel_id, buyer_holder_id, "
                              "method, total_cents, balance_after_cents, imported, created_at_us) "
                              "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                              {p.id, p.seller_personnel_id, opt(p.buyer_holder_id), p.method,
                               p.total_cents, opt(p.balance_after_cents), true, p.created_at_us},
                              "purchase", p.id));
    for (const ImportOrderLineRow& l : p.lines) {
      // The old system kept no ledger account per line: the snapshot is the product's account
      // in the dump (its products are inserted before the purchases), as for the unit price.
      MAMON_RETURN_IF_ERROR(run(tx,
                                "INSERT INTO order_lines (purchase_id, product_id, quantity, "
                                "unit_price_cents, ledger_account) VALUES ($1, $2, $3, $4, "
                                "COALESCE((SELECT grootboek_waarde FROM products WHERE id = $2), "
                                "''))",
                                {p.id, l.product_id, l.quantity, l.unit_price_cents},
                                "order line of purchase", p.id));
    }
  }
  return ok_status();
}

Status insert_stock_mutations_and_cards(Transaction& tx, const ImportBatch& batch) {
  for (const ImportStockMutationRow& m : batch.stock_mutations) {
    MAMON_RETURN_IF_ERROR(
        run(tx,
            "INSERT INTO stock_mutations (id, stock_item_id, kind, quantity_delta, "
            "reason, cost_cents, imported, created_at_us) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            {m.id, m.stock_item_id, m.kind, m.quantity_delta, m.reason, opt(m.cost_cents),
             m.imported, m.created_at_us},
            "stock mutation", m.id));
  }
  for (const ImportCardRow& c : batch.cards) {
    MAMON_RETURN_IF_ERROR(run(tx,
                              "INSERT INTO cards (id, card_id, card_name, user_id, created_at_us) "
                              "VALUES ($1, $2, $3, $4, $5)",
                              {c.id, c.card_id, c.card_name, c.user_id, c.created_at_us}, "card",
                              c.id));
  }
  return ok_status();
}

Status insert_meals(Transaction& tx, const ImportBatch& batch) {
  for (const ImportMealRow& m : batch.meals) {
    MAMON_RETURN_IF_ERROR(run(
        tx,
        "INSERT INTO meals (id, title, description, meal_at_us, signup_opens_at_us, "
        "signup_closes_at_us, cost_per_portion_cents, participants_max, imported, "
        "created_at_us) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        {m.id, m.title, m.description, m.meal_at_us, m.signup_opens_at_us, m.signup_closes_at_us,
         m.cost_per_portion_cents, m.participants_max, true, m.created_at_us},
        "meal", m.id));
    for (const ImportMealSignupRow& s : m.signups) {
      MAMON_RETURN_IF_ERROR(run(
          tx,
          "INSERT INTO meal_signups (id, meal_id, holder_id, portions, "
          "comment, paid_in_old_system, created_at_us) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7)",
          {s.id, m.id, s.holder_id, s.portions, s.comment, s.paid_in_old_system, s.created_at_us},
          "meal sign-up", s.id));
    }
  }
  return ok_status();
}

Status insert_client_applications_and_history(Transaction& tx, const ImportBatch& batch) {
  for (const ImportClientApplicationRow& c : batch.client_applications) {
    MAMON_RETURN_IF_ERROR(run(tx,
                              "INSERT INTO client_applications (id, identifier, name, user_id, "
                              "created_at_us) VALUES ($1, $2, $3, $4, $5)",
                              {c.id, c.identifier, c.name, c.user_id, c.created_at_us},
                              "client application", c.id));
    for (std::size_t i = 0; i < c.paths.size(); ++i) {
      MAMON_RETURN_IF_ERROR(run(tx,
                                "INSERT INTO client_application_paths (client_application_id, "
                                "position, pattern) VALUES ($1, $2, $3)",
                                {c.id, static_cast<std::int64_t>(i), c.paths[i]},
                                "path of client application", c.id));
    }
    for (std::int64_t user_id : c.administrator_ids) {
      MAMON_RETURN_IF_ERROR(run(tx,
                                "INSERT INTO client_application_administrators "
                                "(client_application_id, user_id) VALUES ($1, $2)",
                                {c.id, user_id}, "administrator of client application", c.id));
    }
  }
  std::int64_t n = 0;
  for (const ImportAuditRow& a : batch.audit_entries) {
    ++n;
    MAMON_RETURN_IF_ERROR(
        run(tx,
            "INSERT INTO audit_log (user_id, action, object_type, object_id, "
            "detail, created_at_us) VALUES ($1, $2, $3, $4, $5, $6)",
            {opt(a.user_id), a.action, a.object_type, a.object_id, a.detail, a.created_at_us},
            "audit entry number", n));
  }
  return ok_status();
}

Result<std::int64_t> account_id(Transaction& tx, std::map<std::string, std::int64_t>& cache,
                                const std::string& name) {
  if (auto it = cache.find(name); it != cache.end()) return it->second;
  MAMON_TRY(QueryResult found, tx.query("SELECT id FROM accounts WHERE name = $1", {name}));
  if (found.rows.empty()) {
    return make_error(ErrorCode::kInternal, "import: account '" + name + "' does not exist");
  }
  const std::int64_t id = found.rows[0].get_int(0);
  cache.emplace(name, id);
  return id;
}

Status insert_transfers(Transaction& tx, const ImportBatch& batch) {
  std::map<std::string, std::int64_t> ids;
  std::set<std::int64_t> touched;
  std::int64_t n = 0;
  for (const ImportTransferRow& t : batch.transfers) {
    ++n;
    MAMON_TRY(std::int64_t debit, account_id(tx, ids, t.debit_account));
    MAMON_TRY(std::int64_t credit, account_id(tx, ids, t.credit_account));
    MAMON_RETURN_IF_ERROR(run(tx,
                              "INSERT INTO transfers (debit_account_id, credit_account_id, "
                              "amount_cents, kind, purchase_id, wallet_upgrade_id, created_at_us) "
                              "VALUES ($1, $2, $3, $4, $5, $6, $7)",
                              {debit, credit, t.amount_cents, t.kind, opt(t.purchase_id),
                               opt(t.wallet_upgrade_id), t.created_at_us},
                              "transfer number", n));
    touched.insert(debit);
    touched.insert(credit);
  }
  // INV-1: the caches are recomputed from the transfers, so earlier (live) transfers of the
  // system accounts are counted too. One statement per account keeps a wallet's floor CHECK
  // evaluated on its final debits and credits together.
  for (std::int64_t id : touched) {
    MAMON_RETURN_IF_ERROR(
        run(tx,
            "UPDATE accounts SET "
            "debits_cents = (SELECT COALESCE(SUM(amount_cents), 0) FROM transfers "
            "WHERE debit_account_id = $1), "
            "credits_cents = (SELECT COALESCE(SUM(amount_cents), 0) FROM transfers "
            "WHERE credit_account_id = $1) WHERE id = $1",
            {id}, "cached sums of account", id));
  }
  return ok_status();
}

Result<std::int64_t> max_id(Transaction& tx, std::string_view sql) {
  MAMON_TRY(QueryResult r, tx.query(sql));
  if (r.rows.empty() || r.rows[0].is_null(0)) return std::int64_t{0};
  return r.rows[0].get_int(0);
}

}  // namespace

Status insert_import_batch(Transaction& tx, const ImportBatch& batch) {
  MAMON_RETURN_IF_ERROR(insert_groups_and_users(tx, batch));
  MAMON_RETURN_IF_ERROR(insert_holders_and_personnel(tx, batch));
  MAMON_RETURN_IF_ERROR(insert_products_and_categories(tx, batch));
  MAMON_RETURN_IF_ERROR(insert_reports_and_cycles(tx, batch));
  MAMON_RETURN_IF_ERROR(insert_money_rows(tx, batch));
  MAMON_RETURN_IF_ERROR(insert_stock_mutations_and_cards(tx, batch));
  MAMON_RETURN_IF_ERROR(insert_meals(tx, batch));
  MAMON_RETURN_IF_ERROR(insert_client_applications_and_history(tx, batch));
  return insert_transfers(tx, batch);
}

Result<bool> remove_unreferenced_system_users(Transaction& tx) {
  // One statement counting every row that points at a system user, its holder or its wallet.
  MAMON_TRY(
      QueryResult refs,
      tx.query("SELECT "
               "(SELECT COUNT(*) FROM cards WHERE user_id IN (SELECT id FROM users WHERE is_system "
               "= $1)) + "
               "(SELECT COUNT(*) FROM personnel WHERE user_id IN (SELECT id FROM users WHERE "
               "is_system = $1)) + "
               "(SELECT COUNT(*) FROM user_groups WHERE user_id IN (SELECT id FROM users WHERE "
               "is_system = $1)) + "
               "(SELECT COUNT(*) FROM client_applications WHERE user_id IN (SELECT id FROM users "
               "WHERE is_system = $1)) + "
               "(SELECT COUNT(*) FROM refresh_tokens WHERE user_id IN (SELECT id FROM users WHERE "
               "is_system = $1)) + "
               "(SELECT COUNT(*) FROM web_sessions WHERE user_id IN (SELECT id FROM users WHERE "
               "is_system = $1)) + "
               "(SELECT COUNT(*) FROM idempotency_keys WHERE user_id IN (SELECT id FROM users "
               "WHERE is_system = $1)) + "
               "(SELECT COUNT(*) FROM audit_log WHERE user_id IN (SELECT id FROM users WHERE "
               "is_system = $1)) + "
               "(SELECT COUNT(*) FROM stock_mutations WHERE user_id IN (SELECT id FROM users "
               "WHERE is_system = $1)) + "
               "(SELECT COUNT(*) FROM client_application_administrators WHERE user_id IN (SELECT "
               "id FROM users WHERE is_system = $1)) + "
               "(SELECT COUNT(*) FROM meal_signups WHERE holder_id IN (SELECT h.id FROM holders "
               "h JOIN users u ON u.id = h.user_id WHERE u.is_system = $1)) + "
               "(SELECT COUNT(*) FROM purchases WHERE buyer_holder_id IN (SELECT h.id FROM holders "
               "h JOIN users u ON u.id = h.user_id WHERE u.is_system = $1)) + "
               "(SELECT COUNT(*) FROM wallet_upgrades WHERE holder_id IN (SELECT h.id FROM holders "
               "h JOIN users u ON u.id = h.user_id WHERE u.is_system = $1)) + "
               "(SELECT COUNT(*) FROM mollie_payments WHERE holder_id IN (SELECT h.id FROM holders "
               "h JOIN users u ON u.id = h.user_id WHERE u.is_system = $1)) + "
               "(SELECT COUNT(*) FROM transfers WHERE debit_account_id IN (SELECT h.account_id "
               "FROM holders h JOIN users u ON u.id = h.user_id WHERE u.is_system = $1) "
               "OR credit_account_id IN (SELECT h.account_id FROM holders h JOIN users u ON u.id = "
               "h.user_id WHERE u.is_system = $1))",
               {true}));
  if (refs.rows.at(0).get_int(0) != 0) return false;
  MAMON_TRY(QueryResult users, tx.query("SELECT id FROM users WHERE is_system = $1", {true}));
  for (const Row& row : users.rows) {
    const std::int64_t user_id = row.get_int(0);
    MAMON_RETURN_IF_ERROR(run(tx, "DELETE FROM holders WHERE user_id = $1", {user_id},
                              "(removing) holder of system user", user_id));
    MAMON_RETURN_IF_ERROR(run(tx, "DELETE FROM accounts WHERE name = $1",
                              {domain::wallet_account_name(user_id)},
                              "(removing) wallet of system user", user_id));
    MAMON_RETURN_IF_ERROR(
        run(tx, "DELETE FROM users WHERE id = $1", {user_id}, "(removing) system user", user_id));
  }
  return true;
}

Result<ImportIdFloors> import_id_floors(Transaction& tx) {
  ImportIdFloors floors;
  MAMON_TRY(floors.users, max_id(tx, "SELECT MAX(id) FROM users"));
  MAMON_TRY(floors.groups, max_id(tx, "SELECT MAX(id) FROM groups"));
  MAMON_TRY(floors.holders, max_id(tx, "SELECT MAX(id) FROM holders"));
  MAMON_TRY(floors.personnel, max_id(tx, "SELECT MAX(id) FROM personnel"));
  MAMON_TRY(floors.products, max_id(tx, "SELECT MAX(id) FROM products"));
  MAMON_TRY(floors.categories, max_id(tx, "SELECT MAX(id) FROM categories"));
  MAMON_TRY(floors.purchases, max_id(tx, "SELECT MAX(id) FROM purchases"));
  MAMON_TRY(floors.reports, max_id(tx, "SELECT MAX(id) FROM reports"));
  MAMON_TRY(floors.bar_cycles, max_id(tx, "SELECT MAX(id) FROM bar_cycles"));
  MAMON_TRY(floors.wallet_upgrades, max_id(tx, "SELECT MAX(id) FROM wallet_upgrades"));
  MAMON_TRY(floors.mollie_payments, max_id(tx, "SELECT MAX(id) FROM mollie_payments"));
  MAMON_TRY(floors.stock_items, max_id(tx, "SELECT MAX(id) FROM stock_items"));
  MAMON_TRY(floors.stock_mutations, max_id(tx, "SELECT MAX(id) FROM stock_mutations"));
  MAMON_TRY(floors.cards, max_id(tx, "SELECT MAX(id) FROM cards"));
  MAMON_TRY(floors.meals, max_id(tx, "SELECT MAX(id) FROM meals"));
  MAMON_TRY(floors.meal_signups, max_id(tx, "SELECT MAX(id) FROM meal_signups"));
  MAMON_TRY(floors.client_applications, max_id(tx, "SELECT MAX(id) FROM client_applications"));
  MAMON_TRY(QueryResult groups, tx.query("SELECT id, name FROM groups"));
  for (const Row& row : groups.rows) floors.existing_groups[row.get_text(1)] = row.get_int(0);
  return floors;
}

Result<bool> has_user_data(Transaction& tx) {
  MAMON_TRY(QueryResult r, tx.query("SELECT (SELECT COUNT(*) FROM users WHERE NOT is_system) + "
                                    "(SELECT COUNT(*) FROM products)"));
  return r.rows.at(0).get_int(0) > 0;
}

Result<std::vector<std::pair<std::string, std::int64_t>>> count_import_tables(Transaction& tx) {
  // Fixed statements (table names cannot be parameters); the list is every table an import writes.
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 26> kCounts = {{
      {"users", "SELECT COUNT(*) FROM users"},
      {"groups", "SELECT COUNT(*) FROM groups"},
      {"user_groups", "SELECT COUNT(*) FROM user_groups"},
      {"accounts", "SELECT COUNT(*) FROM accounts"},
      {"holders", "SELECT COUNT(*) FROM holders"},
      {"personnel", "SELECT COUNT(*) FROM personnel"},
      {"products", "SELECT COUNT(*) FROM products"},
      {"categories", "SELECT COUNT(*) FROM categories"},
      {"category_products", "SELECT COUNT(*) FROM category_products"},
      {"product_prices", "SELECT COUNT(*) FROM product_prices"},
      {"purchases", "SELECT COUNT(*) FROM purchases"},
      {"order_lines", "SELECT COUNT(*) FROM order_lines"},
      {"reports", "SELECT COUNT(*) FROM reports"},
      {"bar_cycles", "SELECT COUNT(*) FROM bar_cycles"},
      {"wallet_upgrades", "SELECT COUNT(*) FROM wallet_upgrades"},
      {"mollie_payments", "SELECT COUNT(*) FROM mollie_payments"},
      {"transfers", "SELECT COUNT(*) FROM transfers"},
      {"stock_items", "SELECT COUNT(*) FROM stock_items"},
      {"stock_mutations", "SELECT COUNT(*) FROM stock_mutations"},
      {"cards", "SELECT COUNT(*) FROM cards"},
      {"meals", "SELECT COUNT(*) FROM meals"},
      {"meal_signups", "SELECT COUNT(*) FROM meal_signups"},
      {"client_applications", "SELECT COUNT(*) FROM client_applications"},
      {"client_application_paths", "SELECT COUNT(*) FROM client_application_paths"},
      {"client_application_administrators",
       "SELECT COUNT(*) FROM client_application_administrators"},
      {"audit_log", "SELECT COUNT(*) FROM audit_log"},
  }};
  std::vector<std::pair<std::string, std::int64_t>> out;
  for (const auto& [table, sql] : kCounts) {
    MAMON_TRY(QueryResult r, tx.query(sql));
    out.emplace_back(std::string(table), r.rows.at(0).get_int(0));
  }
  return out;
}

Result<std::optional<std::int64_t>> holder_balance_cents(Transaction& tx, std::int64_t holder_id) {
  MAMON_TRY(QueryResult r, tx.query("SELECT a.credits_cents - a.debits_cents FROM holders h "
                                    "JOIN accounts a ON a.id = h.account_id WHERE h.id = $1",
                                    {holder_id}));
  if (r.rows.empty()) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>(r.rows[0].get_int(0));
}

Result<std::optional<std::string>> user_password_hash(Transaction& tx, std::string_view username) {
  MAMON_TRY(QueryResult r, tx.query("SELECT password_hash FROM users WHERE username = $1",
                                    {std::string(username)}));
  if (r.rows.empty()) return std::optional<std::string>();
  return std::optional<std::string>(r.rows[0].get_text(0));
}

Status refresh_planner_statistics(Transaction& tx) {
  MAMON_TRY(QueryResult analyzed, tx.query("ANALYZE"));
  (void)analyzed;
  return ok_status();
}

}  // namespace mamon::storage
