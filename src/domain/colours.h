// Colours of product tiles (WEB.md §1 "Accessible": a yellow tile with white text fails WCAG AA):
// the text colour for a background is computed, never chosen by hand. Pure; thread-safe.
#pragma once

#include <optional>
#include <string_view>

namespace mamon::domain {

struct Rgb {
  int r = 0, g = 0, b = 0;  // 0..255
};

// "#rrggbb" (either case) → the colour; none for anything else.
std::optional<Rgb> parse_hex_colour(std::string_view text);

// WCAG 2.1 relative luminance, 0 (black) .. 1 (white).
double relative_luminance(Rgb colour);

// WCAG 2.1 contrast ratio of two colours, 1 .. 21.
double contrast_ratio(Rgb a, Rgb b);

// "#000000" or "#ffffff": whichever contrasts more with `background` ("#rrggbb"); black for a
// background that does not parse (tiles then fall back to the stylesheet's light background).
std::string_view text_colour_for(std::string_view background);

}  // namespace mamon::domain
