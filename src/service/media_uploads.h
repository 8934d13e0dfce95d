// Storing uploaded pictures (WEB.md §2 "Media"; issue 9, item 5): a picture is recognised by its
// content (magic numbers), never by its name or claimed type, and stored under MEDIA_ROOT by
// content hash, so the same file uploaded twice is one file and a stored name never changes its
// bytes (GET /media/… may cache it for a day). The database keeps only the returned path.
//
//   MAMON_TRY(std::string path, store_image(config.media_root, file.bytes, MediaKind::kProduct));
//   // path == "products/3f1c…9a.png"; served at /media/products/3f1c…9a.png
//
// Blocking file I/O; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "domain/media.h"

namespace mamon::service {

// Why a file is not accepted as a picture, in the order they are checked.
enum class ImageRefusal {
  kEmpty,       // no bytes (no file chosen)
  kTooLarge,    // over limits::kUploadImageBytesMax
  kSvg,         // an SVG (or other XML/HTML text): it can carry script, never accepted
  kNotAnImage,  // not a PNG, JPEG, WebP or GIF by its content, whatever its name says
};

// The refusal of `bytes`, or nullopt when they are a PNG, JPEG, WebP or GIF of an accepted size.
// Pages use it to say, in the page's language, what is wrong next to the field.
std::optional<ImageRefusal> image_refusal(std::string_view bytes);

// The English sentence of a refusal (the Error message of store_image).
std::string_view image_refusal_message(ImageRefusal refusal);

// The folder of `kind` under MEDIA_ROOT, as the old system laid them out (domain/media.h):
// "products", "holder", "personel".
std::string_view media_folder(domain::MediaKind kind);

// Checks `bytes` (image_refusal) and stores them as "<folder>/<sha256 of bytes>.<ext>" under
// `media_root` (ext from the content: png, jpg, webp, gif), atomically
// (storage::write_media_file). Returns that relative path, which /media/<path> serves.
// Errors: kInvalidInput (field "image") with image_refusal_message(); kUnavailable when the
// file cannot be written. A stored file whose database change later fails is left in place: it
// is harmless (named by its content, never listed) and the next upload of it reuses it.
Result<std::string> store_image(const std::string& media_root, std::string_view bytes,
                                domain::MediaKind kind);

}  // namespace mamon::service
