// GET /api/ (API.md "Misc"): the OpenAPI 3.0 document of the whole HTTP API. The document is
// docs/openapi.json, compiled into the binary at build time (cmake/embed_file.cmake);
// openapi_test.cc checks that it lists exactly the routes registered in the Router.
#pragma once

#include <string_view>

#include "http/router.h"
#include "http/routes.h"

namespace mamon::http::api {

// The text of docs/openapi.json as built (generated source).
std::string_view openapi_document_json();

// Registers GET /api/ (public: the document describes, it grants nothing).
void register_openapi_routes(Router& router, AppContext& context);

}  // namespace mamon::http::api
