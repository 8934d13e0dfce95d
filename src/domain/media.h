// Pictures (products, holders, personnel): where their files live under MEDIA_ROOT, the default
// picture of each kind, the absolute URLs the API hands out, and what kind of image a file holds.
// Pure functions; no I/O.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mamon::domain {

enum class MediaKind { kProduct, kHolder, kPersonnel };

// The default picture's media path (WEB.md §2b): "products/default.png",
// "holder/user-default.jpg", "personel/default.png". Each contains "default", which the bar app
// turns into an initials avatar.
std::string_view default_media_path(MediaKind kind);

// The kind a stored media path belongs to, by its first folder as the old system laid them out
// ("products/…" → product, "personel/…" → personnel, anything else → holder).
MediaKind media_kind_of_path(std::string_view path);

// The absolute URL of a stored picture, never "": `path` itself when it already is an absolute
// http(s) URL (ledenbase photos), else public_url + "/media/" + path (a leading "/", "media/" or
// "mediafiles/" is dropped), and the default picture of `kind` when `path` is empty.
std::string media_url(std::string_view public_url, std::string_view path, MediaKind kind);

// A media path as requested under /media/ or /mediafiles/, checked: relative, segments of
// letters, digits and "._-+ ()", none empty, "." or "..", at most 255 bytes. nullopt otherwise
// (the path is then answered with its kind's default picture, never read from disk).
std::optional<std::string> safe_media_path(std::string_view path);

// The image type of `bytes` by their magic numbers (not by a file name): "image/png",
// "image/jpeg", "image/gif", "image/webp"; nullopt for anything else (SVG included: it can
// carry script).
std::optional<std::string_view> sniff_image_type(std::string_view bytes);

}  // namespace mamon::domain
