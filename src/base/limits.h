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
// Calls to the ledenbase at login (two requests: login, then the member): a member waits at the
// login form meanwhile, and a worker is held; 3 s to connect and 5 s per request keep a slow
// ledenbase from piling up logins, while local accounts never wait for it.
inline constexpr int kLedenbaseConnectTimeoutSeconds = 3;
inline constexpr int kLedenbaseRequestTimeoutSeconds = 5;
// The ledenbase's answers are small JSON documents (a token, one member).
inline constexpr std::size_t kLedenbaseResponseBytesMax = 64 * 1024;

// Refunds by bar staff (not board, not superuser): at most this much per refund. A bar refund
// corrects a mistaken top-up or pays out a member's small balance; a larger sum is the board's
// decision, and the bound caps the harm of a stolen tablet login.
inline constexpr std::int64_t kRefundWithoutBoardMaxCents = 50'00;

// Undo at the POS: a seller may reverse their own last sale for two minutes (a wrong product or a
// double tap is noticed at once); later, or anyone else's sale, is the board's void with a reason.
inline constexpr std::int64_t kUndoWindowUs = 2LL * 60 * 1'000'000;

// The web POS (/pos/, web/static/pos.js gets these from the page). A USB NFC reader is a
// keyboard "wedge": it types the card's UID in hex and Enter, a key every few milliseconds; a
// person types at best every ~80 ms. So a burst of at least kCardReaderHexLengthMin hex keys
// (a 4-byte UID), each within kCardReaderKeyGapMsMax of the previous one and ending in Enter, is
// a card, anything slower is typing. The screen locks after kPosIdleLockSeconds without a touch
// (it never sells by itself; a signed-in staff member's card or password opens it again).
inline constexpr int kCardReaderKeyGapMsMax = 35;
inline constexpr int kCardReaderHexLengthMin = 8;
inline constexpr int kPosIdleLockSeconds = 5 * 60;

// Purchases: what one tablet order can sensibly contain.
inline constexpr int kOrderLinesMax = 50;
inline constexpr int kOrderQuantityMin = 1;
inline constexpr int kOrderQuantityMax = 100;

// Text fields: names and comments are shown in lists; a megabyte comment is a mistake.
inline constexpr std::size_t kNameLengthMax = 150;
inline constexpr std::size_t kCommentLengthMax = 2000;
inline constexpr std::size_t kCardIdLengthMax = 64;      // NFC UIDs are 4-10 bytes; hex doubles it
inline constexpr std::size_t kPasswordLengthMax = 1024;  // argon2 cost must not be a DoS lever
inline constexpr std::size_t kIdempotencyKeyLengthMax = 128;

// Flow meters: a beer meter counts litres*100 or pulses; 10^12 leaves room for any meter while
// rejecting typos of absurd size.
inline constexpr std::int64_t kFlowMeterMax = 1'000'000'000'000;

// Lists: a page is what the tablet and backoffice show; 500 keeps a response under ~1 MiB.
inline constexpr int kPageSizeDefault = 20;
inline constexpr int kPageSizeMax = 500;
// Exports (CSV / XLSX of a board list, WEB.md §2): every filtered row at once. A busy year of a
// bar is ~30,000 purchases; 100,000 rows with their lines stay within ~50 MiB of memory and a
// few seconds of work, and a wider filter is refused with a request to narrow it.
inline constexpr std::int64_t kExportRowsMax = 100'000;
// The member's spending chart: at most two years of months in one query.
inline constexpr int kSpendingMonthsMax = 24;
inline constexpr int kSpendingMonthsDefault = 12;

// Board reports: a daily grid, a product's days or a cycle's hourly chart has one column per
// local day, month or hour. 1024 is 2.8 years of days or 42 days of hours, beyond any page a
// person reads; it bounds the query's list of bucket edges (storage/board_reports_repo.h).
inline constexpr int kReportPeriodsMax = 1024;

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

// Login (OWASP Authentication Cheat Sheet, "Protect against automated attacks": throttle, never
// lock an account out). Only FAILED attempts count; the counters live in the database, so every
// instance sharing it applies them; a count is forgotten kLoginFailureWindowSeconds after its last
// failure. Every check costs argon2 (~0.1 s, 64 MiB), so these also bound the CPU and memory a
// client can make us spend. Attempts refused with 429 are not counted (they cost nothing and must
// not prolong a block). Concurrent attempts may overshoot a limit by at most one per worker.
// 15 minutes: long enough to make online guessing slow, short enough for a forgotten password.
inline constexpr int kLoginFailureWindowSeconds = 900;
// Per (typed username, client address): 10 is far above a member's typos but caps one client at
// ~1,000 guesses a day on one name; then that pair gets 429 until the window has passed.
inline constexpr int kLoginFailuresPerPairMax = 10;
// Per client address, over all usernames: the tablets of a bar share one NAT address, so this is
// ten pairs' worth (a busy evening of typos never reaches it) yet stops one address spraying
// guesses over many names.
inline constexpr int kLoginFailuresPerAddressMax = 100;
// Per typed username (known or not, so the answer leaks nothing), from any address: no lockout,
// only a growing delay. The first kLoginFailuresPerUsernameFree failures are free (one address's
// whole pair allowance, so one address alone never slows a name down for anyone else); after each
// further one the name answers 429 with Retry-After for 1, 2, 4, ... s, at most
// kLoginUsernameDelaySecondsMax: a guesser spread over many addresses gets ~2 guesses a minute,
// the owner waits half a minute at worst.
inline constexpr int kLoginFailuresPerUsernameFree = 10;
inline constexpr int kLoginUsernameDelaySecondsMax = 30;

// Website sessions (WEB.md §1; OWASP Session Management Cheat Sheet, "Session Expiration").
// Idle: a member checks a balance, a board member reads reports for a while; an hour without a
// request ends the session, so a phone or bar laptop left logged in is not open for long.
inline constexpr std::int64_t kWebSessionIdleSeconds = 3600;
// Absolute: at most 12 hours after the login, however busy: one evening or working day, after
// which a stolen cookie is worthless even if it was kept in use.
inline constexpr std::int64_t kWebSessionAbsoluteSeconds = 12 * 3600;
// last_seen is written at most this often per session: one write a minute instead of one per
// page, while the idle lifetime stays exact to the minute.
inline constexpr std::int64_t kWebSessionTouchIntervalSeconds = 60;
// The pre-login CSRF cookie (a signed double-submit token) lives this long: a login form left
// open for a day still posts.
inline constexpr std::int64_t kWebCsrfCookieSeconds = 24 * 3600;
// The language cookie: a year, like any preference cookie.
inline constexpr std::int64_t kWebLanguageCookieSeconds = 365LL * 24 * 3600;
// Web forms are a few short fields; a page's body limit (the API's kHttpBodyBytesMax) applies to
// them too. A `next` path longer than this is not a path anybody bookmarked: ignored.
inline constexpr std::size_t kWebNextPathLengthMax = 2048;

// Logs: lines are buffered and reach stdout within this time (warnings and errors at once); a
// second is invisible to whoever reads the log, and spares a write() per request.
inline constexpr int kLogFlushIntervalSeconds = 1;

// Uploads (WEB.md §2 "Media"): a phone photo is 2-8 MiB; 10 MiB takes any of them while a
// request stays a few seconds on a bar's upload link. The body of an upload route may carry the
// picture plus the form's few short fields (64 KiB); every other route keeps kHttpBodyBytesMax,
// and the server applies a route's own limit from the request head, before reading the body.
inline constexpr std::size_t kUploadImageBytesMax = 10u << 20;
inline constexpr std::size_t kUploadBodyBytesMax = kUploadImageBytesMax + (64u << 10);

// Media: a picture served from MEDIA_ROOT is read whole into memory; a phone photo is a few MiB,
// 20 MiB bounds what one request can make the server hold.
inline constexpr std::size_t kMediaFileBytesMax = 20u << 20;

// Caches of what reads need (issue 7, item 12). Each bound is how long a change made on ANOTHER
// instance (or by the CLI) may stay unseen here; a change made on this instance drops the entry
// at once.
// The catalogue changes a few times a year; a second keeps the database at one tiny read per
// second per instance instead of one per request, and nobody at the bar notices a second.
inline constexpr int kCatalogueVersionCheckMs = 1000;
// Who a token names (user, groups, active personnel): a deactivated user or staff member is
// refused within this bound on every instance. Two seconds hold the bar's rush (a tablet sends a
// few requests a second) while a revocation still takes effect before anyone could walk away.
inline constexpr int kPrincipalCacheMs = 2000;
// Entries of the principal cache and of the verified-token cache: far above a bar's staff plus
// the sites' client users; when full, the cache is emptied and refilled (memory stays bounded).
inline constexpr std::size_t kPrincipalCacheEntriesMax = 4096;

// Database: SQLite waits this long for the write lock before reporting busy.
inline constexpr int kSqliteBusyTimeoutMs = 5000;
inline constexpr int kDbPoolSizeMax = 64;
// Prepared statements cached per connection. The SQL texts are string literals, so a few hundred
// cover every statement Mamon has; the cap only stops SQL built at run time from growing the cache
// (and the server's memory) without bound. When full, the cache is emptied and refilled.
inline constexpr int kDbStatementCacheSizeMax = 512;
// Deferred writes (Transaction::defer) held in memory before they are sent anyway: a use case
// defers a handful (a sale: its transfer and the system account's entry); the bound only keeps a
// loop that defers without querying from growing without limit.
inline constexpr int kDbDeferredStatementsMax = 64;

// Import: the old system's dump is ~130 KB; 512 MiB stops a wrong file from eating memory.
inline constexpr std::size_t kImportFileBytesMax = 512u << 20;

}  // namespace mamon::limits
