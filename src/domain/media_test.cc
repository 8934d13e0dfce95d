#include "domain/media.h"

#include <gtest/gtest.h>

namespace mamon::domain {
namespace {

TEST(MediaUrl, AbsoluteForStoredPathsAndDefaultsWhenEmpty) {
  const std::string base = "http://bar.example:8000";
  EXPECT_EQ(media_url(base, "products/pils.png", MediaKind::kProduct),
            "http://bar.example:8000/media/products/pils.png");
  EXPECT_EQ(media_url(base + "/", "/mediafiles/holder/x.jpg", MediaKind::kHolder),
            "http://bar.example:8000/media/holder/x.jpg");
  EXPECT_EQ(media_url(base, "media/personel/p.png", MediaKind::kPersonnel),
            "http://bar.example:8000/media/personel/p.png");
  EXPECT_EQ(media_url(base, "https://leden.example/foto.jpg", MediaKind::kHolder),
            "https://leden.example/foto.jpg");
  // Never "": the app needs a URL whose path contains "default" to draw initials.
  EXPECT_EQ(media_url(base, "", MediaKind::kProduct),
            "http://bar.example:8000/media/products/default.png");
  EXPECT_EQ(media_url(base, "", MediaKind::kHolder),
            "http://bar.example:8000/media/holder/user-default.jpg");
  EXPECT_EQ(media_url(base, "", MediaKind::kPersonnel),
            "http://bar.example:8000/media/personel/default.png");
}

TEST(MediaKindOfPath, ByFirstFolder) {
  EXPECT_EQ(media_kind_of_path("products/a.png"), MediaKind::kProduct);
  EXPECT_EQ(media_kind_of_path("personel/a.png"), MediaKind::kPersonnel);
  EXPECT_EQ(media_kind_of_path("holder/a.png"), MediaKind::kHolder);
  EXPECT_EQ(media_kind_of_path("elsewhere/a.png"), MediaKind::kHolder);
}

TEST(SafeMediaPath, RefusesTraversalAndOddCharacters) {
  EXPECT_EQ(safe_media_path("products/Pils (1).png"), "products/Pils (1).png");
  for (const char* bad : {"", "../etc/passwd", "products/../../x", "/abs", "a//b", "a/./b", "a\\b",
                          "a/b\n", "a/b%2e", "x/"}) {
    EXPECT_FALSE(safe_media_path(bad)) << bad;
  }
  EXPECT_FALSE(safe_media_path(std::string(300, 'a')));
}

TEST(SniffImageType, ByMagicNumbersOnly) {
  EXPECT_EQ(sniff_image_type(std::string_view("\x89PNG\r\n\x1a\n....", 12)), "image/png");
  EXPECT_EQ(sniff_image_type("\xff\xd8\xff\xe0 JFIF"), "image/jpeg");
  EXPECT_EQ(sniff_image_type("GIF89a..."), "image/gif");
  EXPECT_EQ(sniff_image_type("RIFF\x10\0\0\0WEBPVP8 "), std::nullopt);  // embedded NUL: too short
  EXPECT_EQ(sniff_image_type(std::string_view("RIFF\x10\0\0\0WEBPVP8 ", 16)), "image/webp");
  EXPECT_EQ(sniff_image_type("<svg onload=alert(1)>"), std::nullopt);
  EXPECT_EQ(sniff_image_type("not an image.png"), std::nullopt);
}

}  // namespace
}  // namespace mamon::domain
