// Files under MEDIA_ROOT (pictures of products, holders and personnel). The only place that
// reads them from disk; the database holds only their relative paths.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"

namespace mamon::storage {

// The content of the regular file `relative_path` under `media_root`, if it exists, is at most
// `bytes_max` bytes and — after resolving symbolic links — still lies inside media_root (so a
// link cannot expose other files). nullopt otherwise, also on any I/O error. `relative_path` must
// already be checked (domain::safe_media_path). Blocking I/O; thread-safe.
std::optional<std::string> read_media_file(const std::string& media_root,
                                           std::string_view relative_path, std::size_t bytes_max);

// Writes `bytes` to `relative_path` under `media_root` atomically: to a temporary file in the
// same folder (created with the folder if needed), flushed, then renamed over the name, so a
// reader sees the whole file or none. A file already there with that name is kept as it is (the
// names are content hashes: it holds the same bytes) and the call succeeds. `relative_path` must
// be checked (domain::safe_media_path). Error kUnavailable (with the OS's reason) on any I/O
// failure; no temporary file is left behind. Blocking I/O; thread-safe (concurrent writers of
// one name each rename a complete file).
Status write_media_file(const std::string& media_root, std::string_view relative_path,
                        std::string_view bytes);

}  // namespace mamon::storage
