#include "service/media_uploads.h"

#include "base/limits.h"
#include "service/idempotency.h"
#include "storage/media_files.h"

namespace mamon::service {
namespace {

// Text that a browser could render as markup: an SVG or HTML file, a UTF-8 BOM before it, or an
// XML declaration. Looked at only when the magic numbers matched no picture, to give the SVG its
// own message.
bool looks_like_markup(std::string_view bytes) {
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  while (!bytes.empty() && (bytes.front() == ' ' || bytes.front() == '\t' ||
                            bytes.front() == '\r' || bytes.front() == '\n')) {
    bytes.remove_prefix(1);
  }
  return bytes.starts_with("<");
}

std::string_view extension_of(std::string_view content_type) {
  if (content_type == "image/png") return "png";
  if (content_type == "image/jpeg") return "jpg";
  if (content_type == "image/gif") return "gif";
  return "webp";
}

}  // namespace

std::optional<ImageRefusal> image_refusal(std::string_view bytes) {
  if (bytes.empty()) return ImageRefusal::kEmpty;
  if (bytes.size() > limits::kUploadImageBytesMax) return ImageRefusal::kTooLarge;
  if (domain::sniff_image_type(bytes)) return std::nullopt;
  if (looks_like_markup(bytes)) return ImageRefusal::kSvg;
  return ImageRefusal::kNotAnImage;
}

std::string_view image_refusal_message(ImageRefusal refusal) {
  switch (refusal) {
    case ImageRefusal::kEmpty:
      return "Choose a picture to upload.";
    case ImageRefusal::kTooLarge:
      return "The picture is larger than 10 MiB.";
    case ImageRefusal::kSvg:
      return "SVG and other text files are not accepted (they can carry scripts); upload a PNG, "
             "JPEG, WebP or GIF.";
    case ImageRefusal::kNotAnImage:
      break;
  }
  return "This file is not a PNG, JPEG, WebP or GIF picture, whatever its name says.";
}

std::string_view media_folder(domain::MediaKind kind) {
  switch (kind) {
    case domain::MediaKind::kProduct:
      return "products";
    case domain::MediaKind::kPersonnel:
      return "personel";  // sic: the old system's folder, which imported paths name
    case domain::MediaKind::kHolder:
      break;
  }
  return "holder";
}

Result<std::string> store_image(const std::string& media_root, std::string_view bytes,
                                domain::MediaKind kind) {
  if (std::optional<ImageRefusal> refusal = image_refusal(bytes)) {
    return make_error(ErrorCode::kInvalidInput, std::string(image_refusal_message(*refusal)),
                      "image");
  }
  const std::string_view type = *domain::sniff_image_type(bytes);
  std::string path = std::string(media_folder(kind)) + "/" + sha256_hex(bytes) + "." +
                     std::string(extension_of(type));
  MAMON_RETURN_IF_ERROR(storage::write_media_file(media_root, path, bytes));
  return path;
}

}  // namespace mamon::service
