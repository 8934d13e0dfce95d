// The bar cycle's dossier as the tables of its page and its exports (issue 12 item 4; the cycle
// page /board/cycles/{id}/, cycles_page.cc): segments between the reports with their expected and
// counted cash, every count attempt, each report's denomination breakdown, cash in and out, the
// PIN reconciliation, voided sales and sales by category. Only formatting: the figures are
// service::cycle_dossier's.
#pragma once

#include <vector>

#include "http/web/page.h"
#include "http/web/report_kit.h"
#include "service/cycle_dossier.h"

namespace mamon::http::web {

// In the page's order; a table without rows is still returned (its caption says what is absent).
std::vector<ReportTable> cycle_dossier_tables(const Page& page, const service::CycleDossier& d);

// The flags beside the dossier's title, translated: a cash difference in a segment, a PIN
// difference, voided sales; empty when the evening was clean.
std::vector<std::string> cycle_dossier_flags(const Page& page, const service::CycleDossier& d);

}  // namespace mamon::http::web
