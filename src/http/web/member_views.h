// Pieces the member pages (/home/, /products/, /topup/, /cards/) share: the page number of a
// list, the friendly page for a user without a holder (a wallet), and labels of the timeline's
// kinds, methods and Mollie statuses in the page's language. Pure view code; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/local_time.h"
#include "http/web/page.h"

namespace mamon::http::web {

// ?page=N (1-based). Anything else (absent, not a number, < 1, absurdly large) is page 1, so a
// hand-edited address never shows an error.
std::int64_t page_number(const Page& page);

// The number of pages for `total` items of `page_size` (at least 1).
int page_count(std::int64_t total, std::int64_t page_size);

// 200 with "member.no_holder": the user is logged in but has no wallet (an admin account made
// without a holder, say). `title_key` is the page's own title.
Response no_holder_page(Page& page, std::string_view title_key);

// "sep 2026" / "Sep 2026".
std::string month_label(const Page& page, LocalDate month);

// "member.method.<method>" when the catalogue has it, else the method as stored.
std::string method_label(const Page& page, std::string_view method);

// "topup.status.<status>" when the catalogue has it, else the status as stored.
std::string mollie_status_label(const Page& page, std::string_view status);

}  // namespace mamon::http::web
