"""Charts drawn on the server as SVG strings: no JavaScript, no CDN, no inline styles.

The web pages run under a strict Content-Security-Policy, so everything visual is a presentation
attribute (`fill=`, `stroke=`, `font-size=`) or a class name for the page's stylesheet. Every
chart carries `role="img"` with a Chinese `<title>` and `<desc>` for screen readers, and a
`viewBox` so it scales with the page. The output depends only on the input: the same numbers give
the same string, which keeps pages cacheable and tests exact.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping, Sequence
from xml.sax.saxutils import escape

from gongkai.oversight.indicators import Distribution

FONT = 13  # px, labels and values
TITLE_FONT = 16
ROW = 26  # px per bar or box
BAR = 16  # bar and box height
PLOT = 420  # px, the length of the longest bar
PAD = 12
TOP = TITLE_FONT + 2 * PAD
VALUE_ROOM = 90  # px after the longest bar for its printed value
MARK_FONT = 11
MARK_ROW = MARK_FONT + 4  # px per line of mark labels above the bars

COLOUR = "#4a78b5"
HIGHLIGHT = "#d9822b"
MUTED = "#767676"  # still 4.5:1 on white
INK = "#222222"
MARK = "#555555"
FONT_FAMILY = "sans-serif"


def bar_chart(
    title: str,
    items: Sequence[tuple[str, float | None]],
    *,
    unit: str,
    highlight: str | None = None,
    marks: Mapping[str, float] | None = None,
) -> str:
    """Horizontal bars, one per (label, value); None is printed as "未填报" and has no bar.

    Bars start at zero; a negative value is printed but drawn without a bar. `marks` draws
    labelled vertical lines, e.g. {"中位数": 0.42}, on the same scale as the bars.
    """
    marks = dict(marks or {})
    known = [v for _, v in items if v is not None]
    top = max([*known, *marks.values(), 0.0])
    scale = PLOT / top if top > 0 else 0.0
    left = PAD + _text_width([label for label, _ in items], FONT) + PAD
    ordered_marks = sorted(marks.items(), key=lambda m: (m[1], m[0]))
    mark_lines = _label_lines(
        [
            (left + max(at, 0.0) * scale, f"{name} {format_value(at, unit)}")
            for name, at in ordered_marks
        ]
    )
    mark_room = (max(mark_lines) + 1) * MARK_ROW + 4 if marks else 0
    width = left + PLOT + VALUE_ROOM + PAD
    height = TOP + mark_room + max(len(items), 1) * ROW + PAD
    body: list[str] = []
    y0 = TOP + mark_room
    # Marks first, so that bars and their values are drawn over the dashed lines.
    bottom = y0 + max(len(items), 1) * ROW
    for (name, at), line in zip(ordered_marks, mark_lines, strict=True):
        x = left + max(at, 0.0) * scale
        body.append('<g class="gk-mark">')
        body.append(
            f'<line x1="{_n(x)}" y1="{_n(y0 - 2)}" x2="{_n(x)}"'
            f' y2="{_n(bottom)}" stroke="{MARK}" stroke-width="1" stroke-dasharray="4 3"/>'
        )
        label = f"{name} {format_value(at, unit)}"
        label_y = TOP + line * MARK_ROW + MARK_ROW / 2
        body.append(_text(x, label_y, label, anchor="middle", size=MARK_FONT))
        body.append("</g>")
    for i, (label, value) in enumerate(items):
        y = y0 + i * ROW
        middle = y + BAR / 2
        chosen = highlight is not None and label == highlight
        classes = "gk-bar gk-highlight" if chosen else "gk-bar"
        body.append(f'<g class="{classes}">')
        body.append(
            _text(left - PAD / 2, middle, label, anchor="end", weight="bold" if chosen else None)
        )
        if value is None:
            body.append(_text(left, middle, "未填报", cls="gk-missing", fill=MUTED))
        else:
            length = max(value, 0.0) * scale
            fill = HIGHLIGHT if chosen else COLOUR
            body.append(
                f'<rect class="gk-bar-fill" x="{_n(left)}" y="{_n(y)}" width="{_n(length)}"'
                f' height="{BAR}" fill="{fill}"/>'
            )
            body.append(_text(left + length + 4, middle, format_value(value, unit), cls="gk-value"))
        body.append("</g>")
    if not items:
        body.append(_text(left, y0 + BAR / 2, "无数据", cls="gk-missing", fill=MUTED))
    missing = sum(1 for _, v in items if v is None)
    desc = f"横向条形图，共 {len(items)} 项"
    if known:
        desc += (
            f"，最大值 {format_value(max(known), unit)}，最小值 {format_value(min(known), unit)}"
        )
    if missing:
        desc += f"，{missing} 项未填报"
    if highlight is not None:
        desc += f"，突出显示：{highlight}"
    desc += "。" + "；".join(
        f"{label}：{'未填报' if v is None else format_value(v, unit)}" for label, v in items
    )
    return _svg("gk-bar-chart", title, desc, (width, height), body)


def box_plot(title: str, distributions: Sequence[tuple[str, Distribution]], *, unit: str) -> str:
    """One horizontal box per (label, distribution): whiskers at min and max, box from Q1 to Q3.

    All boxes share one scale, from zero (or the smallest minimum, if negative) to the largest
    maximum, with five labelled ticks along the bottom.
    """
    low = min([0.0, *(d.minimum for _, d in distributions)])
    high = max([0.0, *(d.maximum for _, d in distributions)])
    tick = _nice_step((high - low) / 4 if high > low else 0.25)
    low, high = math.floor(low / tick) * tick, math.ceil(high / tick) * tick
    span = high - low if high > low else 4 * tick
    left = PAD + _text_width([label for label, _ in distributions], FONT) + PAD
    width = left + PLOT + VALUE_ROOM + PAD
    rows = max(len(distributions), 1)
    axis_y = TOP + rows * ROW
    height = axis_y + FONT + 2 * PAD

    def x_of(value: float) -> float:
        return left + (value - low) / span * PLOT

    body: list[str] = []
    for i, (label, d) in enumerate(distributions):
        y = TOP + i * ROW
        middle = y + BAR / 2
        summary = _five_numbers(d, unit)
        body.append('<g class="gk-box">')
        body.append(f"<title>{escape(f'{label}：{summary}')}</title>")
        body.append(_text(left - PAD / 2, middle, label, anchor="end"))
        body.append(_line(x_of(d.minimum), middle, x_of(d.maximum), middle, "gk-whisker"))
        for end in (d.minimum, d.maximum):
            body.append(_line(x_of(end), y + 3, x_of(end), y + BAR - 3, "gk-whisker"))
        body.append(
            f'<rect class="gk-box-iqr" x="{_n(x_of(d.q1))}" y="{_n(y)}"'
            f' width="{_n(x_of(d.q3) - x_of(d.q1))}" height="{BAR}"'
            f' fill="#dce6f2" stroke="{COLOUR}" stroke-width="1"/>'
        )
        body.append(
            _line(x_of(d.median), y, x_of(d.median), y + BAR, "gk-median", colour=HIGHLIGHT)
        )
        body.append(
            _text(
                x_of(d.maximum) + 6,
                middle,
                f"中位数 {format_value(d.median, unit)}",
                cls="gk-value",
            )
        )
        body.append("</g>")
    if not distributions:
        body.append(_text(left, TOP + BAR / 2, "无数据", cls="gk-missing", fill=MUTED))
    body.append(_line(left, axis_y, left + PLOT, axis_y, "gk-axis"))
    for step in range(round(span / tick) + 1):
        value = low + step * tick
        x = x_of(value)
        body.append(_line(x, axis_y, x, axis_y + 4, "gk-axis"))
        body.append(
            _text(x, axis_y + 4 + FONT / 2 + 2, format_value(value, unit), anchor="middle", size=11)
        )
    desc = f"箱线图，共 {len(distributions)} 组。" + "；".join(
        f"{label}：{_five_numbers(d, unit)}" for label, d in distributions
    )
    return _svg("gk-box-plot", title, desc, (width, height), body)


def format_value(value: float, unit: str) -> str:
    """A share as "42.5%", a count as "33件" (one decimal if it is not whole)."""
    if unit == "%":
        return f"{value * 100:.1f}%"
    number = f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"
    return f"{number}{unit}"


def format_change(value: float | None, unit: str) -> str:
    """Year over year as `indicators.change` gives it: a share's difference in percentage points
    ("+5.0 个百分点"), a count's relative change ("+12.5%"); "—" when there is none."""
    if value is None:
        return "—"
    sign = "+" if value > 0 else ""
    if unit == "%":
        return f"{sign}{value * 100:.1f} 个百分点"
    return f"{sign}{value * 100:.1f}%"


def _five_numbers(d: Distribution, unit: str) -> str:
    parts = (
        ("最小值", d.minimum),
        ("下四分位数", d.q1),
        ("中位数", d.median),
        ("上四分位数", d.q3),
        ("最大值", d.maximum),
    )
    return "，".join(f"{name} {format_value(v, unit)}" for name, v in parts) + f"（{d.count} 个）"


def _svg(kind: str, title: str, desc: str, size: tuple[float, float], body: list[str]) -> str:
    # ids derived from the content: stable, and distinct for two charts on one page.
    digest = hashlib.sha1(f"{kind}\0{title}\0{desc}".encode(), usedforsecurity=False)
    ident = f"gk-{digest.hexdigest()[:10]}"
    w, h = (_n(side) for side in size)
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="gk-chart {kind}" role="img"'
        f' viewBox="0 0 {w} {h}" width="{w}" height="{h}"'
        f' aria-labelledby="{ident}-title {ident}-desc"'
        f' font-family="{FONT_FAMILY}" font-size="{FONT}" fill="{INK}">'
    )
    return "\n".join(
        [
            head,
            f'<title id="{ident}-title">{escape(title)}</title>',
            f'<desc id="{ident}-desc">{escape(desc)}</desc>',
            _text(PAD, PAD + TITLE_FONT / 2, title, size=TITLE_FONT, weight="bold", cls="gk-title"),
            *body,
            "</svg>",
        ]
    )


def _text(
    x: float,
    y: float,
    content: str,
    *,
    anchor: str | None = None,
    size: int | None = None,
    weight: str | None = None,
    cls: str | None = None,
    fill: str | None = None,
) -> str:
    attrs = [f'x="{_n(x)}"', f'y="{_n(y)}"', 'dominant-baseline="central"']
    if anchor:
        attrs.append(f'text-anchor="{anchor}"')
    if size:
        attrs.append(f'font-size="{size}"')
    if weight:
        attrs.append(f'font-weight="{weight}"')
    if cls:
        attrs.append(f'class="{cls}"')
    if fill:
        attrs.append(f'fill="{fill}"')
    return f"<text {' '.join(attrs)}>{escape(content)}</text>"


def _line(x1: float, y1: float, x2: float, y2: float, cls: str, *, colour: str = INK) -> str:
    return (
        f'<line class="{cls}" x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}"'
        f' stroke="{colour}" stroke-width="1"/>'
    )


def _label_lines(labels: Sequence[tuple[float, str]]) -> list[int]:
    """For centred labels in x order, the first line on which each overlaps none before it."""
    ends: list[float] = []  # right edge of the last label on each line
    lines = []
    for x, text in labels:
        half = _text_width([text], MARK_FONT) / 2 + 4
        line = next((i for i, end in enumerate(ends) if end <= x - half), len(ends))
        if line == len(ends):
            ends.append(0.0)
        ends[line] = x + half
        lines.append(line)
    return lines


def _nice_step(rough: float) -> float:
    """The smallest 1, 2, 2.5 or 5 times a power of ten that is at least `rough`: readable ticks."""
    power = 10.0 ** math.floor(math.log10(rough))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= rough * (1 - 1e-9))


def _text_width(labels: Sequence[str], size: int) -> float:
    """Roughly how wide the longest label prints: CJK glyphs are square, Latin about half."""
    widest = 0.0
    for label in labels:
        widest = max(widest, sum(size if ord(ch) > 0x2E7F else size * 0.6 for ch in label))
    return widest


def _n(number: float) -> str:
    """A coordinate with at most one decimal, without a trailing ".0"."""
    text = f"{number:.1f}"
    text = text.removesuffix(".0")
    return "0" if text == "-0" else text
