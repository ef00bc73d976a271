"""Brand colours: parsing `#rgb`/`#rrggbb` and WCAG 2.1 contrast ratios."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models

HEX_COLOUR = re.compile(r"^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
AA_TEXT = 4.5  # WCAG 2.1 AA, normal-size text
WHITE = "#ffffff"


def normalise_colour(value):
    """Return `#rrggbb` in lower case, or raise a Chinese ValidationError."""
    match = HEX_COLOUR.match((value or "").strip())
    if not match:
        raise ValidationError(
            "“%(value)s”不是有效的颜色，请填写十六进制颜色值，例如 #C8161D。",
            code="invalid_colour",
            params={"value": value},
        )
    digits = match.group(1).lower()
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return "#" + digits


def is_colour(value):
    return bool(HEX_COLOUR.match((value or "").strip()))


def _luminance(colour):
    def channel(c):
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    hexa = normalise_colour(colour)[1:]
    r, g, b = (int(hexa[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(a, b):
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def contrast_error(foreground, background, what):
    """A Chinese message when `foreground` on `background` fails WCAG AA, else None."""
    ratio = contrast_ratio(foreground, background)
    if ratio >= AA_TEXT:
        return None
    return (
        f"{what}：{normalise_colour(foreground)} 与 {normalise_colour(background)} 的对比度为 "
        f"{ratio:.2f}:1，低于无障碍标准（WCAG 2.1 AA）要求的 {AA_TEXT}:1，请调深或调浅颜色。"
    )


def brand_colour_errors(primary, on_primary, accent, required=True):
    """{field name: Chinese message} for a brand colour set that fails WCAG AA on the site's
    backgrounds. With required=False a blank colour is left out (the district's applies)."""
    colours = {"colour_primary": primary, "colour_on_primary": on_primary, "colour_accent": accent}
    if not required and bool(primary) != bool(on_primary):
        missing = "colour_on_primary" if primary else "colour_primary"
        return {missing: "主色和主色上的文字色须同时填写（或同时留空，沿用行政区的颜色）。"}
    # A colour that is not a colour is reported by its own field.
    if any(value and not is_colour(value) for value in colours.values()):
        return {}
    if required and not all(colours.values()):
        return {}
    pairs = [
        ("colour_on_primary", on_primary, primary, "主色上的文字"),
        ("colour_primary", primary, WHITE, "白底上的主色文字"),
        ("colour_accent", accent, WHITE, "白底上的辅助色文字"),
    ]
    errors = {}
    for field, fg, bg, what in pairs:
        if fg and bg and (message := contrast_error(fg, bg, what)):
            errors.setdefault(field, message)
    return errors


class ColourField(models.CharField):
    """A `#rrggbb` colour: any `#rgb`/`#rrggbb` typed in is normalised, anything else refused in Chinese."""

    def __init__(self, *args, **kwargs):
        kwargs["max_length"] = 7
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_colour(value) if value else value

    def formfield(self, **kwargs):
        # No max_length on the form: a wrong value gets the colour message, not a length one.
        field = super().formfield(**kwargs)
        field.max_length = None
        field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
        field.widget.attrs.pop("maxlength", None)
        field.widget.attrs.setdefault("placeholder", "#C8161D")
        return field
