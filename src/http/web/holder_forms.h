// The money and card forms of the board's holder page (/board/holders/{id}/, WEB.md §2
// "Holders"): which form a POST came from, the user's input and the error next to its field,
// so that a refused form re-renders (422) with the input kept. holders_page.cc renders the page,
// holder_actions_page.cc handles the POSTs.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "base/result.h"
#include "http/response.h"
#include "http/web/page.h"

namespace mamon::http::web {

struct HolderForms {
  std::string form;                           // "" (none posted), "top_up", "refund", ...
  std::map<std::string, std::string> values;  // the posted fields of that form
  std::string field;                          // the field the error belongs to ("" = the form)
  std::string error;                          // the translated message, "" = none
};

// The holder page with `forms` filled in, answered with `status` (200, or 422 after a refused
// POST). Errors as the page's GET (kPermissionDenied, 404 for an unknown holder).
Result<Response> render_board_holder(Page& page, std::int64_t holder_id, const HolderForms& forms,
                                     int status);

// The view of the forms for board_holder.mustache: action paths, fields with value and error.
nlohmann::json holder_forms_view(const Page& page, std::int64_t holder_id,
                                 const HolderForms& forms);

}  // namespace mamon::http::web
