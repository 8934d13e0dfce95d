#include "http/web/assets.h"

#include "base/check.h"

namespace mamon::http::web {
namespace {

constexpr std::size_t kHashLength = 16;  // 64 bits: no two versions of a file collide

const WebFile* find_by_name(std::string_view name) {
  for (const WebFile& file : web_static_files()) {
    if (file.name == name) return &file;
  }
  return nullptr;
}

}  // namespace

std::string asset_url(std::string_view name) {
  const WebFile* file = find_by_name(name);
  MAMON_CHECK_MSG(file != nullptr, "unknown static asset");
  std::string url = "/static/";
  url.append(file->sha256.substr(0, kHashLength)).append("/").append(name);
  return url;
}

std::optional<WebFile> find_asset(std::string_view hash, std::string_view name) {
  const WebFile* file = find_by_name(name);
  if (file == nullptr || hash != file->sha256.substr(0, kHashLength)) return std::nullopt;
  return *file;
}

std::string_view asset_content_type(std::string_view name) {
  if (name.ends_with(".css")) return "text/css; charset=utf-8";
  if (name.ends_with(".js")) return "text/javascript; charset=utf-8";
  if (name.ends_with(".png")) return "image/png";
  if (name.ends_with(".svg")) return "image/svg+xml";
  if (name.ends_with(".ico")) return "image/x-icon";
  if (name.ends_with(".woff2")) return "font/woff2";
  if (name.ends_with(".map") || name.ends_with(".json")) return "application/json";
  return "application/octet-stream";
}

}  // namespace mamon::http::web
