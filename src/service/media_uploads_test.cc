#include "service/media_uploads.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "base/limits.h"
#include "service/idempotency.h"
#include "service/media_service.h"

namespace mamon::service {
namespace {

namespace fs = std::filesystem;

const std::string kPng = std::string("\x89PNG\r\n\x1a\n", 8) + "rest of a png";
const std::string kJpeg = std::string("\xff\xd8\xff\xe0", 4) + "jfif";
const std::string kGif = "GIF89a....";
const std::string kWebp = std::string("RIFF\x10\0\0\0WEBPVP8 ", 16);

class MediaUploadsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string dir = (fs::temp_directory_path() / "mamon-media-XXXXXX").string();
    ASSERT_NE(mkdtemp(dir.data()), nullptr);
    root_ = dir;
  }
  void TearDown() override { fs::remove_all(root_); }

  std::size_t files_under(const fs::path& dir) {
    std::size_t n = 0;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) n += entry.is_regular_file();
    return n;
  }

  std::string root_;
};

TEST_F(MediaUploadsTest, StoresByContentHashWithTheTypesExtension) {
  Result<std::string> path = store_image(root_, kPng, domain::MediaKind::kProduct);
  ASSERT_TRUE(path.ok()) << path.error().message;
  EXPECT_EQ(*path, "products/" + sha256_hex(kPng) + ".png");
  std::ifstream in(fs::path(root_) / *path, std::ios::binary);
  std::string stored((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(stored, kPng);
  // And GET /media/<path> serves it with its real type.
  std::optional<MediaFile> served = load_media_file(root_, *path);
  ASSERT_TRUE(served.has_value());
  EXPECT_EQ(served->content_type, "image/png");

  EXPECT_EQ(store_image(root_, kJpeg, domain::MediaKind::kPersonnel).value(),
            "personel/" + sha256_hex(kJpeg) + ".jpg");
  EXPECT_EQ(store_image(root_, kGif, domain::MediaKind::kHolder).value(),
            "holder/" + sha256_hex(kGif) + ".gif");
  EXPECT_TRUE(store_image(root_, kWebp, domain::MediaKind::kProduct).value().ends_with(".webp"));
}

TEST_F(MediaUploadsTest, TheSameFileTwiceIsOneFileAndNoTemporaryIsLeft) {
  const std::string first = store_image(root_, kPng, domain::MediaKind::kProduct).value();
  const std::string second = store_image(root_, kPng, domain::MediaKind::kProduct).value();
  EXPECT_EQ(first, second);
  EXPECT_EQ(files_under(root_), 1u);
}

TEST_F(MediaUploadsTest, RefusesWhatIsNotAPicture) {
  EXPECT_EQ(image_refusal(""), ImageRefusal::kEmpty);
  EXPECT_EQ(image_refusal("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script>"),
            ImageRefusal::kSvg);
  EXPECT_EQ(image_refusal("\xEF\xBB\xBF\n  <?xml version=\"1.0\"?><svg/>"), ImageRefusal::kSvg);
  EXPECT_EQ(image_refusal("<html><script>alert(1)</script></html>"), ImageRefusal::kSvg);
  // A file named bier.png that is really something else: its content decides.
  EXPECT_EQ(image_refusal("PK\x03\x04 a zip"), ImageRefusal::kNotAnImage);
  EXPECT_EQ(image_refusal("\x89PNX"), ImageRefusal::kNotAnImage);
  EXPECT_EQ(
      image_refusal(std::string(limits::kUploadImageBytesMax + 1, 'G').replace(0, 6, "GIF89a")),
      ImageRefusal::kTooLarge);
  EXPECT_EQ(image_refusal(kPng), std::nullopt);

  Result<std::string> refused =
      store_image(root_, "<svg onload=\"alert(1)\"/>", domain::MediaKind::kProduct);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(refused.error().field, "image");
  EXPECT_NE(refused.error().message.find("SVG"), std::string::npos);
  EXPECT_EQ(files_under(root_), 0u);
}

TEST_F(MediaUploadsTest, AnUnwritableRootIsUnavailable) {
  const fs::path file = fs::path(root_) / "not-a-folder";
  std::ofstream(file) << "x";
  Result<std::string> r = store_image(file.string(), kPng, domain::MediaKind::kProduct);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace mamon::service
