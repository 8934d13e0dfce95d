#include "storage/media_files.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
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

namespace {

Error io_error(std::string_view what, const std::filesystem::path& path, int error_number) {
  return make_error(ErrorCode::kUnavailable,
                    std::string(what) + " " + path.string() + ": " + std::strerror(error_number));
}

// Writes all of `bytes` to a new file `path` and flushes it to disk; errno-style result.
int write_new_file(const std::filesystem::path& path, std::string_view bytes) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return errno;
  int failure = 0;
  std::size_t written = 0;
  while (written < bytes.size() && failure == 0) {
    const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno != EINTR) failure = errno;
    if (n > 0) written += static_cast<std::size_t>(n);
  }
  if (failure == 0 && ::fsync(fd) != 0) failure = errno;
  if (::close(fd) != 0 && failure == 0) failure = errno;
  return failure;
}

}  // namespace

Status write_media_file(const std::string& media_root, std::string_view relative_path,
                        std::string_view bytes) {
  namespace fs = std::filesystem;
  const fs::path target = fs::path(media_root) / fs::path(relative_path);
  std::error_code ec;
  if (fs::is_regular_file(target, ec)) return ok_status();  // same name, same content
  fs::create_directories(target.parent_path(), ec);
  if (ec) return io_error("cannot create the folder", target.parent_path(), ec.value());
  // A name no other writer uses: the process id and a counter.
  static std::atomic<std::uint64_t> counter{0};
  const fs::path temporary = target.parent_path() / (".upload-" + std::to_string(::getpid()) + "-" +
                                                     std::to_string(counter.fetch_add(1)) + ".tmp");
  if (int failure = write_new_file(temporary, bytes); failure != 0) {
    fs::remove(temporary, ec);
    return io_error("cannot write", temporary, failure);
  }
  fs::rename(temporary, target, ec);
  if (ec) {
    const int failure = ec.value();
    fs::remove(temporary, ec);
    return io_error("cannot rename onto", target, failure);
  }
  return ok_status();
}

}  // namespace mamon::storage
