#include "http/web/holder_forms.h"

namespace mamon::http::web {
namespace {

std::string value_of(const HolderForms& f, std::string_view form, const std::string& name) {
  if (f.form != form) return {};
  auto it = f.values.find(name);
  return it == f.values.end() ? std::string() : it->second;
}

std::string error_of(const HolderForms& f, std::string_view form, std::string_view field) {
  return f.form == form && f.field == field ? f.error : std::string();
}

nlohmann::json form_view(const Page& page, std::int64_t holder_id, const HolderForms& f,
                         std::string_view form, std::string_view action) {
  const std::string prefix = std::string(form) + "-";
  auto field = [&](const std::string& name, std::string_view label_key, std::string_view type) {
    nlohmann::json v =
        field_view(page, name, label_key, type, value_of(f, form, name), error_of(f, form, name));
    v["id"] = prefix + name;
    return v;
  };
  nlohmann::json view = {
      {"action", "/board/holders/" + std::to_string(holder_id) + "/" + std::string(action) + "/"},
      {"form_error", error_of(f, form, "")}};
  if (form == "top_up" || form == "refund") {
    view["amount"] = field("amount", "holder_forms.amount", "text");
    view["comment"] =
        field("comment", form == "refund" ? "holder_forms.reason" : "holder_forms.comment", "text");
    const std::string method = value_of(f, form, "method");
    view["pin_checked"] = method == "pin";
    view["method_error"] = error_of(f, form, "method");
  } else if (form == "correction") {
    view["amount"] = field("amount", "holder_forms.correction_amount", "text");
    view["reason"] = field("reason", "holder_forms.reason", "text");
  } else if (form == "credit_floor") {
    view["floor"] = field("floor", "holder_forms.floor", "text");
  } else if (form == "link_card") {
    view["card_id"] = field("card_id", "holder_forms.card_uid", "text");
    view["card_name"] = field("card_name", "holder_forms.card_name", "text");
  }
  return view;
}

}  // namespace

nlohmann::json holder_forms_view(const Page& page, std::int64_t holder_id,
                                 const HolderForms& forms) {
  return {{"top_up", form_view(page, holder_id, forms, "top_up", "top-up")},
          {"refund", form_view(page, holder_id, forms, "refund", "refund")},
          {"correction", form_view(page, holder_id, forms, "correction", "correction")},
          {"credit_floor", form_view(page, holder_id, forms, "credit_floor", "credit-floor")},
          {"link_card", form_view(page, holder_id, forms, "link_card", "link-card")},
          {"card_error", forms.form == "card" ? forms.error : std::string()},
          {"base", "/board/holders/" + std::to_string(holder_id) + "/"}};
}

}  // namespace mamon::http::web
