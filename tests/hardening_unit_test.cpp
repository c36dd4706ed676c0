// The pure parts of the hardening: the date range, UTF-8 checks, the training CSV's lines and
// the JSON body parser. No database, no network.

#include <gtest/gtest.h>

#include "matching/date.h"
#include "matching/text.h"
#include "matching/validation.h"
#include "service/api/json_fields.h"
#include "service/http/problem.h"
#include "service/usecases/training_csv.h"

namespace fostermatch {
namespace {

using matching::Date;

TEST(DateRange, ParseAcceptsOnly1900To2200) {
  EXPECT_TRUE(Date::Parse("1900-01-01"));
  EXPECT_TRUE(Date::Parse("2200-12-31"));
  for (const char* far : {"1899-12-31", "2201-01-01", "9995-04-01", "9999-12-31", "0000-01-01"}) {
    EXPECT_FALSE(Date::Parse(far)) << far;
  }
  EXPECT_TRUE(matching::ParseMonth("2200-12"));
  EXPECT_FALSE(matching::ParseMonth("2201-01"));
  EXPECT_FALSE(matching::ParseMonth("9995-01"));
  EXPECT_EQ(Date::Min().ToString(), "1900-01-01");
  EXPECT_EQ(Date::Max().ToString(), "2200-12-31");
}

TEST(DateRange, ADefaultExpiryPastTheRangeIsAnError) {
  matching::FosterParent fp;
  fp.household_name = "x";
  fp.types.Add(matching::FosterType::kFoster);
  fp.accepts.sexes.Add(matching::Sex::kFemale);
  fp.registered_on = Date::FromYmd(2199, 4, 1);
  fp.registration_expires_on = fp.registered_on.AddYears(5);
  fp.capacity = 1;
  const auto errors = matching::ValidateFosterParent(fp);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "registration_expires_on");
}

TEST(Utf8, ValidatesAndSanitises) {
  EXPECT_TRUE(matching::IsValidUtf8("札幌 abc"));
  EXPECT_FALSE(matching::IsValidUtf8("\xff"));
  EXPECT_FALSE(matching::IsValidUtf8("\xC0\xAF"));          // overlong "/"
  EXPECT_FALSE(matching::IsValidUtf8("\xED\xA0\x80"));      // a surrogate
  EXPECT_FALSE(matching::IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(matching::IsValidUtf8("\xE6\x9C"));          // cut short
  EXPECT_EQ(matching::ToValidUtf8("a\xffz"), "a\xEF\xBF\xBDz");
  EXPECT_TRUE(matching::IsValidUtf8(matching::ToValidUtf8(std::string(500, '\x8E'), 10)));
  EXPECT_EQ(matching::ToValidUtf8("札幌市", 6), "札幌…");  // cut on a character boundary
  EXPECT_TRUE(matching::HasControlCharacters(std::string("a\0b", 3)));
  EXPECT_FALSE(matching::HasControlCharacters("a\tb\r\n"));
}

TEST(Utf8, RecognisesShiftJis) {
  EXPECT_TRUE(matching::LooksLikeShiftJis("\x8E\x44\x96\x79\x8E\x73,\x97\xA2\x90\x65"));
  EXPECT_FALSE(matching::LooksLikeShiftJis("札幌市"));  // UTF-8
  EXPECT_FALSE(matching::LooksLikeShiftJis("\xff\xff"));
}

TEST(TrainingCsv, AShiftJisLineIsRejectedSayingSo) {
  const usecases::TrainingColumns columns =
      usecases::ReadTrainingHeader({"external_id", "foster_parent_id", "course", "completed_on",
                                    "hours", "provider", "outcome"});
  usecases::CsvRecord record{
      2, {"T-1", "1", "basic", "2025-01-10", "6", "\x8E\x44\x96\x79", "completed"}};
  auto parsed = usecases::ParseTrainingLine(record, columns, 7);
  ASSERT_TRUE(std::holds_alternative<std::string>(parsed));
  EXPECT_NE(std::get<std::string>(parsed).find("Shift_JIS"), std::string::npos);
  record.fields[5] = "\xff";
  parsed = usecases::ParseTrainingLine(record, columns, 7);
  ASSERT_TRUE(std::holds_alternative<std::string>(parsed));
  EXPECT_NE(std::get<std::string>(parsed).find("UTF-8"), std::string::npos);
  record.fields[5] = std::string("a\0b", 3);
  EXPECT_TRUE(std::holds_alternative<std::string>(usecases::ParseTrainingLine(record, columns, 7)));
  record.fields[5] = "ok";
  record.fields[3] = "9995-01-01";
  parsed = usecases::ParseTrainingLine(record, columns, 7);
  ASSERT_TRUE(std::holds_alternative<std::string>(parsed));
  EXPECT_NE(std::get<std::string>(parsed).find("2200-12-31"), std::string::npos);
  // An overlong value is quoted short.
  record.fields[3] = std::string(100000, 'x');
  parsed = usecases::ParseTrainingLine(record, columns, 7);
  ASSERT_TRUE(std::holds_alternative<std::string>(parsed));
  EXPECT_LT(std::get<std::string>(parsed).size(), 300u);
}

int StatusOf(std::string_view body) {
  try {
    api::ParseJsonObject(body);
    return 200;
  } catch (const http::ApiError& e) {
    return e.status();
  }
}

std::string FieldOf(std::string_view body) {
  try {
    api::ParseJsonObject(body);
  } catch (const http::ApiError& e) {
    if (!e.errors().empty()) return e.errors().front().field;
  }
  return "";
}

TEST(JsonBody, RepeatedKeysAreRefusedNamingTheKey) {
  EXPECT_EQ(StatusOf(R"({"a": 1, "b": 2})"), 200);
  EXPECT_EQ(StatusOf(R"({"a": 1, "a": 2})"), 422);
  EXPECT_EQ(FieldOf(R"({"a": 1, "a": 2})"), "a");
  EXPECT_EQ(FieldOf(R"({"x": {"a": 1, "a": 2}})"), "x.a");
  EXPECT_EQ(FieldOf(R"({"x": [{"a": 1}, {"a": 2, "b": {"c": 1, "c": 1}}]})"), "x.b.c");
  // The same key in sibling objects is not a repeat.
  EXPECT_EQ(StatusOf(R"({"x": {"a": 1}, "y": {"a": 2}, "z": [{"a": 1}, {"a": 1}]})"), 200);
  // Escapes name the same key.
  EXPECT_EQ(StatusOf(R"({"a": 1, "\u0061": 2})"), 422);
}

TEST(JsonBody, DeepNestingAndBadTextAreA400) {
  std::string deep = "{\"a\": " + std::string(17, '[') + std::string(17, ']') + "}";
  EXPECT_EQ(StatusOf(deep), 400);
  std::string ok = "{\"a\": " + std::string(10, '[') + std::string(10, ']') + "}";
  EXPECT_EQ(StatusOf(ok), 200);
  EXPECT_EQ(StatusOf("{\"a\": \"\xff\"}"), 400);
  EXPECT_EQ(StatusOf("{\"a\": 1,}"), 400);
  EXPECT_EQ(StatusOf("[1]"), 400);
  EXPECT_EQ(StatusOf("{\"a\": 1} {}"), 400);
  EXPECT_EQ(StatusOf(""), 400);
}

TEST(Problem, EchoedBytesAreAlwaysValidJson) {
  const http::Response r = http::ProblemResponse(
      http::ApiError(404, "resource /a/\xff\xfe not found", {{"\x8E\x44", "bad \xC0"}}));
  EXPECT_TRUE(matching::IsValidUtf8(r.body));
  EXPECT_NO_THROW(boost::json::parse(r.body));
  const http::Response longer =
      http::ProblemResponse(http::ApiError(404, std::string(100000, 'x')));
  EXPECT_LT(longer.body.size(), 2000u);
}

}  // namespace
}  // namespace fostermatch
