// Parsing an application/x-www-form-urlencoded body (the Mollie webhook's `id=tr_...`; the
// backoffice's form posts), for handlers on routes with BodyKind::kAny:
//
//   MAMON_TRY(QueryParams form, parse_form_body(request));
//   std::optional<std::string_view> id = form.get("id");
#pragma once

#include "base/result.h"
#include "http/request.h"

namespace mamon::http {

// The decoded fields in order ('+' is a space). Error kInvalidInput (field "body") when the
// Content-Type is not application/x-www-form-urlencoded or the body has a bad percent escape.
Result<QueryParams> parse_form_body(const Request& request);

}  // namespace mamon::http
