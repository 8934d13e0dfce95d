#include "storage/media_files.h"

#include <filesystem>
#include <fstream>
#include <system_error>

namespace mamon::storage {

std::optional<std::string> read_media_file(const std::string& media_root,
                                           std::string_view relative_path, std::size_t bytes_max) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path root = fs::canonical(media_root, ec);
  if (ec) return std::nullopt;
  const fs::path file = fs::canonical(root / fs::path(relative_path), ec);
  if (ec) return std::nullopt;
  // Still inside the root after following links?
  auto [root_end, file_it] = std::mismatch(root.begin(), root.end(), file.begin(), file.end());
  if (root_end != root.end()) return std::nullopt;
  if (!fs::is_regular_file(file, ec) || ec) return std::nullopt;
  const std::uintmax_t size = fs::file_size(file, ec);
  if (ec || size > bytes_max) return std::nullopt;
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::string content(static_cast<std::size_t>(size), '\0');
  if (!in.read(content.data(), static_cast<std::streamsize>(size))) return std::nullopt;
  return content;
}

}  // namespace mamon::storage
