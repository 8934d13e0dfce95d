#include "domain/media.h"

namespace mamon::domain {
namespace {

constexpr std::size_t kMediaPathLengthMax = 255;

bool allowed_in_segment(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-' || c == '+' || c == ' ' || c == '(' || c == ')';
}

}  // namespace

std::string_view default_media_path(MediaKind kind) {
  switch (kind) {
    case MediaKind::kProduct:
      return "products/default.png";
    case MediaKind::kPersonnel:
      return "personel/default.png";
    case MediaKind::kHolder:
      break;
  }
  return "holder/user-default.jpg";
}

MediaKind media_kind_of_path(std::string_view path) {
  while (path.starts_with("/")) path.remove_prefix(1);
  if (path.starts_with("products/")) return MediaKind::kProduct;
  if (path.starts_with("personel/")) return MediaKind::kPersonnel;
  return MediaKind::kHolder;
}

std::string media_url(std::string_view public_url, std::string_view path, MediaKind kind) {
  if (path.starts_with("http://") || path.starts_with("https://")) return std::string(path);
  while (path.starts_with("/")) path.remove_prefix(1);
  if (path.starts_with("mediafiles/")) {
    path.remove_prefix(11);
  } else if (path.starts_with("media/")) {
    path.remove_prefix(6);
  }
  if (path.empty()) path = default_media_path(kind);
  std::string base(public_url);
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/media/" + std::string(path);
}

std::optional<std::string> safe_media_path(std::string_view path) {
  if (path.empty() || path.size() > kMediaPathLengthMax) return std::nullopt;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view segment = path.substr(start, end - start);
    if (segment.empty() || segment == "." || segment == "..") return std::nullopt;
    for (char c : segment) {
      if (!allowed_in_segment(c)) return std::nullopt;
    }
    start = end + 1;
  }
  return std::string(path);
}

std::optional<std::string_view> sniff_image_type(std::string_view bytes) {
  if (bytes.starts_with("\x89PNG\r\n\x1a\n")) return "image/png";
  if (bytes.starts_with("\xff\xd8\xff")) return "image/jpeg";
  if (bytes.starts_with("GIF87a") || bytes.starts_with("GIF89a")) return "image/gif";
  if (bytes.size() >= 12 && bytes.starts_with("RIFF") && bytes.substr(8, 4) == "WEBP") {
    return "image/webp";
  }
  return std::nullopt;
}

}  // namespace mamon::domain
