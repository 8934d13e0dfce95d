// Parsing a multipart/form-data body (RFC 7578; WEB.md §2b: the upload forms), for page handlers
// on routes whose body limit allows a picture (limits::kUploadBodyBytesMax):
//
//   MAMON_TRY(MultipartForm form, parse_multipart_form(request.headers.get("Content-Type"),
//                                                      request.body));
//   std::optional<std::string_view> name = form.fields.get("name");
//   const MultipartFile* image = form.file("image");
//
// Pure function over the bytes already read; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "http/request.h"

namespace mamon::http {

// One file part. `filename` is as the browser sent it, unchecked (is_plain_filename): never use
// it to name anything on disk.
struct MultipartFile {
  std::string field;         // the form field's name
  std::string filename;      // "" when the browser sent none
  std::string content_type;  // the part's Content-Type as claimed ("" if none); never trusted
  std::string bytes;
};

struct MultipartForm {
  QueryParams fields;                // the text parts, in order
  std::vector<MultipartFile> files;  // the parts with a filename parameter, in order

  // The first file of field `name` that is not empty (a browser sends an empty part with
  // filename="" when no file was chosen), or null.
  const MultipartFile* file(std::string_view name) const;
};

// False for a file name that holds a path ("/", "\\", or is "." or "..") or a control
// character: browsers send the bare name (WHATWG HTML), so a path is a forged or broken request,
// refused with a message next to the field. "" (no file chosen) is plain.
bool is_plain_filename(std::string_view filename);

// True when `content_type`'s media type is multipart/form-data (any case, any parameters).
bool is_multipart_form(std::string_view content_type);

// The parts of `body`. Errors, all kInvalidInput (field "body" unless said otherwise):
//   - the Content-Type is not multipart/form-data or has no valid boundary (1..70 characters,
//     quoted or not, RFC 2046 §5.1.1);
//   - the body does not start with the boundary delimiter or lacks the closing "--boundary--";
//   - a part lacks its blank line, a Content-Disposition form-data header with a name, or has a
//     header block over 8 KiB;
//   - more than 64 parts, or a text part over 64 KiB (a form's fields are short; only files are
//     big, and the route's body limit bounds those);
// A file part's filename is not checked here (the page's CSRF check needs the fields first):
// an upload handler refuses a file whose name is_plain_filename() rejects.
// Quoted parameter values end at the next quote, as browsers write them (WHATWG HTML: a quote in
// a name is sent as %22, a line break as %0A; a backslash is sent as itself, so it is not an
// escape here). Percent-escapes are kept as sent.
Result<MultipartForm> parse_multipart_form(std::string_view content_type, std::string_view body);

}  // namespace mamon::http
