#include "http/multipart.h"

#include <cstddef>

#include "http/headers.h"

namespace mamon::http {
namespace {

// RFC 7578 leaves the limits to the receiver; these fit any form of ours with room to spare.
constexpr std::size_t kPartsMax = 64;
constexpr std::size_t kPartHeaderBytesMax = 8 * 1024;
constexpr std::size_t kTextPartBytesMax = 64 * 1024;
constexpr std::size_t kBoundaryLengthMax = 70;  // RFC 2046 §5.1.1

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

Error body_error(std::string message) {
  return make_error(ErrorCode::kInvalidInput, std::move(message), "body");
}

// The parameters after the first ';' of a header value: name=token or name="quoted".
// nullopt when a quoted value is not closed.
std::optional<std::vector<std::pair<std::string, std::string>>> header_parameters(
    std::string_view value) {
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t semicolon = value.find(';');
  if (semicolon == std::string_view::npos) return out;
  std::string_view rest = value.substr(semicolon + 1);
  while (!rest.empty()) {
    rest = trim(rest);
    if (rest.empty()) break;
    std::size_t eq = rest.find('=');
    std::size_t next = rest.find(';');
    if (eq == std::string_view::npos || (next != std::string_view::npos && next < eq)) {
      // A parameter without a value: skip it.
      if (next == std::string_view::npos) break;
      rest.remove_prefix(next + 1);
      continue;
    }
    std::string name;
    for (char c : trim(rest.substr(0, eq))) name.push_back(lower(c));
    rest.remove_prefix(eq + 1);
    rest = trim(rest);
    std::string parameter_value;
    if (!rest.empty() && rest.front() == '"') {
      std::size_t close = rest.find('"', 1);
      if (close == std::string_view::npos) return std::nullopt;
      parameter_value = std::string(rest.substr(1, close - 1));
      rest.remove_prefix(close + 1);
      std::size_t after = rest.find(';');
      rest = after == std::string_view::npos ? std::string_view{} : rest.substr(after + 1);
    } else {
      std::size_t end = rest.find(';');
      parameter_value = std::string(trim(rest.substr(0, end)));
      rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
    }
    out.emplace_back(std::move(name), std::move(parameter_value));
  }
  return out;
}

std::optional<std::string> parameter(
    const std::vector<std::pair<std::string, std::string>>& parameters, std::string_view name) {
  for (const auto& [key, value] : parameters) {
    if (key == name) return value;
  }
  return std::nullopt;
}

bool valid_boundary(std::string_view boundary) {
  if (boundary.empty() || boundary.size() > kBoundaryLengthMax) return false;
  if (boundary.back() == ' ') return false;
  for (char c : boundary) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    std::string_view("'()+_,-./:=? ").find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

struct PartHead {
  std::string name;
  std::optional<std::string> filename;
  std::string content_type;
};

Result<PartHead> parse_part_head(std::string_view head) {
  PartHead part;
  bool disposition_seen = false;
  while (!head.empty()) {
    std::size_t end = head.find("\r\n");
    std::string_view line = head.substr(0, end);
    head = end == std::string_view::npos ? std::string_view{} : head.substr(end + 2);
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) return body_error("A part has a malformed header line.");
    std::string_view header_name = trim(line.substr(0, colon));
    std::string_view value = trim(line.substr(colon + 1));
    if (iequals(header_name, "Content-Type")) {
      part.content_type = std::string(value);
      continue;
    }
    if (!iequals(header_name, "Content-Disposition")) continue;
    if (!iequals(trim(value.substr(0, value.find(';'))), "form-data")) {
      return body_error("A part's Content-Disposition is not form-data.");
    }
    auto parameters = header_parameters(value);
    if (!parameters) return body_error("A part's Content-Disposition has an unclosed quote.");
    std::optional<std::string> name = parameter(*parameters, "name");
    if (!name || name->empty()) return body_error("A part has no field name.");
    part.name = std::move(*name);
    part.filename = parameter(*parameters, "filename");
    disposition_seen = true;
  }
  if (!disposition_seen) return body_error("A part has no Content-Disposition header.");
  return part;
}

}  // namespace

const MultipartFile* MultipartForm::file(std::string_view name) const {
  for (const MultipartFile& f : files) {
    if (f.field == name && !f.bytes.empty()) return &f;
  }
  return nullptr;
}

bool is_plain_filename(std::string_view name) {
  if (name == "." || name == "..") return false;
  for (char c : name) {
    if (c == '/' || c == '\\' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
  }
  return true;
}

bool is_multipart_form(std::string_view content_type) {
  return iequals(trim(content_type.substr(0, content_type.find(';'))), "multipart/form-data");
}

Result<MultipartForm> parse_multipart_form(std::string_view content_type, std::string_view body) {
  if (!is_multipart_form(content_type)) {
    return body_error("The body must be multipart/form-data.");
  }
  auto parameters = header_parameters(content_type);
  std::optional<std::string> boundary =
      parameters ? parameter(*parameters, "boundary") : std::nullopt;
  if (!boundary || !valid_boundary(*boundary)) {
    return body_error("The multipart body has no valid boundary.");
  }
  const std::string delimiter = "--" + *boundary;
  const std::string separator = "\r\n" + delimiter;
  // RFC 2046 allows a preamble before the first delimiter; browsers send none, nor do we accept
  // one (it would be a place to hide bytes no one reads).
  if (!body.starts_with(delimiter))
    return body_error("The multipart body does not start with its boundary.");
  std::size_t position = delimiter.size();
  MultipartForm form;
  for (std::size_t parts = 0;; ++parts) {
    std::string_view rest = body.substr(position);
    if (rest.starts_with("--")) return form;  // the closing delimiter; an epilogue is ignored
    if (!rest.starts_with("\r\n"))
      return body_error("The multipart body has a malformed boundary line.");
    if (parts == kPartsMax) return body_error("The form has too many parts.");
    position += 2;
    std::size_t head_end = body.find("\r\n\r\n", position);
    std::size_t head_size = head_end == std::string_view::npos ? 0 : head_end - position;
    if (head_end == std::string_view::npos || head_size > kPartHeaderBytesMax) {
      return body_error("A part's headers are missing or too long.");
    }
    MAMON_TRY(PartHead head, parse_part_head(body.substr(position, head_size)));
    const std::size_t content_start = head_end + 4;
    const std::size_t content_end = body.find(separator, content_start);
    if (content_end == std::string_view::npos) {
      return body_error("The multipart body is not closed by its boundary.");
    }
    std::string_view content = body.substr(content_start, content_end - content_start);
    if (head.filename) {
      form.files.push_back({std::move(head.name), std::move(*head.filename),
                            std::move(head.content_type), std::string(content)});
    } else {
      if (content.size() > kTextPartBytesMax) {
        return make_error(ErrorCode::kInvalidInput, "A form field is too long.", head.name);
      }
      form.fields.add(std::move(head.name), std::string(content));
    }
    position = content_end + separator.size();
  }
}

}  // namespace mamon::http
