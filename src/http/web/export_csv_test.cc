#include "http/web/export_csv.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <vector>

#include "base/clock.h"

namespace mamon::http::web {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

ExportTable sales_table() {
  ExportTable t;
  t.sheet_name = "Sales";
  t.columns = {{"Product", ExportColumnKind::kText},
               {"Quantity", ExportColumnKind::kInteger},
               {"Amount", ExportColumnKind::kMoney}};
  t.rows = {{std::string("Bier"), std::int64_t{12}, Cents(123450)},
            {std::string("Fris"), std::int64_t{-1}, Cents(-5)}};
  return t;
}

std::string csv(const ExportTable& t, CsvDialect d) {
  Result<std::string> r = export_csv(t, d);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : std::string();
}

TEST(ExportCsvTest, DutchUsesSemicolonsAndADecimalComma) {
  EXPECT_EQ(csv(sales_table(), csv_dialect_for_language("nl")), std::string(kBom) +
                                                                    "Product;Quantity;Amount\r\n"
                                                                    "Bier;12;1234,50\r\n"
                                                                    "Fris;-1;-0,05\r\n");
}

TEST(ExportCsvTest, EnglishUsesCommasAndADecimalPoint) {
  EXPECT_EQ(csv(sales_table(), csv_dialect_for_language("en")), std::string(kBom) +
                                                                    "Product,Quantity,Amount\r\n"
                                                                    "Bier,12,1234.50\r\n"
                                                                    "Fris,-1,-0.05\r\n");
}

TEST(ExportCsvTest, DialectByLanguage) {
  for (std::string_view english : {"en", "EN", "en-GB", "en_US"}) {
    CsvDialect d = csv_dialect_for_language(english);
    EXPECT_EQ(d.separator, ',') << english;
    EXPECT_EQ(d.decimal_mark, '.') << english;
  }
  for (std::string_view dutch : {"nl", "nl-NL", "", "de", "eng", "e"}) {
    CsvDialect d = csv_dialect_for_language(dutch);
    EXPECT_EQ(d.separator, ';') << dutch;
    EXPECT_EQ(d.decimal_mark, ',') << dutch;
  }
}

TEST(ExportCsvTest, EurosFromCentsWithoutFloatingPoint) {
  EXPECT_EQ(format_csv_euros(Cents(0), ','), "0,00");
  EXPECT_EQ(format_csv_euros(Cents(7), '.'), "0.07");
  EXPECT_EQ(format_csv_euros(Cents(-7), '.'), "-0.07");
  EXPECT_EQ(format_csv_euros(Cents(-100), ','), "-1,00");
  EXPECT_EQ(format_csv_euros(Cents(123456789), ','), "1234567,89");
  // Far beyond a double's exact range, still exact.
  EXPECT_EQ(format_csv_euros(Cents(std::numeric_limits<std::int64_t>::max()), '.'),
            "92233720368547758.07");
  EXPECT_EQ(format_csv_euros(Cents(std::numeric_limits<std::int64_t>::min()), '.'),
            "-92233720368547758.08");
}

TEST(ExportCsvTest, QuotesFieldsWithSeparatorQuoteOrLineBreak) {
  ExportTable t;
  t.columns = {{"Naam; volledig", ExportColumnKind::kText}, {"Notitie", ExportColumnKind::kText}};
  t.rows = {{std::string("Jan; de \"Tapper\""), std::string("regel 1\nregel 2")},
            {std::string("a,b"), std::string("cr\rhere")}};
  EXPECT_EQ(csv(t, CsvDialect{';', ','}), std::string(kBom) +
                                              "\"Naam; volledig\";Notitie\r\n"
                                              "\"Jan; de \"\"Tapper\"\"\";\"regel 1\nregel 2\"\r\n"
                                              "a,b;\"cr\rhere\"\r\n");
  // With ',' the comma needs quotes, the semicolon does not.
  EXPECT_EQ(csv(t, CsvDialect{',', '.'}), std::string(kBom) +
                                              "Naam; volledig,Notitie\r\n"
                                              "\"Jan; de \"\"Tapper\"\"\",\"regel 1\nregel 2\"\r\n"
                                              "\"a,b\",\"cr\rhere\"\r\n");
}

TEST(ExportCsvTest, NeutralisesFormulasInTextCellsOnly) {
  ExportTable t;
  t.columns = {{"=Kop", ExportColumnKind::kText}, {"Bedrag", ExportColumnKind::kMoney}};
  t.rows = {{std::string("=HYPERLINK(\"http://x\")"), Cents(-250)},
            {std::string("+31 6"), Cents(0)},
            {std::string("-5"), std::monostate{}},
            {std::string("@SUM(A1)"), Cents(1)},
            {std::string("\tTab"), Cents(1)},
            {std::string("a=b"), Cents(1)}};
  EXPECT_EQ(csv(t, CsvDialect{';', ','}), std::string(kBom) +
                                              "'=Kop;Bedrag\r\n"
                                              "\"'=HYPERLINK(\"\"http://x\"\")\";-2,50\r\n"
                                              "'+31 6;0,00\r\n"
                                              "'-5;\r\n"
                                              "'@SUM(A1);0,01\r\n"
                                              "'\tTab;0,01\r\n"
                                              "a=b;0,01\r\n");
}

TEST(ExportCsvTest, BomEvenWhenThereAreNoRowsAndUtf8Kept) {
  ExportTable t;
  t.columns = {{"Café €", ExportColumnKind::kText}};
  std::string out = csv(t, CsvDialect{});
  EXPECT_EQ(out, std::string(kBom) + "Café €\r\n");
}

TEST(ExportCsvTest, DateTimesInTheConfiguredZone) {
  ASSERT_TRUE(set_time_zone("Europe/Amsterdam"));
  ExportTable t;
  t.columns = {{"When", ExportColumnKind::kDateTime}};
  // 2026-10-25 00:30 UTC is 02:30 CEST; 01:30 UTC is 02:30 CET (after the change), 12:00:07 CET.
  t.rows = {{ExportInstant{1792888200LL * 1'000'000}},
            {ExportInstant{1792891800LL * 1'000'000}},
            {ExportInstant{1792926007LL * 1'000'000}},
            {std::string("already formatted")}};
  EXPECT_EQ(csv(t, CsvDialect{}), std::string(kBom) +
                                      "When\r\n"
                                      "2026-10-25 02:30\r\n"
                                      "2026-10-25 02:30\r\n"
                                      "2026-10-25 12:00:07\r\n"
                                      "already formatted\r\n");
}

TEST(ExportCsvTest, SeveralTablesAreSectionsWithTheirTitle) {
  ExportTable a = sales_table();
  ExportTable b;
  b.sheet_name = "Top-ups";
  b.columns = {{"Method", ExportColumnKind::kText}, {"Amount", ExportColumnKind::kMoney}};
  b.rows = {{std::string("pin"), Cents(1000)}};
  std::vector<ExportTable> tables = {a, b};
  Result<std::string> r = export_csv(tables, CsvDialect{',', '.'});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, std::string(kBom) +
                    "Sales\r\nProduct,Quantity,Amount\r\nBier,12,1234.50\r\nFris,-1,-0.05\r\n"
                    "\r\nTop-ups\r\nMethod,Amount\r\npin,10.00\r\n");
}

TEST(ExportCsvTest, RefusesMalformedTables) {
  ExportTable wrong_width = sales_table();
  wrong_width.rows[1].pop_back();
  Result<std::string> r = export_csv(wrong_width, CsvDialect{});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInternal);
  EXPECT_NE(r.error().message.find("row 1 has 2 cells, not 3"), std::string::npos);

  ExportTable wrong_type = sales_table();
  wrong_type.rows[0][2] = std::string("12,50");  // money as text: a page bug
  r = export_csv(wrong_type, CsvDialect{});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInternal);
  EXPECT_NE(r.error().message.find("'Amount'"), std::string::npos);

  ExportTable no_columns;
  EXPECT_FALSE(export_csv(no_columns, CsvDialect{}).ok());
}

TEST(ExportTableTest, FileNameAndDownloadResponse) {
  EXPECT_EQ(export_file_name("purchases", "2026-11-01", "2026-11-30", "csv"),
            "mamon-purchases-2026-11-01-2026-11-30.csv");
  EXPECT_EQ(export_file_name("daily grid", "", "", "xlsx"), "mamon-daily-grid.xlsx");
  EXPECT_EQ(export_file_name("x\"\r\n", "a/b", "..", "csv"), "mamon-x----a-b-...csv");

  Response r = export_download_response(
      "a;b\r\n", kCsvContentType, export_file_name("holders", "2026-01-01", "2026-01-31", "csv"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "a;b\r\n");
  EXPECT_EQ(r.headers.get("Content-Type").value_or(""), "text/csv; charset=utf-8");
  EXPECT_EQ(r.headers.get("Content-Disposition").value_or(""),
            "attachment; filename=\"mamon-holders-2026-01-01-2026-01-31.csv\"");
  EXPECT_EQ(r.headers.get("Cache-Control").value_or(""), "no-store");
}

}  // namespace
}  // namespace mamon::http::web
