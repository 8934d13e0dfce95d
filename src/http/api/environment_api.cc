#include "http/api/environment_api.h"

#include <nlohmann/json.hpp>

namespace mamon::http::api {

void register_environment_routes(Router& router, AppContext& context) {
  const Config& config = context.config;
  router.add(
      Method::kGet, "/api/environment/{name:str}",
      [&config](const Request& request) -> Result<Response> {
        const std::string& name = request.path_text("name");
        // Only variables named open_* are meant to be public; the rest hold secrets.
        if (!name.starts_with("open_")) {
          return make_error(ErrorCode::kPermissionDenied, "This setting is not public.");
        }
        auto it = config.open_settings.find(name);
        if (it == config.open_settings.end()) {
          return make_error(ErrorCode::kNotFound, "No such setting.");
        }
        return Response::json(200, {{name, it->second}});
      },
      {.auth = Auth::kOptional});
}

}  // namespace mamon::http::api
