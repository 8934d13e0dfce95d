#include "http/web/member_views.h"

#include <charconv>

namespace mamon::http::web {

std::int64_t page_number(const Page& page) {
  std::optional<std::string_view> text = page.request.query.get("page");
  if (!text) return 1;
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), n);
  if (ec != std::errc() || end != text->data() + text->size() || n < 1 || n > 1'000'000) return 1;
  return n;
}

int page_count(std::int64_t total, std::int64_t page_size) {
  if (total <= 0 || page_size <= 0) return 1;
  return static_cast<int>((total + page_size - 1) / page_size);
}

Response no_holder_page(Page& page, std::string_view title_key) {
  nlohmann::json view = {{"message", page.text("member.no_holder")}};
  return render_page(page, "member_no_holder", title_key, std::move(view));
}

std::string month_label(const Page& page, LocalDate month) {
  return page.text("month." + std::to_string(month.month)) + " " + std::to_string(month.year);
}

namespace {

std::string label_or_raw(const Page& page, std::string key, std::string_view raw) {
  if (page.site.catalogue.has(page.language, key)) return page.text(key);
  return std::string(raw);
}

}  // namespace

std::string method_label(const Page& page, std::string_view method) {
  return label_or_raw(page, "member.method." + std::string(method), method);
}

std::string mollie_status_label(const Page& page, std::string_view status) {
  return label_or_raw(page, "topup.status." + std::string(status), status);
}

}  // namespace mamon::http::web
