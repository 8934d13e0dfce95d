// GET /media/{file} and /mediafiles/{file} (the old system's prefix, which imported image paths
// and the bar app use): the stored picture, or the default picture of the path's kind so that the
// app never loads a 404 (WEB.md §2b). Public, like the old system's media files.
#include "domain/media.h"
#include "http/embedded_files.h"
#include "http/routes.h"
#include "service/media_service.h"

namespace mamon::http {
namespace {

Response image_response(std::string bytes, std::string_view content_type,
                        std::string_view cache_control) {
  Response response = Response::text(200, std::move(bytes), content_type);
  response.headers.set("X-Content-Type-Options", "nosniff");
  response.headers.set("Cache-Control", cache_control);
  return response;
}

// The embedded default picture of `kind` (always present: web/media-defaults is compiled in).
Response default_picture(domain::MediaKind kind) {
  const std::string_view name = domain::default_media_path(kind);
  for (const EmbeddedFile& file : media_default_files()) {
    if (file.name != name) continue;
    // Short caching: a real picture may be copied into MEDIA_ROOT later.
    return image_response(std::string(file.bytes),
                          domain::sniff_image_type(file.bytes).value_or("application/octet-stream"),
                          "public, max-age=300");
  }
  return Response::error_envelope(404, "not_found", "Not found.");
}

Handler media_handler(const std::string& media_root) {
  return [&media_root](const Request& request) -> Result<Response> {
    const std::string& path = request.path_text("path");
    if (auto file = service::load_media_file(media_root, path)) {
      // Stored pictures never change under one name (uploads are stored by content hash).
      return image_response(std::move(file->bytes), file->content_type, "public, max-age=86400");
    }
    return default_picture(domain::media_kind_of_path(path));
  };
}

}  // namespace

void register_media_routes(Router& router, AppContext& context) {
  const std::string& media_root = context.config.media_root;
  for (const char* prefix : {"/media/{path:path}", "/mediafiles/{path:path}"}) {
    router.add(Method::kGet, prefix, media_handler(media_root),
               {.auth = Auth::kNone, .body = BodyKind::kAny});
  }
}

}  // namespace mamon::http
