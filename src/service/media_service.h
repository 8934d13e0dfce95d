// Serving pictures (GET /media/… and /mediafiles/…): a stored file when it is really an image,
// else nothing (the caller answers the default picture of the path's kind).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mamon::service {

struct MediaFile {
  std::string bytes;
  std::string_view content_type;  // from the content's magic numbers, never from the name
};

// The picture at `requested_path` under `media_root`: the path must be safe
// (domain::safe_media_path), the file at most limits::kMediaFileBytesMax bytes, and its content
// a PNG, JPEG, GIF or WebP image (an SVG or a file that lies about its type is never served).
// nullopt otherwise. Blocking file I/O; thread-safe.
std::optional<MediaFile> load_media_file(const std::string& media_root,
                                         std::string_view requested_path);

}  // namespace mamon::service
