#include "domain/colours.h"

#include <cmath>

namespace mamon::domain {
namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

double channel(int value) {
  const double c = value / 255.0;
  return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

}  // namespace

std::optional<Rgb> parse_hex_colour(std::string_view text) {
  if (text.size() != 7 || text[0] != '#') return std::nullopt;
  int v[6];
  for (int i = 0; i < 6; ++i) {
    v[i] = hex_digit(text[static_cast<std::size_t>(i) + 1]);
    if (v[i] < 0) return std::nullopt;
  }
  return Rgb{v[0] * 16 + v[1], v[2] * 16 + v[3], v[4] * 16 + v[5]};
}

double relative_luminance(Rgb colour) {
  return 0.2126 * channel(colour.r) + 0.7152 * channel(colour.g) + 0.0722 * channel(colour.b);
}

double contrast_ratio(Rgb a, Rgb b) {
  const double la = relative_luminance(a);
  const double lb = relative_luminance(b);
  const double light = la > lb ? la : lb;
  const double dark = la > lb ? lb : la;
  return (light + 0.05) / (dark + 0.05);
}

std::string_view text_colour_for(std::string_view background) {
  const std::optional<Rgb> bg = parse_hex_colour(background);
  if (!bg) return "#000000";
  return contrast_ratio(*bg, Rgb{0, 0, 0}) >= contrast_ratio(*bg, Rgb{255, 255, 255}) ? "#000000"
                                                                                      : "#ffffff";
}

}  // namespace mamon::domain
