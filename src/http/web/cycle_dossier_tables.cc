#include "http/web/cycle_dossier_tables.h"

#include <nlohmann/json.hpp>
#include <string>

#include "domain/cash_count.h"
#include "domain/cash_moves.h"
#include "domain/purchases.h"

namespace mamon::http::web {
namespace {

ExportCell money_or_none(const std::optional<Cents>& c) {
  if (c) return *c;
  return std::monostate{};
}

std::string kind_of(const Page& page, domain::ReportAction action) {
  return page.text("cycle.report." + std::string(domain::report_action_name(action)));
}

std::string nickname(const service::CycleDossier& d, std::int64_t personnel_id) {
  for (const domain::Personnel& p : d.staff) {
    if (p.id == personnel_id) return p.nickname;
  }
  for (const domain::Personnel& p : d.cycle.staff) {
    if (p.id == personnel_id) return p.nickname;
  }
  return "#" + std::to_string(personnel_id);
}

std::string names(const std::vector<domain::Personnel>& staff) {
  std::string out;
  for (const domain::Personnel& p : staff) out += (out.empty() ? "" : ", ") + p.nickname;
  return out.empty() ? "—" : out;
}

ReportTable segments_table(const Page& page, const service::CycleDossier& d) {
  ReportTable t{.id = "cycle-segments",
                .caption = page.text("dossier.segments"),
                .note = page.text("dossier.segments_note"),
                .columns = {{page.text("dossier.from"), ExportColumnKind::kDateTime},
                            {page.text("dossier.to"), ExportColumnKind::kText},
                            {page.text("dossier.sellers"), ExportColumnKind::kText},
                            {page.text("cycle.sales"), ExportColumnKind::kMoney},
                            {page.text("cycle.cash_sales"), ExportColumnKind::kMoney},
                            {page.text("dossier.start_count"), ExportColumnKind::kMoney},
                            {page.text("cycle.expected_cash"), ExportColumnKind::kMoney},
                            {page.text("cycle.counted_cash"), ExportColumnKind::kMoney},
                            {page.text("dossier.difference"), ExportColumnKind::kMoney},
                            {page.text("dossier.counter"), ExportColumnKind::kText}}};
  for (const service::CycleSegment& s : d.segments) {
    const std::string to = s.end ? page.date_time(s.to_us) + " (" + kind_of(page, s.end->action) + ")"
                                 : page.text("dossier.now");
    t.rows.push_back({ExportInstant{s.from_us}, to, names(s.sellers), s.summary.sales_total,
                      s.summary.sales.cash, s.summary.opening_cash, s.summary.expected_cash,
                      money_or_none(s.summary.counted_cash),
                      money_or_none(s.summary.cash_difference),
                      s.counter ? s.counter->nickname : std::string("—")});
  }
  return t;
}

ReportTable counts_table(const Page& page, const service::CycleDossier& d) {
  ReportTable t{.id = "cycle-counts",
                .caption = page.text("dossier.counts"),
                .note = page.text("dossier.counts_note"),
                .columns = {{page.text("cycle.report_time"), ExportColumnKind::kDateTime},
                            {page.text("cycle.report_kind"), ExportColumnKind::kText},
                            {page.text("cycles.staff"), ExportColumnKind::kText},
                            {page.text("cycle.counted_cash"), ExportColumnKind::kMoney},
                            {page.text("dossier.expected_then"), ExportColumnKind::kMoney},
                            {page.text("dossier.difference"), ExportColumnKind::kMoney},
                            {page.text("dossier.status"), ExportColumnKind::kText}}};
  for (const storage::ReportCount& c : d.counts) {
    Result<Cents> difference = c.counted.minus(c.expected);
    t.rows.push_back({ExportInstant{c.created_at_us}, kind_of(page, c.action),
                      nickname(d, c.personnel_id), c.counted, c.expected,
                      difference.ok() ? ExportCell(*difference) : ExportCell(std::monostate{}),
                      page.text(c.confirmed_report_id ? "dossier.confirmed" : "dossier.recounted")});
  }
  return t;
}

// One row per counted denomination of each report that has a breakdown.
ReportTable breakdowns_table(const Page& page, const service::CycleDossier& d) {
  ReportTable t{.id = "cycle-breakdowns",
                .caption = page.text("dossier.breakdowns"),
                .columns = {{page.text("cycle.report_kind"), ExportColumnKind::kText},
                            {page.text("dossier.denomination"), ExportColumnKind::kText},
                            {page.text("dossier.pieces"), ExportColumnKind::kInteger},
                            {page.text("overview.amount"), ExportColumnKind::kMoney}}};
  for (const domain::Report& r : d.cycle.reports) {
    if (!r.cash_breakdown) continue;
    const nlohmann::json pieces = nlohmann::json::parse(*r.cash_breakdown, nullptr, false);
    if (!pieces.is_object()) continue;
    for (auto it = pieces.begin(); it != pieces.end(); ++it) {
      std::optional<domain::Denomination> denomination = domain::find_denomination(it.key());
      if (!denomination || !it->is_number_integer()) continue;
      const std::int64_t count = it->get<std::int64_t>();
      Result<Cents> amount = denomination->value.times(count);
      t.rows.push_back({kind_of(page, r.action), page.text("denomination." + it.key()), count,
                        amount.ok() ? ExportCell(*amount) : ExportCell(std::monostate{})});
    }
  }
  return t;
}

ReportTable moves_table(const Page& page, const service::CycleDossier& d) {
  ReportTable t{.id = "cycle-moves",
                .caption = page.text("dossier.moves"),
                .columns = {{page.text("cycle.report_time"), ExportColumnKind::kDateTime},
                            {page.text("dossier.direction"), ExportColumnKind::kText},
                            {page.text("cycles.staff"), ExportColumnKind::kText},
                            {page.text("overview.amount"), ExportColumnKind::kMoney},
                            {page.text("dossier.reason"), ExportColumnKind::kText}}};
  for (const storage::CashMove& m : d.cash_moves) {
    t.rows.push_back(
        {ExportInstant{m.created_at_us},
         page.text("dossier.move." + std::string(domain::cash_move_direction_name(m.direction))),
         nickname(d, m.personnel_id), m.amount, m.reason});
  }
  return t;
}

ReportTable pin_table(const Page& page, const service::CycleDossier& d) {
  const domain::BarCycleSummary& s = d.cycle.summary;
  ReportTable t{.id = "cycle-pin",
                .caption = page.text("dossier.pin"),
                .note = d.pin ? "" : page.text("dossier.pin_none"),
                .columns = {{page.text("cycle.figure"), ExportColumnKind::kText},
                            {page.text("overview.amount"), ExportColumnKind::kMoney}}};
  t.rows = {{page.text("dossier.pin_sales"), s.sales.pin},
            {page.text("dossier.pin_top_ups"), s.top_ups.pin},
            {page.text("dossier.pin_refunds"), s.refunds.pin}};
  if (d.pin) {
    t.rows.push_back({page.text("dossier.pin_expected"), d.pin->expected});
    t.rows.push_back({page.text("dossier.pin_terminal"), d.pin->terminal});
    t.footer = {page.text("dossier.pin_difference"), d.pin->difference};
  }
  return t;
}

ReportTable voids_table(const Page& page, const service::CycleDossier& d) {
  ReportTable t{.id = "cycle-voids",
                .caption = page.text("dossier.voids"),
                .columns = {{page.text("dossier.sold_at"), ExportColumnKind::kDateTime},
                            {page.text("dossier.purchase"), ExportColumnKind::kText},
                            {page.text("dossier.seller"), ExportColumnKind::kText},
                            {page.text("overview.method"), ExportColumnKind::kText},
                            {page.text("overview.amount"), ExportColumnKind::kMoney},
                            {page.text("dossier.voided_at"), ExportColumnKind::kDateTime},
                            {page.text("dossier.reason"), ExportColumnKind::kText}}};
  for (const storage::VoidedSale& v : d.voids) {
    t.rows.push_back(
        {ExportInstant{v.sold_at_us}, "#" + std::to_string(v.purchase_id),
         nickname(d, v.seller_personnel_id),
         page.text("board.method." + std::string(domain::payment_method_name(v.method))), v.total,
         ExportInstant{v.voided_at_us}, v.reason});
    t.row_links.push_back("/board/purchases/" + std::to_string(v.purchase_id) + "/");
  }
  return t;
}

ReportTable categories_table(const Page& page, const service::CycleDossier& d) {
  ReportTable t{.id = "cycle-categories",
                .caption = page.text("dossier.categories"),
                .note = page.text("overview.category_note"),
                .columns = {{page.text("dossier.category"), ExportColumnKind::kText},
                            {page.text("overview.items"), ExportColumnKind::kInteger},
                            {page.text("board.method.balance"), ExportColumnKind::kMoney},
                            {page.text("board.method.cash"), ExportColumnKind::kMoney},
                            {page.text("board.method.pin"), ExportColumnKind::kMoney},
                            {page.text("board.total"), ExportColumnKind::kMoney}}};
  for (const service::CategorySales& c : d.by_category) {
    const service::SalesFigures& f = c.sales;
    t.rows.push_back({c.category_id ? c.category_name : page.text("dossier.no_category"), f.count,
                      f.by_method.balance, f.by_method.cash, f.by_method.pin, f.total});
  }
  return t;
}

}  // namespace

std::vector<ReportTable> cycle_dossier_tables(const Page& page, const service::CycleDossier& d) {
  return {segments_table(page, d), counts_table(page, d),  breakdowns_table(page, d),
          moves_table(page, d),    pin_table(page, d),     voids_table(page, d),
          categories_table(page, d)};
}

std::vector<std::string> cycle_dossier_flags(const Page& page, const service::CycleDossier& d) {
  std::vector<std::string> flags;
  for (const service::CycleSegment& s : d.segments) {
    if (s.summary.cash_difference && s.summary.cash_difference->value() != 0) {
      flags.push_back(page.format(
          "dossier.flag_segment",
          {{"amount", page.money(*s.summary.cash_difference)},
           {"to", s.end ? page.date_time(s.to_us) : page.text("dossier.now")},
           {"staff", names(s.sellers)}}));
    }
  }
  if (d.pin && d.pin->difference.value() != 0) {
    flags.push_back(page.format("dossier.flag_pin", {{"amount", page.money(d.pin->difference)}}));
  }
  if (!d.voids.empty()) {
    flags.push_back(page.format("dossier.flag_voids", {{"n", std::to_string(d.voids.size())}}));
  }
  return flags;
}

}  // namespace mamon::http::web
