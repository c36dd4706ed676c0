#include "service/usecases/csv.h"

#include <gtest/gtest.h>

namespace fostermatch::usecases {
namespace {

TEST(Csv, SkipsBomAndAcceptsCrlfAndLf) {
  auto rows = ParseCsv(
      "\xEF\xBB\xBF"
      "a,b\r\n1,2\n3,4");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].fields, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(rows[2].fields, (std::vector<std::string>{"3", "4"}));
  EXPECT_EQ(rows[2].line, 3u);
}

TEST(Csv, QuotedFieldsHoldCommasQuotesAndLineBreaks) {
  auto rows = ParseCsv("x,y\n\"a,b\",\"he said \"\"hi\"\"\"\n\"two\nlines\",z\nlast,1\n");
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[1].fields[0], "a,b");
  EXPECT_EQ(rows[1].fields[1], "he said \"hi\"");
  EXPECT_EQ(rows[2].fields[0], "two\nlines");
  EXPECT_EQ(rows[3].line, 5u) << "line numbers count the line break inside quotes";
}

TEST(Csv, KeepsEmptyFieldsAndSkipsBlankLines) {
  auto rows = ParseCsv("a,,c\n\n,\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].fields, (std::vector<std::string>{"a", "", "c"}));
  EXPECT_EQ(rows[1].fields, (std::vector<std::string>{"", ""}));
}

TEST(Csv, UnterminatedQuoteIsAnErrorNamingItsLine) {
  try {
    ParseCsv("a\n\"open\n");
    FAIL() << "expected CsvError";
  } catch (const CsvError& e) {
    EXPECT_EQ(e.line(), 2u);
  }
  EXPECT_THROW(ParseCsv("\"a\"b\n"), CsvError);
}

TEST(Csv, JapaneseTextPassesThrough) {
  auto rows = ParseCsv("name\n中央区\n");
  EXPECT_EQ(rows[1].fields[0], "中央区");
}

}  // namespace
}  // namespace fostermatch::usecases
