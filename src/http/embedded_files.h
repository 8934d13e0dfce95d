// Files compiled into the binary at build time (cmake/embed_binary_files.cmake), so the server
// needs nothing on disk and fetches nothing at run time.
#pragma once

#include <string_view>
#include <vector>

namespace mamon::http {

struct EmbeddedFile {
  std::string_view name;   // the path relative to its folder, e.g. "products/default.png"
  std::string_view bytes;  // the file's content (binary-safe)
};

// web/media-defaults/: the default images served under /media/ and /mediafiles/ (WEB.md §2b).
const std::vector<EmbeddedFile>& media_default_files();

}  // namespace mamon::http
