#include "service/model/json_text.h"

#include <gtest/gtest.h>

namespace fostermatch::model {
namespace {

namespace json = boost::json;

TEST(JsonText, WritesNumbersAsPeopleWriteThem) {
  EXPECT_EQ(ToJsonText(json::value(69.05)), "69.05");
  EXPECT_EQ(ToJsonText(json::value(0.35)), "0.35");
  EXPECT_EQ(ToJsonText(json::value(1.0)), "1.0");
  EXPECT_EQ(ToJsonText(json::value(94.24)), "94.24");
  EXPECT_EQ(ToJsonText(json::value(42)), "42");
}

TEST(JsonText, ReadsBackToTheSameValues) {
  const json::value v =
      json::parse(R"({"a":[1,2.5,-0.001,1e300,"x\"y\n",null,true],"b":{"c":0.1,"d":"中央区"}})");
  EXPECT_EQ(json::parse(ToJsonText(v)), v);
}

TEST(JsonText, WritesNonFiniteNumbersAsNull) {
  EXPECT_EQ(ToJsonText(json::value(std::numeric_limits<double>::infinity())), "null");
}

}  // namespace
}  // namespace fostermatch::model
