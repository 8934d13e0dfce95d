// Files under MEDIA_ROOT (pictures of products, holders and personnel). The only place that
// reads them from disk; the database holds only their relative paths.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace mamon::storage {

// The content of the regular file `relative_path` under `media_root`, if it exists, is at most
// `bytes_max` bytes and — after resolving symbolic links — still lies inside media_root (so a
// link cannot expose other files). nullopt otherwise, also on any I/O error. `relative_path` must
// already be checked (domain::safe_media_path). Blocking I/O; thread-safe.
std::optional<std::string> read_media_file(const std::string& media_root,
                                           std::string_view relative_path, std::size_t bytes_max);

}  // namespace mamon::storage
