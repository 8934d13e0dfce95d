// The raw-SQLite anchor of the benchmark: runs exactly the statements of one `mamon` wallet
// purchase (service::sell with balance=true, one order line, no Idempotency-Key) in a loop, over
// the sqlite3 C API with nothing in between: no HTTP, no JSON, no pool, no Result<> layers. Its
// tx/s is the ceiling the server's purchases/s is compared with (bench/run.sh prints the ratio).
//
// Same as the server (src/storage/sqlite_database.cc): one connection per thread opened with
// SQLITE_OPEN_NOMUTEX, extended result codes, busy_timeout 5000 ms, journal_mode=WAL,
// synchronous=NORMAL, foreign_keys=ON, persistent prepared statements, BEGIN IMMEDIATE ... COMMIT,
// the threads' write transactions taking turns on one in-process lock (the server's writer lock,
// held from before BEGIN to after COMMIT or ROLLBACK), and a busy transaction rolled back and
// retried. Same SQL texts, same order, same checks; the rows
// it writes are real purchases (wallet debit, sales credit, purchase, order line, transfer), so
// `mamon check` must still pass afterwards.
//
// Usage: sqlite_anchor --db PATH --seconds S --threads T --holder-min A --holder-max B
//                      --products P --personnel ID
//   buyers are holder ids A..B at random (A = B: every sale on one wallet), products ids 1..P.
// Prints: ANCHOR_RESULT tx=N seconds=S tps=X busy_retries=B failed=F
// Exit 1 when any purchase failed for another reason than busy (e.g. insufficient funds).
#include <sqlite3.h>

#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr int kBusyTimeoutMs = 5000;  // limits::kSqliteBusyTimeoutMs

// The server's SQL texts, verbatim (storage/*_repo.cc).
constexpr const char* kSqlBegin = "BEGIN IMMEDIATE";
constexpr const char* kSqlCommit = "COMMIT";
constexpr const char* kSqlRollback = "ROLLBACK";
constexpr const char* kSqlPersonnel =
    "SELECT p.id, p.user_id, p.nickname, p.image, p.active FROM personnel p WHERE p.id = $1";
constexpr const char* kSqlProducts =
    "SELECT pr.id, pr.name, pr.price_cents, pr.color, pr.active, pr.image, pr.units_per_sale, "
    "pr.stock_item_id, pr.grootboek_waarde, si.unit FROM products pr LEFT JOIN stock_items si ON "
    "si.id = pr.stock_item_id WHERE pr.id IN (SELECT "
    "value FROM json_each($1)) ORDER BY pr.id";
constexpr const char* kSqlHolderWallet =
    "SELECT h.id, h.user_id, h.account_id, h.ledenbase_id, h.image, h.image_ledenbase, a.id, "
    "a.kind, a.name, a.debits_cents, a.credits_cents, a.floor_cents, a.created_at_us FROM holders "
    "h JOIN accounts a ON a.id = h.account_id WHERE h.id = $1";
constexpr const char* kSqlAccountByName =
    "SELECT a.id, a.kind, a.name, a.debits_cents, a.credits_cents, a.floor_cents, a.created_at_us "
    "FROM accounts a WHERE a.name = $1";
constexpr const char* kSqlDebitWallet =
    "UPDATE accounts SET debits_cents = debits_cents + $1 WHERE id = $2 AND kind = 'wallet' AND "
    "credits_cents - debits_cents - $1 >= floor_cents RETURNING credits_cents - debits_cents, "
    "floor_cents";
constexpr const char* kSqlCreditSystem =
    "UPDATE accounts SET credits_cents = credits_cents + $1 WHERE id = $2 AND kind = 'system'";
constexpr const char* kSqlInsertPurchase =
    "INSERT INTO purchases (seller_personnel_id, buyer_holder_id, method, total_cents, "
    "balance_after_cents, created_at_us) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
constexpr const char* kSqlInsertLine =
    "INSERT INTO order_lines (purchase_id, product_id, quantity, unit_price_cents) VALUES ($1, $2, "
    "$3, $4) RETURNING id";
constexpr const char* kSqlInsertTransfer =
    "INSERT INTO transfers (debit_account_id, credit_account_id, amount_cents, kind, purchase_id, "
    "wallet_upgrade_id, created_at_us) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";

struct Options {
  std::string db_path;
  double seconds = 10;
  int threads = 1;
  std::int64_t holder_min = 1;
  std::int64_t holder_max = 1;
  std::int64_t products = 1;
  std::int64_t personnel_id = 0;
};

[[noreturn]] void die(const std::string& message) {
  std::fprintf(stderr, "sqlite_anchor: %s\n", message.c_str());
  std::exit(2);
}

Options parse_options(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const char* value = argv[i + 1];
    if (flag == "--db")
      o.db_path = value;
    else if (flag == "--seconds")
      o.seconds = std::atof(value);
    else if (flag == "--threads")
      o.threads = std::atoi(value);
    else if (flag == "--holder-min")
      o.holder_min = std::atoll(value);
    else if (flag == "--holder-max")
      o.holder_max = std::atoll(value);
    else if (flag == "--products")
      o.products = std::atoll(value);
    else if (flag == "--personnel")
      o.personnel_id = std::atoll(value);
    else
      die("unknown option " + flag);
  }
  if (o.db_path.empty() || o.seconds <= 0 || o.seconds > 600 || o.threads < 1 || o.threads > 256 ||
      o.holder_min < 1 || o.holder_max < o.holder_min || o.products < 1 || o.personnel_id < 1) {
    die("usage: --db PATH --seconds S(<=600) --threads T --holder-min A --holder-max B "
        "--products P --personnel ID");
  }
  return o;
}

// What one purchase attempt ended with.
enum class Outcome { kCommitted, kBusy, kFailed };

// A statement parameter: an integer, a text or NULL (the server's Param without bool).
struct Value {
  Value(std::int64_t n) : number(n) {}  // NOLINT: implicit, to write {a, b, "text"}
  Value(const char* t) : text(t) {}     // NOLINT
  static Value null() {
    Value v(std::int64_t{0});
    v.is_null = true;
    return v;
  }
  std::int64_t number = 0;
  const char* text = nullptr;
  bool is_null = false;
};

// One thread's connection with the purchase's statements prepared once (the server caches them).
class Connection {
 public:
  explicit Connection(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) !=
        SQLITE_OK) {
      die("cannot open " + path);
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, kBusyTimeoutMs);
    if (sqlite3_exec(db_,
                     "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                     "PRAGMA foreign_keys=ON;",
                     nullptr, nullptr, nullptr) != SQLITE_OK) {
      die(std::string("pragmas: ") + sqlite3_errmsg(db_));
    }
    for (const char* sql : {kSqlBegin, kSqlCommit, kSqlRollback, kSqlPersonnel, kSqlProducts,
                            kSqlHolderWallet, kSqlAccountByName, kSqlDebitWallet, kSqlCreditSystem,
                            kSqlInsertPurchase, kSqlInsertLine, kSqlInsertTransfer}) {
      sqlite3_stmt* stmt = nullptr;
      if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) !=
          SQLITE_OK) {
        die(std::string("prepare: ") + sqlite3_errmsg(db_) + ": " + sql);
      }
      stmts_.push_back(stmt);
    }
  }
  ~Connection() {
    for (sqlite3_stmt* stmt : stmts_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // One wallet purchase of `quantity` x `product_id` by holder `holder_id`, sold by `personnel_id`.
  Outcome purchase(std::int64_t personnel_id, std::int64_t holder_id, std::int64_t product_id,
                   std::int64_t quantity);
  const char* last_error() const { return sqlite3_errmsg(db_); }

 private:
  enum Index {
    kBegin,
    kCommit,
    kRollback,
    kPersonnel,
    kProducts,
    kHolderWallet,
    kAccountByName,
    kDebitWallet,
    kCreditSystem,
    kInsertPurchase,
    kInsertLine,
    kInsertTransfer
  };

  // Binds values[i] to the parameter named "$<i+1>" (as the server does) and steps to the first
  // row. Returns the step's result code; the statement stays on its row until finish().
  int run(Index index, std::initializer_list<Value> values) {
    sqlite3_stmt* stmt = stmts_[index];
    std::size_t n = 0;
    for (const Value& v : values) {
      char name[16] = "$";
      std::to_chars(name + 1, name + sizeof(name) - 1, ++n);
      const int position = sqlite3_bind_parameter_index(stmt, name);
      if (position == 0) die(std::string("no parameter ") + name + " in " + sqlite3_sql(stmt));
      if (v.is_null)
        sqlite3_bind_null(stmt, position);
      else if (v.text != nullptr)
        sqlite3_bind_text(stmt, position, v.text, -1, SQLITE_STATIC);
      else
        sqlite3_bind_int64(stmt, position, v.number);
    }
    return sqlite3_step(stmt);
  }
  // Reads every remaining row (as the server does), then resets and unbinds.
  int finish(Index index, int rc) {
    sqlite3_stmt* stmt = stmts_[index];
    while (rc == SQLITE_ROW) rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    return rc;
  }
  sqlite3_stmt* stmt(Index index) { return stmts_[index]; }
  Outcome roll_back(int rc) {
    if (sqlite3_get_autocommit(db_) == 0) finish(kRollback, sqlite3_step(stmts_[kRollback]));
    const int primary = rc & 0xff;
    return primary == SQLITE_BUSY || primary == SQLITE_LOCKED ? Outcome::kBusy : Outcome::kFailed;
  }

  sqlite3* db_ = nullptr;
  std::vector<sqlite3_stmt*> stmts_;
};

std::int64_t now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Outcome Connection::purchase(std::int64_t personnel_id, std::int64_t holder_id,
                             std::int64_t product_id, std::int64_t quantity) {
  int rc = finish(kBegin, sqlite3_step(stmt(kBegin)));
  if (rc != SQLITE_DONE) return roll_back(rc);

  // Validations, in the server's order: seller active, product active and priced, buyer's wallet.
  rc = run(kPersonnel, {personnel_id});
  const bool seller_ok = rc == SQLITE_ROW && sqlite3_column_int64(stmt(kPersonnel), 4) != 0;
  if ((rc = finish(kPersonnel, rc)) != SQLITE_DONE || !seller_ok) return roll_back(rc);

  char ids[32] = "[";  // the JSON array of product ids, like storage::find_products builds it
  *std::to_chars(ids + 1, ids + sizeof(ids) - 2, product_id).ptr = ']';
  rc = run(kProducts, {ids});
  const bool product_ok = rc == SQLITE_ROW && sqlite3_column_int64(stmt(kProducts), 4) != 0;
  const std::int64_t price_cents = product_ok ? sqlite3_column_int64(stmt(kProducts), 2) : 0;
  if ((rc = finish(kProducts, rc)) != SQLITE_DONE || !product_ok) return roll_back(rc);
  const std::int64_t total_cents = price_cents * quantity;

  // The holder and its wallet account in one statement (storage::find_holder_wallet).
  rc = run(kHolderWallet, {holder_id});
  std::int64_t wallet_id = 0;
  bool wallet_ok = false;
  if (rc == SQLITE_ROW) {
    sqlite3_stmt* hw = stmt(kHolderWallet);
    wallet_id = sqlite3_column_int64(hw, 2);
    const std::int64_t balance = sqlite3_column_int64(hw, 10) - sqlite3_column_int64(hw, 9);
    wallet_ok = balance - total_cents >= sqlite3_column_int64(hw, 11);
  }
  if ((rc = finish(kHolderWallet, rc)) != SQLITE_DONE || !wallet_ok) return roll_back(rc);

  rc = run(kAccountByName, {"sales"});
  const std::int64_t sales_id =
      rc == SQLITE_ROW ? sqlite3_column_int64(stmt(kAccountByName), 0) : 0;
  if ((rc = finish(kAccountByName, rc)) != SQLITE_DONE || sales_id == 0) return roll_back(rc);

  // Writes, in the server's order: wallet debit (conditional on the floor), purchase, line, then
  // what the server defers (Transaction::defer, run at once on SQLite): sales credit, transfer.
  rc = run(kDebitWallet, {total_cents, wallet_id});
  const bool debited = rc == SQLITE_ROW;
  const std::int64_t balance_after = debited ? sqlite3_column_int64(stmt(kDebitWallet), 0) : 0;
  if ((rc = finish(kDebitWallet, rc)) != SQLITE_DONE || !debited) return roll_back(rc);

  const std::int64_t created_at_us = now_us();
  rc = run(kInsertPurchase,
           {personnel_id, holder_id, "balance", total_cents, balance_after, created_at_us});
  const std::int64_t purchase_id =
      rc == SQLITE_ROW ? sqlite3_column_int64(stmt(kInsertPurchase), 0) : 0;
  if ((rc = finish(kInsertPurchase, rc)) != SQLITE_DONE || purchase_id == 0) return roll_back(rc);

  rc = finish(kInsertLine, run(kInsertLine, {purchase_id, product_id, quantity, price_cents}));
  if (rc != SQLITE_DONE) return roll_back(rc);

  if ((rc = finish(kCreditSystem, run(kCreditSystem, {total_cents, sales_id}))) != SQLITE_DONE ||
      sqlite3_changes(db_) != 1) {
    return roll_back(rc);
  }

  rc = run(kInsertTransfer, {wallet_id, sales_id, total_cents, "purchase", purchase_id,
                             Value::null(), created_at_us});
  if ((rc = finish(kInsertTransfer, rc)) != SQLITE_DONE) return roll_back(rc);

  rc = finish(kCommit, sqlite3_step(stmt(kCommit)));
  if (rc != SQLITE_DONE) return roll_back(rc);
  return Outcome::kCommitted;
}

struct Totals {
  std::atomic<std::int64_t> committed{0};
  std::atomic<std::int64_t> busy{0};
  std::atomic<std::int64_t> failed{0};
};

void worker(const Options& o, int index, std::chrono::steady_clock::time_point deadline,
            std::mutex& writer, Totals& totals) {
  Connection connection(o.db_path);
  std::mt19937_64 random(0x9E3779B97F4A7C15ull * static_cast<unsigned>(index + 1));
  std::uniform_int_distribution<std::int64_t> pick_holder(o.holder_min, o.holder_max);
  std::uniform_int_distribution<std::int64_t> pick_product(1, o.products);
  std::int64_t committed = 0, busy = 0, failed = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    const std::int64_t holder = pick_holder(random), product = pick_product(random);
    // A busy transaction is retried like service::run_transaction does (same holder, product).
    for (;;) {
      Outcome outcome = Outcome::kFailed;
      {
        const std::lock_guard<std::mutex> turn(writer);
        outcome = connection.purchase(o.personnel_id, holder, product, 1);
      }
      if (outcome == Outcome::kCommitted) {
        ++committed;
        break;
      }
      if (outcome == Outcome::kFailed) {
        if (failed++ == 0) std::fprintf(stderr, "sqlite_anchor: %s\n", connection.last_error());
        break;
      }
      ++busy;
      if (std::chrono::steady_clock::now() >= deadline) break;
    }
  }
  totals.committed += committed;
  totals.busy += busy;
  totals.failed += failed;
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse_options(argc, argv);
  Totals totals;
  const auto start = std::chrono::steady_clock::now();
  const auto deadline = start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                    std::chrono::duration<double>(o.seconds));
  std::mutex writer;
  std::vector<std::thread> threads;
  for (int i = 0; i < o.threads; ++i) {
    threads.emplace_back(worker, std::cref(o), i, deadline, std::ref(writer), std::ref(totals));
  }
  for (std::thread& t : threads) t.join();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("ANCHOR_RESULT tx=%lld seconds=%.3f tps=%.1f busy_retries=%lld failed=%lld\n",
              static_cast<long long>(totals.committed.load()), seconds,
              static_cast<double>(totals.committed.load()) / seconds,
              static_cast<long long>(totals.busy.load()),
              static_cast<long long>(totals.failed.load()));
  return totals.failed.load() == 0 ? 0 : 1;
}
