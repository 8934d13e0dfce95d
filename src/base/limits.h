// Every limit in one place, each with its reason (SQLite's sqliteLimit.h habit). A limit protects
// the server, the database or a person from a mistake; change one only with its reason.
#pragma once

#include <cstddef>
#include <cstdint>

namespace mamon::limits {

// Money: the largest amount a single field may carry, 1,000,000.00 euros. A bar wallet never
// needs more; it keeps every sum of up to 50 lines x 100 items far inside int64 and makes the
// exact double round-trip of JSON numbers (at most 15 significant digits) hold.
inline constexpr std::int64_t kMoneyAbsMaxCents = 100'000'000;

// Online top-ups (Mollie): at least 1.00 (below it the transaction fee is most of the payment),
// at most 500.00 (a bar wallet never needs more at once; it bounds the harm of a stolen login).
inline constexpr std::int64_t kOnlineTopUpMinCents = 100;
inline constexpr std::int64_t kOnlineTopUpMaxCents = 50'000;
// Mollie payment ids are "tr_" plus ~10 alphanumerics; 64 leaves room and stops junk early.
inline constexpr std::size_t kMolliePaymentIdLengthMax = 64;
// Calls to Mollie: a checkout must not hang a worker; Mollie answers in well under a second.
inline constexpr int kMollieConnectTimeoutSeconds = 5;
inline constexpr int kMollieRequestTimeoutSeconds = 15;
// A webhook for a Mollie id we do not know is only looked up at Mollie (by the identifier in its
// metadata) while some top-up of the last 24 hours has no Mollie id: otherwise anybody posting
// random ids would make us spend our API key's rate limit. Mollie reports within minutes.
inline constexpr std::int64_t kMollieUnmatchedLookupWindowUs = 24LL * 3600 * 1'000'000;
// Mollie's answers are small JSON documents; 1 MiB stops a broken proxy from eating memory.
inline constexpr std::size_t kMollieResponseBytesMax = 1 << 20;

// Purchases: what one tablet order can sensibly contain.
inline constexpr int kOrderLinesMax = 50;
inline constexpr int kOrderQuantityMin = 1;
inline constexpr int kOrderQuantityMax = 100;

// Text fields: names and comments are shown in lists; a megabyte comment is a mistake.
inline constexpr std::size_t kNameLengthMax = 150;
inline constexpr std::size_t kCommentLengthMax = 2000;
inline constexpr std::size_t kCardIdLengthMax = 64;       // NFC UIDs are 4-10 bytes; hex doubles it
inline constexpr std::size_t kPasswordLengthMax = 1024;   // argon2 cost must not be a DoS lever
inline constexpr std::size_t kIdempotencyKeyLengthMax = 128;

// Flow meters: a beer meter counts litres*100 or pulses; 10^12 leaves room for any meter while
// rejecting typos of absurd size.
inline constexpr std::int64_t kFlowMeterMax = 1'000'000'000'000;

// Lists: a page is what the tablet and backoffice show; 500 keeps a response under ~1 MiB.
inline constexpr int kPageSizeDefault = 20;
inline constexpr int kPageSizeMax = 500;

// HTTP: bodies of the API are small JSON; 1 MiB is 100x the largest legitimate purchase.
inline constexpr std::size_t kHttpBodyBytesMax = 1 << 20;
inline constexpr std::size_t kHttpHeaderBytesMax = 16 * 1024;  // JWTs plus cookies fit easily
inline constexpr int kHttpConnectionsMax = 1024;               // far above a bar's tablets + sites
// One address may hold at most this many connections at once, so that one client (a runaway
// script, a slowloris) cannot fill kHttpConnectionsMax and shut everyone else out; its next
// connection gets 503 `too_many_connections` while other addresses are served. A bar has a
// handful of tablets, a NAT'd bar maybe 10-20 devices, and a browser opens at most 6 connections
// per host: 64 is ample. Addresses in TRUSTED_PROXIES are exempt: behind nginx every connection
// comes from the proxy, which must then limit per client itself (nginx: limit_conn).
inline constexpr int kHttpConnectionsPerAddressMax = 64;
// The request head (request line and headers) must be complete within this long of its first
// byte, and a new connection must send its first byte within it: a client trickling its headers
// holds a connection for 10 s, not kHttpReadTimeoutSeconds. A real client sends its ~1 KB head in
// one packet. On expiry the client gets 408 `request_timeout`; a connection that sent nothing is
// closed silently.
inline constexpr int kHttpHeaderTimeoutSeconds = 10;
// A whole request (head and body) from its first byte, and writing a response; a body that is
// still trickling in then gets 408 `request_timeout`. Slowloris guard.
inline constexpr int kHttpReadTimeoutSeconds = 30;
inline constexpr int kHttpIdleTimeoutSeconds = 75;     // keep-alive between requests
inline constexpr int kHttpRequestTimeoutSeconds = 30;  // whole request incl. DB work
inline constexpr int kShutdownGraceSeconds = 10;       // in-flight requests on SIGTERM

// Login: argon2 costs ~0.1 s and 64 MiB; these stop password guessing and memory exhaustion.
inline constexpr int kLoginAttemptsPerUsernamePerWindow = 10;
inline constexpr int kLoginAttemptsPerIpPerWindow = 30;
inline constexpr int kLoginAttemptWindowSeconds = 300;

// Database: SQLite waits this long for the write lock before reporting busy.
inline constexpr int kSqliteBusyTimeoutMs = 5000;
inline constexpr int kDbPoolSizeMax = 64;
// Prepared statements cached per connection. The SQL texts are string literals, so a few hundred
// cover every statement Mamon has; the cap only stops SQL built at run time from growing the cache
// (and the server's memory) without bound. When full, the cache is emptied and refilled.
inline constexpr int kDbStatementCacheSizeMax = 512;

// Import: the old system's dump is ~130 KB; 512 MiB stops a wrong file from eating memory.
inline constexpr std::size_t kImportFileBytesMax = 512u << 20;

}  // namespace mamon::limits
