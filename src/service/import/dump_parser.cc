#include "service/import/dump_parser.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <set>
#include <vector>

#include "base/limits.h"
#include "domain/products.h"
#include "service/import/dump_models.h"
#include "service/import/field_reader.h"

namespace mamon::service::import {
namespace {

using nlohmann::json;

Error record_error(const RecordRef& ref, std::string_view reason) {
  std::string message = describe(ref);
  message.append(": ").append(reason);
  return make_error(ErrorCode::kMalformedRecord, std::move(message));
}

// Warns once per label and field about fields the old model did not have.
void warn_unknown_fields(const json& fields, const ModelSpec& spec, const RecordRef& ref,
                         DumpData& data, std::set<std::string>& warned) {
  for (auto it = fields.begin(); it != fields.end(); ++it) {
    const std::string& name = it.key();
    auto known = [&](const std::vector<std::string_view>& list) {
      return std::find(list.begin(), list.end(), name) != list.end();
    };
    if (known(spec.fields) || known(spec.optional_fields)) continue;
    std::string key = std::string(spec.label) + "." + name;
    if (!warned.insert(key).second) continue;
    data.warnings.push_back(describe(ref) + ": " + std::string(spec.label) + " field '" + name +
                            "' is not known to the importer; ignored (warned once per field)");
  }
}

Status check_length(const FieldReader& f, std::string_view field, const std::string& value,
                    std::size_t min, std::size_t max) {
  if (value.size() < min || value.size() > max) {
    return f.field_error(field, "must be " + std::to_string(min) + " to " + std::to_string(max) +
                                    " characters long");
  }
  return ok_status();
}

Status read_group(const FieldReader& f, DumpGroup& r) {
  MAMON_TRY(r.name, f.text("name"));
  return check_length(f, "name", r.name, 1, limits::kNameLengthMax);
}

Status read_user(const FieldReader& f, DumpUser& r) {
  MAMON_TRY(r.username, f.text("username"));
  MAMON_RETURN_IF_ERROR(check_length(f, "username", r.username, 1, limits::kNameLengthMax));
  MAMON_TRY(r.password, f.text_or_empty("password"));
  MAMON_TRY(r.first_name, f.text_or_empty("first_name"));
  MAMON_TRY(r.last_name, f.text_or_empty("last_name"));
  MAMON_TRY(r.email, f.text_or_empty("email"));
  MAMON_TRY(r.is_active, f.boolean("is_active"));
  MAMON_TRY(r.is_superuser, f.boolean("is_superuser"));
  MAMON_TRY(r.is_staff, f.boolean("is_staff"));
  MAMON_TRY(r.date_joined_us, f.time("date_joined"));
  MAMON_TRY(r.last_login_us, f.optional_time("last_login"));
  MAMON_TRY(r.groups, f.integer_list("groups"));
  if (f.has("user_permissions")) {
    MAMON_TRY(auto permissions, f.integer_list("user_permissions"));
    r.user_permissions = permissions.size();
  }
  return ok_status();
}

Status read_holder(const FieldReader& f, DumpHolder& r) {
  MAMON_TRY(r.user, f.integer("user"));
  MAMON_TRY(r.stand, f.money("stand", /*allow_negative=*/true));
  MAMON_TRY(r.ledenbase_id, f.optional_integer("ledenbase_id"));
  MAMON_TRY(r.image, f.text_or_empty("image"));
  MAMON_TRY(r.image_ledenbase, f.text_or_empty("image_ledenbase"));
  return ok_status();
}

Status read_personnel(const FieldReader& f, DumpPersonnel& r) {
  MAMON_TRY(r.user, f.integer("user"));
  MAMON_TRY(r.nickname, f.text_or_empty("nickname"));
  MAMON_TRY(r.image, f.text_or_empty("image"));
  if (f.has("active")) {
    MAMON_TRY(r.active, f.boolean("active"));
  }
  return ok_status();
}

Status read_product(const FieldReader& f, DumpProduct& r) {
  MAMON_TRY(r.name, f.text("name"));
  MAMON_RETURN_IF_ERROR(check_length(f, "name", r.name, 1, limits::kNameLengthMax));
  MAMON_TRY(r.price, f.money("price", /*allow_negative=*/false));
  MAMON_TRY(r.color, f.text_or_empty("color"));
  if (r.color.empty()) r.color = "#FFFFFF";
  MAMON_TRY(r.active, f.boolean("active"));
  MAMON_TRY(r.image, f.text_or_empty("image"));
  // inventory.product extras: optional, and nullable when present.
  if (f.has("units") && !f.is_null("units")) {
    MAMON_TRY(r.units, f.number_text("units"));
    if (r.units->starts_with('-')) return f.field_error("units", "must not be negative");
  }
  if (f.has("master_stock")) {
    MAMON_TRY(r.master_stock, f.optional_integer("master_stock"));
  }
  if (f.has("grootboek_waarde")) {
    MAMON_TRY(r.grootboek_waarde, f.optional_text("grootboek_waarde"));
  }
  return ok_status();
}

Status read_category(const FieldReader& f, DumpCategory& r) {
  MAMON_TRY(r.name, f.text("name"));
  MAMON_RETURN_IF_ERROR(check_length(f, "name", r.name, 1, limits::kNameLengthMax));
  MAMON_TRY(r.description, f.text_or_empty("description"));
  MAMON_TRY(r.products, f.integer_list("products"));
  return ok_status();
}

// The schema's CHECK on order_lines.quantity; the live limit (kOrderQuantityMax) is for tablets.
constexpr std::int64_t kImportQuantityMax = 1'000'000;

Status read_order(const FieldReader& f, DumpOrder& r) {
  MAMON_TRY(r.product, f.integer("product"));
  MAMON_TRY(r.quantity, f.integer("quantity"));
  if (r.quantity < 0) return f.field_error("quantity", "must not be negative");
  if (r.quantity > kImportQuantityMax) return f.field_error("quantity", "is too large");
  return ok_status();
}

Status read_purchase(const FieldReader& f, DumpPurchase& r) {
  MAMON_TRY(r.buyer, f.optional_integer("buyer"));
  MAMON_TRY(r.seller, f.integer("seller"));
  MAMON_TRY(r.balance, f.boolean("balance"));
  MAMON_TRY(r.cash, f.boolean("cash"));
  MAMON_TRY(r.pin, f.boolean("pin"));
  MAMON_TRY(r.created_us, f.time("created"));
  MAMON_TRY(r.orders, f.integer_list("orders"));
  return ok_status();
}

Status read_report(const FieldReader& f, DumpReport& r) {
  MAMON_TRY(r.date_us, f.time("date"));
  MAMON_TRY(r.personnel, f.integer("personel"));
  MAMON_TRY(r.action, f.text("action"));
  MAMON_TRY(r.total_cash, f.money("total_cash", /*allow_negative=*/false));
  MAMON_TRY(r.flow_meter1, f.integer("flow_meter1"));
  MAMON_TRY(r.flow_meter2, f.integer("flow_meter2"));
  for (auto [name, value] :
       {std::pair{"flow_meter1", r.flow_meter1}, {"flow_meter2", r.flow_meter2}}) {
    if (value > limits::kFlowMeterMax || value < -limits::kFlowMeterMax) {
      return f.field_error(name, "is out of range");
    }
  }
  MAMON_TRY(r.comment, f.text_or_empty("comment"));
  return ok_status();
}

Status read_bar_cycle(const FieldReader& f, DumpBarCycle& r) {
  MAMON_TRY(r.opening_report, f.integer("opening_report"));
  MAMON_TRY(r.closing_report, f.optional_integer("closing_report"));
  return ok_status();
}

Status read_wallet_upgrade(const FieldReader& f, DumpWalletUpgrade& r) {
  MAMON_TRY(r.holder, f.integer("holder"));
  // Older dumps name the personnel `seller`.
  MAMON_TRY(r.personnel,
            f.optional_integer(f.has("personel") || !f.has("seller") ? "personel" : "seller"));
  MAMON_TRY(r.amount, f.money("amount", /*allow_negative=*/false));
  MAMON_TRY(r.refund, f.boolean("refund"));
  MAMON_TRY(r.date_us, f.time("date"));
  MAMON_TRY(r.comment, f.text_or_empty("comment"));
  MAMON_TRY(r.cash, f.boolean("cash"));
  MAMON_TRY(r.pin, f.boolean("pin"));
  MAMON_TRY(r.mollie_payment, f.optional_integer("molliePayment"));
  return ok_status();
}

Status read_mollie_payment(const FieldReader& f, DumpMolliePayment& r) {
  MAMON_TRY(r.holder, f.integer("holder"));
  MAMON_TRY(r.amount, f.money("amount", /*allow_negative=*/false));
  MAMON_TRY(r.date_us, f.time("date"));
  MAMON_TRY(r.comment, f.text_or_empty("comment"));
  MAMON_TRY(r.payment_id, f.optional_text("payment_id"));
  if (r.payment_id && r.payment_id->empty()) r.payment_id.reset();
  MAMON_TRY(r.is_paid, f.boolean("is_paid"));
  MAMON_TRY(r.identifier, f.text("identifier"));
  MAMON_RETURN_IF_ERROR(check_length(f, "identifier", r.identifier, 1, limits::kNameLengthMax));
  MAMON_TRY(r.payed_on_us, f.optional_time("payed_on"));
  MAMON_TRY(r.expiry_us, f.optional_time("expiry_date"));
  return ok_status();
}

Status read_stock(const FieldReader& f, DumpStock& r, std::int64_t& rounded) {
  MAMON_TRY(r.name, f.text("name"));
  MAMON_RETURN_IF_ERROR(check_length(f, "name", r.name, 1, limits::kNameLengthMax));
  MAMON_TRY(r.unit, f.text("units"));
  const std::optional<domain::StockUnit> unit = domain::parse_stock_unit(r.unit);
  if (!unit) return f.field_error("units", "is not a unit of the old system ('" + r.unit + "')");
  MAMON_TRY(std::string quantity, f.number_text("quantity"));
  bool was_rounded = false;
  auto steps = decimal_steps(quantity, domain::steps_per_unit(*unit) == 1 ? 0 : 3, &was_rounded);
  if (!steps) return f.field_error("quantity", steps.error().message);
  r.quantity_steps = *steps;
  if (was_rounded) ++rounded;
  MAMON_TRY(r.description, f.text_or_empty("description"));
  return ok_status();
}

Status read_stock_mutation(const FieldReader& f, DumpStockMutation& r) {
  MAMON_TRY(r.stock, f.integer("stock"));
  MAMON_TRY(r.quantity, f.number_text("quantity"));
  if (f.has("units")) {
    MAMON_TRY(r.unit, f.optional_text("units"));
    if (r.unit && !domain::parse_stock_unit(*r.unit)) {
      return f.field_error("units", "is not a unit of the old system ('" + *r.unit + "')");
    }
  }
  MAMON_TRY(r.comment, f.text_or_empty("comment"));
  MAMON_TRY(r.date_us, f.time("date"));
  if (!f.is_null("cost")) {
    MAMON_TRY(r.cost, f.money("cost", /*allow_negative=*/true));
  }
  return ok_status();
}

Status read_card(const FieldReader& f, DumpCard& r) {
  if (!f.has("user") && !f.has("holder")) {
    return f.record_error("has neither 'user' (newest schema) nor 'holder' (older dumps)");
  }
  if (f.has("user")) {
    MAMON_TRY(r.user, f.optional_integer("user"));
  }
  if (f.has("holder")) {
    MAMON_TRY(r.holder, f.optional_integer("holder"));
  }
  if (!r.user && !r.holder) return f.record_error("names no user (or holder)");
  MAMON_TRY(r.card_id, f.text("card_id"));
  MAMON_TRY(r.card_name, f.text_or_empty("card_name"));
  MAMON_RETURN_IF_ERROR(check_length(f, "card_name", r.card_name, 0, limits::kNameLengthMax));
  return ok_status();
}

Status read_meal(const FieldReader& f, DumpMeal& r) {
  MAMON_TRY(r.date_us, f.time("date"));
  MAMON_TRY(r.title, f.text("title"));
  MAMON_RETURN_IF_ERROR(check_length(f, "title", r.title, 1, limits::kNameLengthMax));
  MAMON_TRY(r.description, f.text_or_empty("description"));
  MAMON_TRY(r.opening_us, f.time("opening_date"));
  MAMON_TRY(r.closing_us, f.time("closing_date"));
  MAMON_TRY(r.cost, f.money("cost", /*allow_negative=*/false));
  MAMON_TRY(r.max_participants, f.integer("max_participants"));
  if (r.max_participants < 0) return f.field_error("max_participants", "must not be negative");
  return ok_status();
}

// The schema's CHECK on meal_signups.portions.
constexpr std::int64_t kImportPortionsMax = 1000;

Status read_meal_order(const FieldReader& f, DumpMealOrder& r, bool with_comment) {
  MAMON_TRY(r.meal, f.integer("happen"));
  MAMON_TRY(r.holder, f.integer("holder"));
  MAMON_TRY(r.quantity, f.integer("quantity"));
  if (r.quantity < 0) return f.field_error("quantity", "must not be negative");
  if (r.quantity > kImportPortionsMax) return f.field_error("quantity", "is too large");
  if (with_comment) {
    MAMON_TRY(r.comment, f.text_or_empty("comment"));
  }
  return ok_status();
}

Status read_client_application(const FieldReader& f, DumpClientApplication& r) {
  MAMON_TRY(r.name, f.text("name"));
  MAMON_RETURN_IF_ERROR(check_length(f, "name", r.name, 1, limits::kNameLengthMax));
  MAMON_TRY(r.identifier, f.text("identifier"));
  MAMON_RETURN_IF_ERROR(check_length(f, "identifier", r.identifier, 1, limits::kNameLengthMax));
  MAMON_TRY(r.user, f.integer("user"));
  MAMON_TRY(r.paths, f.text_or_empty("paths"));
  return ok_status();
}

Status read_client_administrator(const FieldReader& f, DumpClientAdministrator& r) {
  MAMON_TRY(r.user, f.integer("user"));
  MAMON_TRY(r.client_application, f.integer("client_application"));
  return ok_status();
}

// Reads one record of `spec`'s kind into the matching vector of `data`.
template <typename Record, typename Reader>
Status read_into(std::vector<Record>& out, const DumpRecord& head, const json& fields,
                 DumpData& data, Reader reader) {
  Record record;
  static_cast<DumpRecord&>(record) = head;
  FieldReader f(fields, record, &data.amounts_rounded);
  MAMON_RETURN_IF_ERROR(reader(f, record));
  out.push_back(std::move(record));
  return ok_status();
}

Status read_record(const ModelSpec& spec, const DumpRecord& head, const json& fields,
                   DumpData& data) {
  switch (spec.kind) {
    case Kind::kGroup:
      return read_into(data.groups, head, fields, data, read_group);
    case Kind::kUser:
      return read_into(data.users, head, fields, data, read_user);
    case Kind::kHolder:
      return read_into(data.holders, head, fields, data, read_holder);
    case Kind::kPersonnel:
      return read_into(data.personnel, head, fields, data, read_personnel);
    case Kind::kProduct:
      return read_into(data.products, head, fields, data, read_product);
    case Kind::kCategory:
      return read_into(data.categories, head, fields, data, read_category);
    case Kind::kOrder:
      return read_into(data.orders, head, fields, data, read_order);
    case Kind::kPurchase:
      return read_into(data.purchases, head, fields, data, read_purchase);
    case Kind::kReport:
      return read_into(data.reports, head, fields, data, read_report);
    case Kind::kBarCycle:
      return read_into(data.bar_cycles, head, fields, data, read_bar_cycle);
    case Kind::kWalletUpgrade:
      return read_into(data.wallet_upgrades, head, fields, data, read_wallet_upgrade);
    case Kind::kMolliePayment:
      return read_into(data.mollie_payments, head, fields, data, read_mollie_payment);
    case Kind::kStock:
      return read_into(data.stocks, head, fields, data, [&](const FieldReader& f, DumpStock& r) {
        return read_stock(f, r, data.quantities_rounded);
      });
    case Kind::kStockMutation:
      return read_into(data.stock_mutations, head, fields, data, read_stock_mutation);
    case Kind::kCard:
      return read_into(data.cards, head, fields, data, read_card);
    case Kind::kMeal:
      return read_into(data.meals, head, fields, data, read_meal);
    case Kind::kMealOrder:
      return read_into(data.meal_orders, head, fields, data,
                       [](const FieldReader& f, DumpMealOrder& r) {
                         return read_meal_order(f, r, /*with_comment=*/true);
                       });
    case Kind::kMealPayment:
      return read_into(data.meal_payments, head, fields, data,
                       [](const FieldReader& f, DumpMealOrder& r) {
                         return read_meal_order(f, r, /*with_comment=*/false);
                       });
    case Kind::kClientApplication:
      return read_into(data.client_applications, head, fields, data, read_client_application);
    case Kind::kClientAdministrator:
      return read_into(data.client_administrators, head, fields, data, read_client_administrator);
  }
  return make_error(ErrorCode::kInternal, "unhandled model kind");
}

// A simple_history record: its pk is the history_id (dumps may leave "pk" out), its object is
// named by `id`; every other field is one value of the object's version, kept as JSON text.
Status read_history(const json& item, const json& fields, const std::string& label,
                    std::string object_label, const RecordRef& ref, DumpData& data) {
  DumpHistory r;
  r.ref = ref;
  r.label = label;
  r.object_label = std::move(object_label);
  FieldReader f(fields, r, &data.amounts_rounded);
  MAMON_TRY(r.history_id, f.integer("history_id"));
  if (r.history_id <= 0) return f.field_error("history_id", "must be a positive integer");
  if (auto pk = item.find("pk"); pk != item.end() && *pk != r.history_id) {
    return record_error(ref, "'pk' and 'history_id' differ");
  }
  r.pk = r.history_id;
  MAMON_TRY(r.date_us, f.time("history_date"));
  MAMON_TRY(std::string type, f.text("history_type"));
  if (type != "+" && type != "~" && type != "-") {
    return f.field_error("history_type", "must be '+', '~' or '-'");
  }
  r.type = type[0];
  if (f.has("history_user")) {
    MAMON_TRY(r.user, f.optional_integer("history_user"));
  }
  if (f.has("history_change_reason")) {
    MAMON_TRY(r.change_reason, f.optional_text("history_change_reason"));
  }
  auto id = fields.find("id");
  if (id == fields.end() || !(id->is_number_integer() || id->is_string())) {
    return f.field_error("id", "must be the object's pk (an integer or a string)");
  }
  r.object_id = id->is_string() ? id->get<std::string>() : id->dump();
  for (auto it = fields.begin(); it != fields.end(); ++it) {
    if (it.key() == "id" || it.key().starts_with("history_")) continue;
    r.values[it.key()] = it->dump();
  }
  data.history.push_back(std::move(r));
  return ok_status();
}

Status parse_record(const json& item, const RecordRef& ref, DumpData& data,
                    std::set<std::string>& warned) {
  if (!item.is_object()) return record_error(ref, "is not a JSON object");
  auto fields = item.find("fields");
  auto model = item.find("model");
  if (model != item.end() && !model->is_string())
    return record_error(ref, "'model' must be a string");
  if (model != item.end() && is_skipped_label(model->get_ref<const std::string&>())) {
    ++data.skipped_by_label[model->get<std::string>()];
    return ok_status();
  }
  if (fields == item.end() || !fields->is_object()) {
    return record_error(ref, "has no 'fields' object");
  }
  DumpRecord head;
  head.ref = ref;
  const ModelSpec* spec = nullptr;
  if (model == item.end()) {
    // Repair rule (a): recognise the model by its exact field set; the record gets a new pk.
    std::set<std::string> names;
    for (auto it = fields->begin(); it != fields->end(); ++it) names.insert(it.key());
    spec = match_field_set(names);
    if (spec == nullptr) {
      return record_error(ref, "has no 'model' and its fields match no single importable model");
    }
    head.label = std::string(spec->label);  // the plan gives it a new pk and warns
  } else {
    const std::string& label = model->get_ref<const std::string&>();
    if (std::string object = history_object_label(label); !object.empty()) {
      return read_history(item, *fields, label, std::move(object), ref, data);
    }
    spec = find_spec(label);
    if (spec == nullptr) return record_error(ref, "unknown model '" + label + "'");
    head.label = label;
    auto pk = item.find("pk");
    if (pk == item.end()) return record_error(ref, "has no 'pk'");
    // Unsigned values above int64's range would wrap: refused like any other bad pk.
    if (!pk->is_number_integer() ||
        (pk->is_number_unsigned() &&
         pk->get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) ||
        pk->get<std::int64_t>() <= 0) {
      return record_error(ref, "'pk' must be a positive integer");
    }
    head.pk = pk->get<std::int64_t>();
    warn_unknown_fields(*fields, *spec, ref, data, warned);
  }
  return read_record(*spec, head, *fields, data);
}

}  // namespace

Status parse_dump(std::string_view file_name, std::string_view json_text, DumpData& data) {
  json document;
  try {
    document = json::parse(json_text.begin(), json_text.end());
  } catch (const json::exception& e) {
    return make_error(ErrorCode::kMalformedRecord,
                      std::string(file_name) + ": not valid JSON: " + e.what());
  }
  if (!document.is_array()) {
    return make_error(ErrorCode::kMalformedRecord,
                      std::string(file_name) + ": the top level must be a list of records");
  }
  std::set<std::string> warned;
  for (std::size_t i = 0; i < document.size(); ++i) {
    MAMON_RETURN_IF_ERROR(
        parse_record(document[i], RecordRef{std::string(file_name), i}, data, warned));
    ++data.records_read;
  }
  return ok_status();
}

}  // namespace mamon::service::import
