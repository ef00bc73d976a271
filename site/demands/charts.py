"""Charts drawn on the server as SVG: readable without JavaScript, without any outside network.

Each chart is an <svg role="img"> with a title; the template puts a <table> of the same
numbers beside it for screen readers and for anyone who prefers numbers. Cells that
count fewer than three demands are drawn as empty bars labelled "<3" (see figures.SMALL).
Sizes are in the viewBox, so a chart scales with the width of the phone or the page,
and colours come from the page's brand colour (CSS custom properties).
"""

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from .figures import SMALL


def _label(value, suffix=""):
    if value is None:
        return "—"
    if isinstance(value, int) and 0 < value < SMALL:
        return f"<{SMALL}"
    return f"{value}{suffix}"


def _drawn(value):
    """The value a bar is drawn at: hidden (0) when it is a small cell."""
    if value is None or (isinstance(value, int) and 0 < value < SMALL):
        return 0
    return value


def _svg(chart_id, title, width, height, body):
    return format_html(
        '<svg class="chart" id="{}" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title" '
        'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{}-title">{}</title>{}</svg>',
        chart_id,
        width,
        height,
        chart_id,
        chart_id,
        title,
        mark_safe(body),
    )


def bars(chart_id, title, items, suffix="", maximum=None):
    """Horizontal bars: items are (label, value). Good for categories, communities, rates."""
    row, label_width, width = 34, 150, 640
    top = 8
    values = [_drawn(v) for _label_text, v in items]
    scale_max = maximum or max([*values, 1])
    parts = []
    for index, (label, value) in enumerate(items):
        y = top + index * row
        length = (width - label_width - 90) * _drawn(value) / scale_max if scale_max else 0
        parts.append(
            f'<text class="chart__label" x="{label_width - 8}" y="{y + 21}" text-anchor="end">{escape(label)}</text>'
            f'<rect class="chart__bar" x="{label_width}" y="{y + 5}" width="{length:.1f}" height="22" rx="3"/>'
            f'<text class="chart__value" x="{label_width + length + 6:.1f}" y="{y + 21}">'
            f"{escape(_label(value, suffix))}</text>"
        )
    return _svg(chart_id, title, width, top * 2 + row * max(len(items), 1), "".join(parts))


def columns(chart_id, title, months, series):
    """Monthly columns: `months` labels, `series` [(name, css class, values)] drawn side by side."""
    width, height, left, bottom, top = 640, 260, 40, 40, 16
    plot_h = height - bottom - top
    slot = (width - left - 8) / max(len(months), 1)
    bar_w = max(slot / (len(series) + 1), 2)
    scale_max = max([_drawn(v) for _n, _c, values in series for v in values] + [1])
    parts = [
        f'<line class="chart__axis" x1="{left}" y1="{top + plot_h}" x2="{width - 4}" y2="{top + plot_h}"/>',
        f'<text class="chart__tick" x="{left - 4}" y="{top + 10}" text-anchor="end">{scale_max}</text>',
        f'<text class="chart__tick" x="{left - 4}" y="{top + plot_h}" text-anchor="end">0</text>',
    ]
    for index, month in enumerate(months):
        x0 = left + index * slot + bar_w / 2
        for number, (_name, css, values) in enumerate(series):
            h = plot_h * _drawn(values[index]) / scale_max
            parts.append(
                f'<rect class="chart__bar {css}" x="{x0 + number * bar_w:.1f}" y="{top + plot_h - h:.1f}" '
                f'width="{bar_w * 0.9:.1f}" height="{h:.1f}"/>'
            )
        parts.append(
            f'<text class="chart__tick" x="{x0 + bar_w * len(series) / 2:.1f}" y="{height - bottom + 18}" '
            f'text-anchor="middle">{escape(month)}</text>'
        )
    legend_x = left
    for _name, css, _values in series:
        parts.append(
            f'<rect class="chart__bar {css}" x="{legend_x}" y="{height - 14}" width="12" height="12"/>'
            f'<text class="chart__tick" x="{legend_x + 16}" y="{height - 3}">{escape(_name)}</text>'
        )
        legend_x += 120
    return _svg(chart_id, title, width, height, "".join(parts))


def funnel(chart_id, title, stages):
    """The loop 点单 → 派单 → 接单 → 办结 → 评单 as centred bars narrowing with each step."""
    width, row = 640, 44
    top_value = max([_drawn(v) for _label_text, v in stages] + [1])
    parts = []
    for index, (label, value) in enumerate(stages):
        w = max((width - 20) * _drawn(value) / top_value, 4)
        x = (width - w) / 2
        y = index * row
        parts.append(
            f'<rect class="chart__bar chart__bar--funnel" x="{x:.1f}" y="{y + 4}" width="{w:.1f}" height="{row - 8}" '
            f'rx="4"/><text class="chart__funnel-label" x="{width / 2}" y="{y + row / 2 + 6}" '
            f'text-anchor="middle">{escape(label)} {escape(_label(value))}</text>'
        )
    return _svg(chart_id, title, width, row * len(stages), "".join(parts))
