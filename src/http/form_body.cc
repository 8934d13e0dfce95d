#include "http/form_body.h"

#include <boost/url/params_view.hpp>
#include <boost/url/parse_query.hpp>

#include "http/headers.h"

namespace mamon::http {
namespace {

bool is_form_content_type(std::string_view content_type) {
  constexpr std::string_view kForm = "application/x-www-form-urlencoded";
  std::string_view media = content_type.substr(0, content_type.find(';'));
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  if (media.size() != kForm.size()) return false;
  for (std::size_t i = 0; i < media.size(); ++i) {
    char c = media[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != kForm[i]) return false;
  }
  return true;
}

}  // namespace

Result<QueryParams> parse_form_body(const Request& request) {
  if (!is_form_content_type(request.headers.get("Content-Type").value_or(""))) {
    return make_error(ErrorCode::kInvalidInput,
                      "The body must be application/x-www-form-urlencoded.", "body");
  }
  // Checked first, so that the params_view below (which throws on a bad escape) cannot throw.
  if (!boost::urls::parse_query(request.body)) {
    return make_error(ErrorCode::kInvalidInput, "The form body is malformed.", "body");
  }
  QueryParams form;
  boost::urls::encoding_opts opts(/*space_as_plus=*/true);
  for (auto param : boost::urls::params_view(request.body, opts)) {
    form.add(std::string(param.key), param.has_value ? std::string(param.value) : "");
  }
  return form;
}

}  // namespace mamon::http
