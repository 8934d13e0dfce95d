#include "service/media_service.h"

#include "base/limits.h"
#include "domain/media.h"
#include "storage/media_files.h"

namespace mamon::service {

std::optional<MediaFile> load_media_file(const std::string& media_root,
                                         std::string_view requested_path) {
  std::optional<std::string> path = domain::safe_media_path(requested_path);
  if (!path) return std::nullopt;
  std::optional<std::string> bytes =
      storage::read_media_file(media_root, *path, limits::kMediaFileBytesMax);
  if (!bytes) return std::nullopt;
  std::optional<std::string_view> type = domain::sniff_image_type(*bytes);
  if (!type) return std::nullopt;
  return MediaFile{std::move(*bytes), *type};
}

}  // namespace mamon::service
