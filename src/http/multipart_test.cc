#include "http/multipart.h"

#include <gtest/gtest.h>

#include <string>

namespace mamon::http {
namespace {

constexpr std::string_view kType = "multipart/form-data; boundary=----b0und";

// A body of parts written as browsers write them ("\r\n" line ends).
std::string body_of(std::initializer_list<std::string> parts, std::string boundary = "----b0und") {
  std::string body;
  for (const std::string& part : parts) body += "--" + boundary + "\r\n" + part + "\r\n";
  body += "--" + boundary + "--\r\n";
  return body;
}

std::string text_part(std::string_view name, std::string_view value) {
  return "Content-Disposition: form-data; name=\"" + std::string(name) + "\"\r\n\r\n" +
         std::string(value);
}

std::string file_part(std::string_view name, std::string_view filename, std::string_view bytes,
                      std::string_view type = "image/png") {
  return "Content-Disposition: form-data; name=\"" + std::string(name) + "\"; filename=\"" +
         std::string(filename) + "\"\r\nContent-Type: " + std::string(type) + "\r\n\r\n" +
         std::string(bytes);
}

TEST(MultipartTest, ReadsTextFieldsAndFilesInOrder) {
  const std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + "\r\n--not-the-boundary\r\n";
  auto form = parse_multipart_form(
      kType, body_of({text_part("csrf_token", "abc"), text_part("name", "Bier\r\nPils"),
                      file_part("image", "bier.png", png), text_part("name", "second")}));
  ASSERT_TRUE(form.ok()) << form.error().message;
  EXPECT_EQ(form->fields.get("csrf_token"), "abc");
  EXPECT_EQ(form->fields.get("name"), "Bier\r\nPils");  // first of two; line breaks kept
  EXPECT_EQ(form->fields.entries().size(), 3u);
  ASSERT_EQ(form->files.size(), 1u);
  EXPECT_EQ(form->files[0].field, "image");
  EXPECT_EQ(form->files[0].filename, "bier.png");
  EXPECT_EQ(form->files[0].content_type, "image/png");
  EXPECT_EQ(form->files[0].bytes, png);  // a near-boundary inside the content is content
  ASSERT_NE(form->file("image"), nullptr);
  EXPECT_EQ(form->file("other"), nullptr);
}

TEST(MultipartTest, AnEmptyFilePartIsNoFile) {
  auto form = parse_multipart_form(kType, body_of({file_part("image", "", "")}));
  ASSERT_TRUE(form.ok());
  EXPECT_EQ(form->files.size(), 1u);
  EXPECT_EQ(form->file("image"), nullptr);
}

TEST(MultipartTest, BoundaryMayBeQuotedAndTheTypeAnyCase) {
  auto form = parse_multipart_form("Multipart/Form-Data; charset=utf-8; boundary=\"a b:c\"",
                                   body_of({text_part("x", "1")}, "a b:c"));
  ASSERT_TRUE(form.ok()) << form.error().message;
  EXPECT_EQ(form->fields.get("x"), "1");
}

TEST(MultipartTest, QuotedNamesKeepSemicolonsAndPercentEscapes) {
  auto form =
      parse_multipart_form(kType, body_of({file_part("image", "a;b %22c%22.png", "GIF89a")}));
  ASSERT_TRUE(form.ok()) << form.error().message;
  EXPECT_EQ(form->files[0].filename, "a;b %22c%22.png");
}

TEST(MultipartTest, APathInTheFileNameIsKeptForTheHandlerToRefuse) {
  for (std::string name : std::initializer_list<std::string>{"../../etc/passwd", "products/x.png",
                                                             "C:\\Users\\me\\x.png", "..", ".",
                                                             std::string("x\x01.png")}) {
    auto form = parse_multipart_form(kType, body_of({file_part("image", name, "GIF89a")}));
    ASSERT_TRUE(form.ok()) << name;
    EXPECT_EQ(form->files.at(0).filename, name);
    EXPECT_FALSE(is_plain_filename(form->files[0].filename)) << name;
  }
  EXPECT_TRUE(is_plain_filename("bier (1).png"));
  EXPECT_TRUE(is_plain_filename(""));
  EXPECT_TRUE(is_plain_filename("..hidden.png"));
}

TEST(MultipartTest, RefusesAWrongOrMissingBoundary) {
  const std::string body = body_of({text_part("x", "1")});
  EXPECT_FALSE(parse_multipart_form("multipart/form-data", body).ok());
  EXPECT_FALSE(parse_multipart_form("multipart/form-data; boundary=", body).ok());
  EXPECT_FALSE(parse_multipart_form("multipart/form-data; boundary=other", body).ok());
  EXPECT_FALSE(parse_multipart_form("application/x-www-form-urlencoded", body).ok());
  EXPECT_FALSE(
      parse_multipart_form("multipart/form-data; boundary=" + std::string(71, 'b'), body).ok());
  EXPECT_FALSE(parse_multipart_form("multipart/form-data; boundary=\"open", body).ok());
}

TEST(MultipartTest, RefusesATruncatedBody) {
  std::string body = body_of({text_part("x", "1")});
  body.resize(body.size() - 10);  // the closing delimiter is cut
  EXPECT_FALSE(parse_multipart_form(kType, body).ok());
  EXPECT_FALSE(parse_multipart_form(kType, "").ok());
  EXPECT_FALSE(parse_multipart_form(kType,
                                    "--"
                                    "----b0und\r\nContent-Disposition: form-data; "
                                    "name=\"x\"\r\n")
                   .ok());  // no blank line
}

TEST(MultipartTest, RefusesPartsWithoutAFormDataName) {
  EXPECT_FALSE(parse_multipart_form(kType, body_of({"Content-Type: text/plain\r\n\r\nx"})).ok());
  EXPECT_FALSE(
      parse_multipart_form(kType, body_of({"Content-Disposition: attachment; name=\"x\"\r\n\r\n"}))
          .ok());
  EXPECT_FALSE(
      parse_multipart_form(kType, body_of({"Content-Disposition: form-data\r\n\r\nx"})).ok());
  EXPECT_FALSE(parse_multipart_form(kType, body_of({"no colon here\r\n\r\nx"})).ok());
}

TEST(MultipartTest, EnforcesItsLimits) {
  std::vector<std::string> parts;
  auto many = [&](std::size_t n) {
    std::string body;
    for (std::size_t i = 0; i < n; ++i)
      body +=
          "--"
          "----b0und\r\n" +
          text_part("f", "v") + "\r\n";
    return body +
           "--"
           "----b0und--";
  };
  EXPECT_TRUE(parse_multipart_form(kType, many(64)).ok());
  EXPECT_FALSE(parse_multipart_form(kType, many(65)).ok());

  EXPECT_TRUE(
      parse_multipart_form(kType, body_of({text_part("f", std::string(64 * 1024, 'x'))})).ok());
  auto long_field =
      parse_multipart_form(kType, body_of({text_part("f", std::string(64 * 1024 + 1, 'x'))}));
  ASSERT_FALSE(long_field.ok());
  EXPECT_EQ(long_field.error().field, "f");
  // Files are bounded by the route's body limit only.
  EXPECT_TRUE(
      parse_multipart_form(kType, body_of({file_part("f", "a.gif", std::string(100'000, 'x'))}))
          .ok());
  const std::string long_header =
      "Content-Disposition: form-data; name=\"f\"\r\nX-Pad: " + std::string(9000, 'p') +
      "\r\n\r\nv";
  EXPECT_FALSE(parse_multipart_form(kType, body_of({long_header})).ok());
}

}  // namespace
}  // namespace mamon::http
