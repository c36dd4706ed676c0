#include "matching/domain.h"

#include <gtest/gtest.h>

namespace fostermatch::matching {
namespace {

TEST(Domain, EnumNamesRoundTrip) {
  for (auto c : {Course::kBasic, Course::kPreRegistration, Course::kRenewal, Course::kSpecialized,
                 Course::kPractical, Course::kOther}) {
    EXPECT_EQ(ParseEnum<Course>(ToString(c)), c);
  }
  EXPECT_EQ(ToString(FosterType::kSpecialized), "specialized");
  EXPECT_FALSE(ParseEnum<FosterType>("Foster"));
  EXPECT_EQ(AllowedValues<Sex>(), "female or male");
}

TEST(Domain, EnumSetListsMembersInEnumOrder) {
  FosterTypes types{FosterType::kAdoptive, FosterType::kFoster};
  EXPECT_TRUE(types.Has(FosterType::kFoster));
  EXPECT_FALSE(types.Has(FosterType::kKinship));
  ASSERT_EQ(types.Names().size(), 2u);
  EXPECT_EQ(types.Names()[0], "foster");
  EXPECT_TRUE(types.ContainsAll({FosterType::kAdoptive}));
}

TEST(Domain, RegistrationLastsFiveYearsAndTwoForSpecialized) {
  const Date registered = Date::FromYmd(2022, 4, 1);
  EXPECT_EQ(DefaultRegistrationExpiry({FosterType::kFoster}, registered).ToString(), "2027-03-31");
  EXPECT_EQ(DefaultRegistrationExpiry({FosterType::kAdoptive}, registered).ToString(),
            "2027-03-31");
  EXPECT_EQ(DefaultRegistrationExpiry({FosterType::kFoster, FosterType::kSpecialized}, registered)
                .ToString(),
            "2024-03-31");
}

TEST(Domain, CapacityIsFourTwoForSpecializedOnlyAndSixInTheHome) {
  EXPECT_EQ(MaxCapacity({FosterType::kFoster}, 0), 4);
  EXPECT_EQ(MaxCapacity({FosterType::kSpecialized}, 0), 2);
  EXPECT_EQ(MaxCapacity({FosterType::kSpecialized, FosterType::kFoster}, 0), 4);
  EXPECT_EQ(MaxCapacity({FosterType::kFoster}, 3), 3);
  EXPECT_EQ(MaxCapacity({FosterType::kFoster}, 6), 0);
}

}  // namespace
}  // namespace fostermatch::matching
