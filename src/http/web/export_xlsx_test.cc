// The XLSX export read back by a real reader: Debian's python3-openpyxl (installed by
// scripts/install-deps.sh --test) dumps every sheet as JSON, and the test checks sheet names,
// values, cell types, number formats, the bold frozen header and the column widths.
#include "http/web/export_xlsx.h"

#include <gtest/gtest.h>
#include <stdlib.h>  // mkdtemp

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "base/clock.h"

namespace mamon::http::web {
namespace {

constexpr const char* kDumpScript = R"PY(
import datetime, json, sys
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = []
for ws in wb.worksheets:
    rows = []
    for row in ws.iter_rows():
        cells = []
        for c in row:
            v = c.value
            if isinstance(v, datetime.datetime):
                v = v.isoformat()
            cells.append({"value": v, "type": type(c.value).__name__,
                          "format": c.number_format, "bold": bool(c.font and c.font.b)})
        rows.append(cells)
    widths = {k: ws.column_dimensions[k].width for k in ws.column_dimensions}
    out.append({"name": ws.title, "freeze": ws.freeze_panes, "rows": rows, "widths": widths})
json.dump(out, sys.stdout)
)PY";

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "mamon-xlsx-test-XXXXXX");
    if (::mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Debian's interpreter, where python3-openpyxl lives (a python3 earlier on PATH, e.g. pyenv's, does
// not see Debian's packages); MAMON_PYTHON overrides.
std::string python() {
  if (const char* p = std::getenv("MAMON_PYTHON"); p != nullptr && *p != '\0') return p;
  if (std::filesystem::exists("/usr/bin/python3")) return "/usr/bin/python3";
  return "python3";
}

// Writes the bytes to a file and returns openpyxl's view of it (fails the test when python3 or
// openpyxl is missing: the export must be proven readable, not assumed).
nlohmann::json read_back(const std::string& xlsx) {
  TempDir dir;
  EXPECT_FALSE(dir.path().empty());
  std::string file = dir.path() + "/t.xlsx";
  std::string script = dir.path() + "/dump.py";
  std::string json_file = dir.path() + "/out.json";
  std::ofstream(file, std::ios::binary) << xlsx;
  std::ofstream(script) << kDumpScript;
  std::string command = python() + " '" + script + "' '" + file + "' > '" + json_file + "'";
  int status = std::system(command.c_str());
  EXPECT_EQ(status, 0) << "openpyxl could not read the export (is python3-openpyxl installed?)";
  std::ifstream in(json_file);
  std::stringstream text;
  text << in.rdbuf();
  return nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
}

std::vector<ExportTable> two_tables() {
  ExportTable sales;
  sales.sheet_name = "Verkopen per product";
  sales.columns = {{"Product", ExportColumnKind::kText},
                   {"Aantal", ExportColumnKind::kInteger},
                   {"Omzet", ExportColumnKind::kMoney},
                   {"Laatste verkoop", ExportColumnKind::kDateTime, 20}};
  sales.rows = {
      {std::string("Bier"), std::int64_t{12}, Cents(123450),
       ExportInstant{1792926007LL * 1'000'000}},
      {std::string("=1+1"), std::int64_t{-3}, Cents(-5), std::monostate{}},
      {std::monostate{}, std::monostate{}, Cents(0), std::string("gisteren")},
  };
  ExportTable topups;
  topups.sheet_name = "Opwaarderingen: cash/pin [2026]";  // characters Excel refuses
  topups.columns = {{"Methode", ExportColumnKind::kText}, {"Bedrag", ExportColumnKind::kMoney}};
  topups.rows = {{std::string("pin"), Cents(1000)}, {std::string("Café ☕"), Cents(99)}};
  return {sales, topups};
}

TEST(ExportXlsxTest, TwoSheetsReadBackWithTypesAndFormats) {
  ASSERT_TRUE(set_time_zone("Europe/Amsterdam"));
  std::vector<ExportTable> tables = two_tables();
  Result<std::string> xlsx = export_xlsx(tables);
  ASSERT_TRUE(xlsx.ok()) << xlsx.error().message;
  ASSERT_GT(xlsx->size(), 100u);
  EXPECT_EQ(xlsx->substr(0, 2), "PK");  // a zip container

  nlohmann::json book = read_back(*xlsx);
  ASSERT_TRUE(book.is_array()) << book.dump();
  ASSERT_EQ(book.size(), 2u);

  const auto& s1 = book[0];
  EXPECT_EQ(s1["name"], "Verkopen per product");
  EXPECT_EQ(s1["freeze"], "A2");  // the header row is frozen
  ASSERT_EQ(s1["rows"].size(), 4u);
  const auto& header = s1["rows"][0];
  EXPECT_EQ(header[0]["value"], "Product");
  EXPECT_EQ(header[3]["value"], "Laatste verkoop");
  for (const auto& cell : header) EXPECT_TRUE(cell["bold"].get<bool>()) << cell.dump();

  const auto& bier = s1["rows"][1];
  EXPECT_EQ(bier[0]["value"], "Bier");
  EXPECT_EQ(bier[0]["type"], "str");
  EXPECT_FALSE(bier[0]["bold"].get<bool>());
  EXPECT_EQ(bier[1]["value"], 12);
  EXPECT_EQ(bier[1]["type"], "int");
  EXPECT_EQ(bier[2]["value"].get<double>(), 1234.5);
  EXPECT_EQ(bier[2]["type"], "float");
  EXPECT_EQ(bier[2]["format"], std::string(kXlsxEuroFormat));
  EXPECT_NE(bier[2]["format"].get<std::string>().find("€"), std::string::npos);
  EXPECT_EQ(bier[3]["type"], "datetime");
  EXPECT_EQ(bier[3]["value"], "2026-10-25T12:00:07");  // local (CET) wall time
  EXPECT_EQ(bier[3]["format"], std::string(kXlsxDateTimeFormat));

  const auto& formula = s1["rows"][2];
  EXPECT_EQ(formula[0]["value"], "=1+1");  // kept as text, not a formula
  EXPECT_EQ(formula[0]["type"], "str");
  EXPECT_EQ(formula[1]["value"], -3);
  EXPECT_EQ(formula[2]["value"].get<double>(), -0.05);
  EXPECT_EQ(formula[3]["type"], "NoneType");

  const auto& blanks = s1["rows"][3];
  EXPECT_EQ(blanks[0]["type"], "NoneType");
  EXPECT_EQ(blanks[2]["value"], 0);
  EXPECT_EQ(blanks[2]["format"], std::string(kXlsxEuroFormat));
  EXPECT_EQ(blanks[3]["value"], "gisteren");

  // Widths: the given 20 and an automatic one of at least the header's length.
  EXPECT_NEAR(s1["widths"]["D"].get<double>(), 20.0, 1.0);
  EXPECT_GE(s1["widths"]["A"].get<double>(), 8.0);

  const auto& s2 = book[1];
  EXPECT_EQ(s2["name"], "Opwaarderingen  cash pin  2026");
  ASSERT_EQ(s2["rows"].size(), 3u);
  EXPECT_EQ(s2["rows"][1][1]["value"], 10);
  EXPECT_EQ(s2["rows"][1][1]["format"], std::string(kXlsxEuroFormat));
  EXPECT_EQ(s2["rows"][2][0]["value"], "Café ☕");
  EXPECT_EQ(s2["rows"][2][1]["value"].get<double>(), 0.99);
  EXPECT_EQ(s2["freeze"], "A2");
}

TEST(ExportXlsxTest, SheetNamesAreCleanedCutAndUnique) {
  std::vector<ExportTable> tables(5);
  tables[0].sheet_name = "Overzicht";
  tables[1].sheet_name = "overzicht";  // Excel compares case-insensitively
  tables[2].sheet_name = "";
  tables[3].sheet_name = "'Een heel erg lange naam voor een tabblad met €'";
  tables[4].sheet_name = "a/b\\c?d*e[f]g:h";
  std::vector<std::string> names = xlsx_sheet_names(tables);
  ASSERT_EQ(names.size(), 5u);
  EXPECT_EQ(names[0], "Overzicht");
  EXPECT_EQ(names[1], "overzicht (2)");
  EXPECT_EQ(names[2], "Sheet 3");
  EXPECT_EQ(names[3], "Een heel erg lange naam voor ee");  // 31 characters
  EXPECT_EQ(names[4], "a b c d e f g h");

  for (auto& t : tables) t.columns = {{"x", ExportColumnKind::kText}};
  Result<std::string> xlsx = export_xlsx(tables);
  ASSERT_TRUE(xlsx.ok()) << xlsx.error().message;
  nlohmann::json book = read_back(*xlsx);
  ASSERT_EQ(book.size(), 5u);
  for (std::size_t i = 0; i < names.size(); ++i) EXPECT_EQ(book[i]["name"], names[i]);
}

TEST(ExportXlsxTest, RefusesMalformedOrEmptyInputAndLeavesNoTemporaryFiles) {
  auto leftovers = [] {
    int n = 0;
    for (const auto& entry :
         std::filesystem::directory_iterator(std::filesystem::temp_directory_path())) {
      if (entry.path().filename().string().rfind("mamon-xlsx-", 0) == 0 &&
          entry.path().filename().string().rfind("mamon-xlsx-test-", 0) != 0) {
        ++n;
      }
    }
    return n;
  };
  // A private TMPDIR so other processes' exports cannot disturb the count.
  TempDir tmp;
  ASSERT_FALSE(tmp.path().empty());
  const char* old_tmp = std::getenv("TMPDIR");
  std::string saved = old_tmp ? old_tmp : "";
  ::setenv("TMPDIR", tmp.path().c_str(), 1);

  std::vector<ExportTable> tables = two_tables();
  tables[0].rows[0][1] = Cents(5);  // money in an integer column: a page bug
  Result<std::string> r = export_xlsx(tables);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInternal);
  EXPECT_FALSE(export_xlsx(std::vector<ExportTable>{}).ok());

  ExportTable too_long;
  too_long.columns = {{"t", ExportColumnKind::kText}};
  too_long.rows = {{std::string(40000, 'x')}};
  r = export_xlsx(too_long);  // fails while writing: the directory must still go
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);

  ASSERT_TRUE(export_xlsx(two_tables()).ok());
  EXPECT_EQ(leftovers(), 0);

  if (old_tmp) {
    ::setenv("TMPDIR", saved.c_str(), 1);
  } else {
    ::unsetenv("TMPDIR");
  }
}

}  // namespace
}  // namespace mamon::http::web
