#include "base/clock.h"

#include <gtest/gtest.h>

namespace mamon {
namespace {

TEST(Iso8601, ParsesDjangoTimestamps) {
  EXPECT_EQ(*parse_iso8601("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(*parse_iso8601("2022-10-21T09:10:58.157Z"), 1666343458157000);
  EXPECT_EQ(*parse_iso8601("2026-11-23T21:05:00+01:00"), *parse_iso8601("2026-11-23T20:05:00Z"));
  EXPECT_FALSE(parse_iso8601("2026-11-23T21:05:00").ok());  // no zone: ambiguous
  EXPECT_FALSE(parse_iso8601("2026-13-01T00:00:00Z").ok());
  EXPECT_FALSE(parse_iso8601("yesterday").ok());
}

TEST(Iso8601, FormatsInTheConfiguredZoneWithOffset) {
  ASSERT_TRUE(set_time_zone("Europe/Amsterdam"));
  EXPECT_EQ(format_iso8601(*parse_iso8601("2026-11-23T20:05:00Z")), "2026-11-23T21:05:00+01:00");
  EXPECT_EQ(format_iso8601(*parse_iso8601("2026-07-01T10:00:00.250Z")),
            "2026-07-01T12:00:00.250+02:00");
  EXPECT_FALSE(set_time_zone("Mars/Olympus_Mons"));
}

}  // namespace
}  // namespace mamon
