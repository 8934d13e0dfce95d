#include "http/request.h"

#include "base/check.h"

namespace mamon::http {
namespace {

struct MethodName {
  Method method;
  std::string_view name;
};
constexpr MethodName kMethodNames[] = {
    {Method::kGet, "GET"},         {Method::kHead, "HEAD"},     {Method::kPost, "POST"},
    {Method::kPut, "PUT"},         {Method::kPatch, "PATCH"},   {Method::kDelete, "DELETE"},
    {Method::kOptions, "OPTIONS"},
};

const PathParam& find_param(const std::vector<PathParam>& params, std::string_view name) {
  for (const auto& p : params) {
    if (p.name == name) return p;
  }
  MAMON_CHECK_MSG(false, "the route pattern has no such parameter");
  __builtin_unreachable();
}

}  // namespace

std::string_view method_name(Method method) {
  for (const auto& m : kMethodNames) {
    if (m.method == method) return m.name;
  }
  return "OTHER";
}

Method parse_method(std::string_view name) {
  for (const auto& m : kMethodNames) {
    if (m.name == name) return m.method;
  }
  return Method::kOther;
}

std::optional<std::string_view> QueryParams::get(std::string_view name) const {
  for (const auto& [k, v] : entries_) {
    if (k == name) return std::string_view(v);
  }
  return std::nullopt;
}

std::int64_t Request::path_int(std::string_view name) const {
  return find_param(params, name).number;
}

const std::string& Request::path_text(std::string_view name) const {
  return find_param(params, name).text;
}

const Principal& Request::user() const {
  MAMON_CHECK_MSG(principal.has_value(), "user() on a route without authentication");
  return *principal;
}

}  // namespace mamon::http
