#include "service/online_top_ups_service.h"

#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "base/limits.h"
#include "service/service_test_fixture.h"
#include "storage/ledger_repo.h"
#include "storage/mollie_payments_repo.h"
#include "storage/wallet_upgrades_repo.h"

namespace mamon::service {
namespace {

using testing::code_of;
using testing::must;

// Mollie as the use cases see it: payments in memory, statuses set by the test.
class FakeMollie : public MollieGateway {
 public:
  Result<MolliePaymentState> create_payment(const MolliePaymentRequest& request) const override {
    MolliePaymentState state = create_locked(request);
    if (fail_creates_) return make_error(ErrorCode::kUnavailable, "Mollie: connection refused");
    if (after_create_) after_create_(state.report.mollie_id);
    return state;
  }

  Result<MolliePaymentState> get_payment(std::string_view mollie_id) const override {
    std::lock_guard lock(mutex_);
    ++gets_;  // counted even when failing: every call is a request to Mollie
    if (fail_gets_) return make_error(ErrorCode::kUnavailable, "Mollie: timeout");
    auto it = payments_.find(std::string(mollie_id));
    if (it == payments_.end()) return make_error(ErrorCode::kNotFound, "Mollie: not found");
    return it->second;
  }

  void set_status(const std::string& mollie_id, std::string status) {
    std::lock_guard lock(mutex_);
    payments_.at(mollie_id).report.status = std::move(status);
  }
  void set_amount(const std::string& mollie_id, Cents amount) {
    std::lock_guard lock(mutex_);
    payments_.at(mollie_id).report.amount = amount;
  }
  // A payment Mollie knows that we never stored the id of (our last step failed).
  std::string add_payment_for(const std::string& identifier, Cents amount, std::string status) {
    std::lock_guard lock(mutex_);
    MolliePaymentState state;
    state.report = {"tr_fake" + std::to_string(++next_id_), std::move(status), amount, "EUR",
                    identifier};
    payments_[state.report.mollie_id] = state;
    return state.report.mollie_id;
  }
  int gets() const {
    std::lock_guard lock(mutex_);
    return gets_;
  }
  void fail_creates(bool fail) { fail_creates_ = fail; }
  // Runs after Mollie created a payment and before our side hears back (a webhook racing ahead).
  void after_create(std::function<void(const std::string&)> hook) {
    after_create_ = std::move(hook);
  }
  void fail_gets(bool fail) { fail_gets_ = fail; }
  MolliePaymentRequest last_request() const {
    std::lock_guard lock(mutex_);
    return last_request_;
  }

 private:
  MolliePaymentState create_locked(const MolliePaymentRequest& request) const {
    std::lock_guard lock(mutex_);
    last_request_ = request;
    MolliePaymentState state;
    if (fail_creates_) return state;
    state.report.mollie_id = "tr_fake" + std::to_string(++next_id_);
    state.report.status = "open";
    state.report.amount = request.amount;
    state.report.currency = "EUR";
    state.report.identifier = request.identifier;
    state.checkout_url = "https://pay.example/" + state.report.mollie_id;
    payments_[state.report.mollie_id] = state;
    return state;
  }

  mutable std::mutex mutex_;
  mutable std::map<std::string, MolliePaymentState> payments_;
  mutable int next_id_ = 0;
  mutable int gets_ = 0;
  mutable MolliePaymentRequest last_request_;
  std::atomic<bool> fail_creates_{false};
  std::atomic<bool> fail_gets_{false};
  std::function<void(const std::string&)> after_create_;
};

class OnlineTopUpTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    member_ = add_member("member");
    settings_.webhook_url = "https://bar.example/mollie/webhook/";
    settings_.return_url_prefix = "https://bar.example/topup/return/";
  }

  domain::MolliePayment start(std::int64_t cents) {
    return must(start_online_top_up(db(), clock_, mollie_, member_, {Cents(cents), {}}, settings_),
                "start_online_top_up");
  }

  domain::MolliePayment stored(std::int64_t id) {
    return in_tx(
        [&](storage::Transaction& tx) { return must(storage::find_mollie_payment(tx, id)); });
  }

  Result<WebhookOutcome> webhook(std::string_view mollie_id) {
    return handle_mollie_webhook(db(), clock_, mollie_, mollie_id);
  }

  domain::Caller member_;
  FakeMollie mollie_;
  OnlineTopUpSettings settings_;
};

TEST_P(OnlineTopUpTest, StartingStoresMolliesPaymentAndMovesNoMoney) {
  domain::MolliePayment p = start(1250);
  EXPECT_EQ(p.holder_id, *member_.holder_id);
  EXPECT_EQ(p.amount, Cents(1250));
  ASSERT_TRUE(p.mollie_id.has_value());
  EXPECT_EQ(p.status, "open");
  EXPECT_EQ(p.checkout_url, "https://pay.example/" + *p.mollie_id);
  EXPECT_EQ(p.identifier.size(), 32u);
  const MolliePaymentRequest sent = mollie_.last_request();
  EXPECT_EQ(sent.amount, Cents(1250));
  EXPECT_EQ(sent.identifier, p.identifier);
  EXPECT_EQ(sent.webhook_url, settings_.webhook_url);
  EXPECT_EQ(sent.redirect_url, "https://bar.example/topup/return/" + p.identifier + "/");
  EXPECT_EQ(sent.description, "Mamon top-up #" + std::to_string(p.id));
  EXPECT_EQ(balance_of(*member_.holder_id), Cents(0));
  EXPECT_EQ(counts().transfers, 0);
}

TEST_P(OnlineTopUpTest, APaidWebhookCreditsTheWalletExactlyOnce) {
  domain::MolliePayment p = start(1250);
  EXPECT_EQ(*webhook(*p.mollie_id), WebhookOutcome::kUnchanged);
  mollie_.set_status(*p.mollie_id, "paid");
  clock_.advance_us(60'000'000);
  EXPECT_EQ(*webhook(*p.mollie_id), WebhookOutcome::kCredited);
  EXPECT_EQ(*webhook(*p.mollie_id), WebhookOutcome::kAlreadyCredited);
  EXPECT_EQ(*webhook(*p.mollie_id), WebhookOutcome::kAlreadyCredited);

  EXPECT_EQ(balance_of(*member_.holder_id), Cents(1250));
  domain::MolliePayment after = stored(p.id);
  EXPECT_EQ(after.status, "paid");
  EXPECT_EQ(after.paid_at_us, clock_.now_us());
  auto upgrades = in_tx([&](storage::Transaction& tx) {
    return must(storage::list_wallet_upgrades(tx, {.holder_id = member_.holder_id}));
  });
  ASSERT_EQ(upgrades.size(), 1u);
  EXPECT_EQ(upgrades[0].method, domain::UpgradeMethod::kMollie);
  EXPECT_EQ(upgrades[0].mollie_payment_id, p.id);
  EXPECT_EQ(upgrades[0].amount, Cents(1250));
  EXPECT_FALSE(upgrades[0].personnel_id.has_value());
  storage::Account clearing = account(domain::kAccountMollieClearing);
  EXPECT_EQ(clearing.debits, Cents(1250));
  EXPECT_EQ(counts().transfers, 1);
  // One audit entry, the system's, with the balance before -> after (issue 9 item 8).
  storage::QueryResult audit = in_tx([&](storage::Transaction& tx) {
    return must(tx.query("SELECT user_id, object_id, detail FROM audit_log WHERE action = $1",
                         {std::string("online_top_up")}));
  });
  ASSERT_EQ(audit.rows.size(), 1u);
  EXPECT_TRUE(audit.rows[0].is_null(0));
  EXPECT_EQ(audit.rows[0].get_text(1), std::to_string(upgrades[0].id));
  EXPECT_NE(audit.rows[0].get_text(2).find(R"("after":{"balance":"12.50"})"), std::string::npos);
}

TEST_P(OnlineTopUpTest, ConcurrentWebhooksCreditOnce) {
  domain::MolliePayment p = start(2000);
  mollie_.set_status(*p.mollie_id, "paid");
  constexpr int kThreads = 8;
  std::atomic<int> credited{0}, already{0}, failed{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < 5; ++j) {
        Result<WebhookOutcome> r = webhook(*p.mollie_id);
        if (!r.ok()) {
          ++failed;
        } else if (*r == WebhookOutcome::kCredited) {
          ++credited;
        } else if (*r == WebhookOutcome::kAlreadyCredited) {
          ++already;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(credited.load(), 1);
  EXPECT_EQ(already.load(), kThreads * 5 - 1);
  EXPECT_EQ(balance_of(*member_.holder_id), Cents(2000));
  EXPECT_EQ(counts().transfers, 1);
}

TEST_P(OnlineTopUpTest, NonPaidStatusesAreStoredAndNeverCredit) {
  domain::MolliePayment p = start(500);
  for (const char* status : {"pending", "expired", "canceled", "failed"}) {
    mollie_.set_status(*p.mollie_id, status);
    EXPECT_EQ(*webhook(*p.mollie_id), WebhookOutcome::kStatusUpdated) << status;
    EXPECT_EQ(stored(p.id).status, status);
  }
  EXPECT_EQ(balance_of(*member_.holder_id), Cents(0));
}

TEST_P(OnlineTopUpTest, AMismatchingPaymentIsNeverCredited) {
  domain::MolliePayment p = start(500);
  mollie_.set_status(*p.mollie_id, "paid");
  mollie_.set_amount(*p.mollie_id, Cents(50'000));
  EXPECT_EQ(code_of(webhook(*p.mollie_id)), ErrorCode::kConflict);
  EXPECT_EQ(stored(p.id).status, "open");
  EXPECT_EQ(balance_of(*member_.holder_id), Cents(0));
}

TEST_P(OnlineTopUpTest, UnknownAndMalformedIdsTouchNothing) {
  // Unknown ids cost no request to Mollie while every top-up has its Mollie id.
  start(1000);
  const int gets_before = mollie_.gets();
  EXPECT_EQ(*webhook("tr_unknown"), WebhookOutcome::kIgnored);
  std::string foreign = mollie_.add_payment_for("not-ours", Cents(1000), "paid");
  EXPECT_EQ(*webhook(foreign), WebhookOutcome::kIgnored);
  EXPECT_EQ(mollie_.gets(), gets_before);
  // While a recent top-up lacks its Mollie id, Mollie is asked: a payment it knows that is not
  // ours (another shop on the same account, or forged metadata) is still ignored.
  mollie_.fail_creates(true);
  (void)start_online_top_up(db(), clock_, mollie_, member_, {Cents(1000), {}}, settings_);
  EXPECT_EQ(*webhook(foreign), WebhookOutcome::kIgnored);
  EXPECT_EQ(*webhook("tr_unknown"), WebhookOutcome::kIgnored);
  EXPECT_EQ(mollie_.gets(), gets_before + 2);
  // A day later that top-up no longer opens the door.
  clock_.advance_us(limits::kMollieUnmatchedLookupWindowUs + 1);
  EXPECT_EQ(*webhook(foreign), WebhookOutcome::kIgnored);
  EXPECT_EQ(mollie_.gets(), gets_before + 2);
  for (std::string_view bad : {"", "tr_", "tr_a b", "ord_123", "tr_../../x"}) {
    auto r = webhook(bad);
    EXPECT_EQ(code_of(r), ErrorCode::kInvalidInput) << bad;
    if (!r.ok()) {
      EXPECT_EQ(r.error().field, "id");
    }
  }
  EXPECT_EQ(counts().transfers, 0);
}

TEST_P(OnlineTopUpTest, MollieDownWhenStartingMarksThePaymentAndSaysSo) {
  mollie_.fail_creates(true);
  auto r = start_online_top_up(db(), clock_, mollie_, member_, {Cents(1000), {}}, settings_);
  ASSERT_EQ(code_of(r), ErrorCode::kUnavailable);
  EXPECT_NE(r.error().message.find("connection refused"), std::string::npos);
  Page<domain::MolliePayment> mine = must(list_online_top_ups(db(), member_, {}));
  ASSERT_EQ(mine.total, 1);
  EXPECT_EQ(mine.items[0].status, "error");
  EXPECT_FALSE(mine.items[0].mollie_id.has_value());
}

TEST_P(OnlineTopUpTest, ARetryOfAPaymentMollieRefusedIsRefusedToo) {
  mollie_.fail_creates(true);
  OnlineTopUpRequest request{Cents(1000), std::string("key-1")};
  EXPECT_EQ(code_of(start_online_top_up(db(), clock_, mollie_, member_, request, settings_)),
            ErrorCode::kUnavailable);
  mollie_.fail_creates(false);
  EXPECT_EQ(code_of(start_online_top_up(db(), clock_, mollie_, member_, request, settings_)),
            ErrorCode::kUnavailable);
  request.idempotency_key = "key-2";
  EXPECT_TRUE(start_online_top_up(db(), clock_, mollie_, member_, request, settings_).ok());
}

TEST_P(OnlineTopUpTest, MollieDownDuringTheWebhookIsRetryable) {
  domain::MolliePayment p = start(1000);
  mollie_.set_status(*p.mollie_id, "paid");
  mollie_.fail_gets(true);
  EXPECT_EQ(code_of(webhook(*p.mollie_id)), ErrorCode::kUnavailable);
  mollie_.fail_gets(false);
  EXPECT_EQ(*webhook(*p.mollie_id), WebhookOutcome::kCredited);
  EXPECT_EQ(balance_of(*member_.holder_id), Cents(1000));
}

TEST_P(OnlineTopUpTest, APaymentWhoseStartWasNotRecordedIsFoundByItsIdentifier) {
  // Mollie accepted the payment, but storing its answer never happened: the row is "created".
  domain::MolliePayment row = in_tx([&](storage::Transaction& tx) {
    storage::NewMolliePayment p;
    p.holder_id = *member_.holder_id;
    p.amount = Cents(700);
    p.identifier = "identifier-of-a-lost-answer";
    p.created_at_us = clock_.now_us();
    return must(storage::insert_mollie_payment(tx, p));
  });
  std::string mollie_id = mollie_.add_payment_for(row.identifier, Cents(700), "paid");
  EXPECT_EQ(*webhook(mollie_id), WebhookOutcome::kCredited);
  EXPECT_EQ(stored(row.id).mollie_id, mollie_id);
  EXPECT_EQ(balance_of(*member_.holder_id), Cents(700));
}

TEST_P(OnlineTopUpTest, AWebhookThatOvertakesTheStartCreditsOnceAndTheStartReportsPaid) {
  mollie_.after_create([&](const std::string& mollie_id) {
    mollie_.set_status(mollie_id, "paid");
    EXPECT_EQ(*webhook(mollie_id), WebhookOutcome::kCredited);
  });
  domain::MolliePayment p = start(800);
  EXPECT_EQ(p.status, "paid");
  EXPECT_TRUE(p.paid_at_us.has_value());
  EXPECT_EQ(balance_of(*member_.holder_id), Cents(800));
  EXPECT_EQ(*webhook(*p.mollie_id), WebhookOutcome::kAlreadyCredited);
  EXPECT_EQ(balance_of(*member_.holder_id), Cents(800));
}

TEST_P(OnlineTopUpTest, AmountsAndCallersAreChecked) {
  for (std::int64_t cents : {0, 99, 50'001}) {
    EXPECT_EQ(
        code_of(start_online_top_up(db(), clock_, mollie_, member_, {Cents(cents), {}}, settings_)),
        ErrorCode::kInvalidAmount)
        << cents;
  }
  domain::Caller nobody;  // e.g. a user without a holder
  nobody.user_id = member_.user_id;
  EXPECT_EQ(
      code_of(start_online_top_up(db(), clock_, mollie_, nobody, {Cents(500), {}}, settings_)),
      ErrorCode::kPermissionDenied);
  EXPECT_EQ(counts().mollie_payments, 0);
}

TEST_P(OnlineTopUpTest, ARetryWithTheSameKeyReturnsTheFirstPayment) {
  OnlineTopUpRequest request{Cents(1500), std::string("double-tap-1")};
  domain::MolliePayment first =
      must(start_online_top_up(db(), clock_, mollie_, member_, request, settings_));
  domain::MolliePayment again =
      must(start_online_top_up(db(), clock_, mollie_, member_, request, settings_));
  EXPECT_EQ(again.id, first.id);
  EXPECT_EQ(again.checkout_url, first.checkout_url);
  EXPECT_EQ(counts().mollie_payments, 1);
  request.amount = Cents(1600);
  EXPECT_EQ(code_of(start_online_top_up(db(), clock_, mollie_, member_, request, settings_)),
            ErrorCode::kIdempotencyKeyReused);
  request.idempotency_key = std::string(200, 'k');
  EXPECT_EQ(code_of(start_online_top_up(db(), clock_, mollie_, member_, request, settings_)),
            ErrorCode::kInvalidInput);
  EXPECT_EQ(counts().mollie_payments, 1);
}

TEST_P(OnlineTopUpTest, MembersListOnlyTheirOwnNewestFirst) {
  domain::MolliePayment first = start(100);
  clock_.advance_us(1'000'000);
  domain::MolliePayment second = start(200);
  domain::Caller other = add_member("other");
  must(start_online_top_up(db(), clock_, mollie_, other, {Cents(300), {}}, settings_));

  Page<domain::MolliePayment> mine = must(list_online_top_ups(db(), member_, {}));
  EXPECT_EQ(mine.total, 2);
  ASSERT_EQ(mine.items.size(), 2u);
  EXPECT_EQ(mine.items[0].id, second.id);
  EXPECT_EQ(mine.items[1].id, first.id);
  Page<domain::MolliePayment> page2 = must(list_online_top_ups(db(), member_, {2, 1}));
  ASSERT_EQ(page2.items.size(), 1u);
  EXPECT_EQ(page2.items[0].id, first.id);
  EXPECT_EQ(code_of(list_online_top_ups(db(), member_, {0, 20})), ErrorCode::kInvalidInput);
}

TEST_P(OnlineTopUpTest, TheReturnAsksMollieOnceAndCreditsWithoutAWebhook) {
  domain::MolliePayment p = start(1500);
  mollie_.set_status(*p.mollie_id, "paid");
  const int gets_before = mollie_.gets();
  OnlineTopUpReturn back =
      must(return_from_online_top_up(db(), clock_, mollie_, member_, p.identifier));
  EXPECT_EQ(mollie_.gets(), gets_before + 1);
  EXPECT_TRUE(back.asked_mollie);
  EXPECT_TRUE(back.credited_now);
  EXPECT_EQ(back.payment.id, p.id);
  EXPECT_EQ(back.payment.status, "paid");
  EXPECT_EQ(balance_of(*member_.holder_id), Cents(1500));

  // Paid is final: a second visit reads our database only.
  OnlineTopUpReturn again =
      must(return_from_online_top_up(db(), clock_, mollie_, member_, p.identifier));
  EXPECT_EQ(mollie_.gets(), gets_before + 1);
  EXPECT_FALSE(again.asked_mollie);
  EXPECT_FALSE(again.credited_now);
  EXPECT_EQ(again.payment.status, "paid");
  // The webhook arriving afterwards credits nothing more.
  EXPECT_EQ(*webhook(*p.mollie_id), WebhookOutcome::kAlreadyCredited);
  EXPECT_EQ(balance_of(*member_.holder_id), Cents(1500));
  EXPECT_EQ(counts().transfers, 1);
  EXPECT_EQ(counts().wallet_upgrades, 1);
}

TEST_P(OnlineTopUpTest, TheReturnAfterTheWebhookCreditsNothingMore) {
  domain::MolliePayment p = start(900);
  mollie_.set_status(*p.mollie_id, "paid");
  EXPECT_EQ(*webhook(*p.mollie_id), WebhookOutcome::kCredited);
  const int gets_before = mollie_.gets();
  OnlineTopUpReturn back =
      must(return_from_online_top_up(db(), clock_, mollie_, member_, p.identifier));
  EXPECT_EQ(mollie_.gets(), gets_before);  // paid already: Mollie is not asked
  EXPECT_FALSE(back.credited_now);
  EXPECT_EQ(back.payment.status, "paid");
  EXPECT_EQ(balance_of(*member_.holder_id), Cents(900));
  EXPECT_EQ(counts().transfers, 1);
}

TEST_P(OnlineTopUpTest, TheReturnAndTheWebhookRacingCreditOnce) {
  domain::MolliePayment p = start(2500);
  mollie_.set_status(*p.mollie_id, "paid");
  std::atomic<int> credited{0}, failed{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      if (i % 2 == 0) {
        Result<OnlineTopUpReturn> r =
            return_from_online_top_up(db(), clock_, mollie_, member_, p.identifier);
        if (!r.ok() || r->payment.status != "paid") ++failed;
        if (r.ok() && r->credited_now) ++credited;
      } else {
        Result<WebhookOutcome> r = webhook(*p.mollie_id);
        if (!r.ok()) ++failed;
        if (r.ok() && *r == WebhookOutcome::kCredited) ++credited;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(credited.load(), 1);
  EXPECT_EQ(balance_of(*member_.holder_id), Cents(2500));
  EXPECT_EQ(counts().transfers, 1);
}

TEST_P(OnlineTopUpTest, TheReturnShowsOpenAndFailedPaymentsAsStored) {
  domain::MolliePayment p = start(700);
  OnlineTopUpReturn open =
      must(return_from_online_top_up(db(), clock_, mollie_, member_, p.identifier));
  EXPECT_TRUE(open.asked_mollie);
  EXPECT_FALSE(open.credited_now);
  EXPECT_EQ(open.payment.status, "open");

  // Mollie down: the stored state, no error, nothing written.
  mollie_.set_status(*p.mollie_id, "failed");
  mollie_.fail_gets(true);
  OnlineTopUpReturn down =
      must(return_from_online_top_up(db(), clock_, mollie_, member_, p.identifier));
  EXPECT_FALSE(down.asked_mollie);
  EXPECT_EQ(down.payment.status, "open");
  mollie_.fail_gets(false);

  OnlineTopUpReturn failed =
      must(return_from_online_top_up(db(), clock_, mollie_, member_, p.identifier));
  EXPECT_EQ(failed.payment.status, "failed");
  const int gets_before = mollie_.gets();
  // Failed is final at Mollie: no more asking.
  EXPECT_EQ(
      must(return_from_online_top_up(db(), clock_, mollie_, member_, p.identifier)).payment.status,
      "failed");
  EXPECT_EQ(mollie_.gets(), gets_before);
  EXPECT_EQ(balance_of(*member_.holder_id), Cents(0));
  EXPECT_EQ(counts().transfers, 0);
}

TEST_P(OnlineTopUpTest, SomebodyElsesOrAnUnknownIdentifierIsNotFound) {
  domain::MolliePayment p = start(700);
  mollie_.set_status(*p.mollie_id, "paid");
  domain::Caller other = add_member("other");
  const int gets_before = mollie_.gets();
  EXPECT_EQ(code_of(return_from_online_top_up(db(), clock_, mollie_, other, p.identifier)),
            ErrorCode::kNotFound);
  EXPECT_EQ(
      code_of(return_from_online_top_up(db(), clock_, mollie_, member_, std::string(32, 'f'))),
      ErrorCode::kNotFound);
  EXPECT_EQ(code_of(return_from_online_top_up(db(), clock_, mollie_, member_, "")),
            ErrorCode::kNotFound);
  EXPECT_EQ(
      code_of(return_from_online_top_up(db(), clock_, mollie_, member_, std::string(100, 'a'))),
      ErrorCode::kNotFound);
  domain::Caller no_holder = member_;
  no_holder.holder_id.reset();
  EXPECT_EQ(code_of(return_from_online_top_up(db(), clock_, mollie_, no_holder, p.identifier)),
            ErrorCode::kNotFound);
  EXPECT_EQ(mollie_.gets(), gets_before);  // nobody's probing reaches Mollie
  EXPECT_EQ(balance_of(*member_.holder_id), Cents(0));
}

MAMON_SERVICE_SUITE(OnlineTopUpTest);

}  // namespace
}  // namespace mamon::service
