"""Inline SVG charts for the HTML reports: the level ladder and horizontal bar charts.

The SVG is built as text (no plotting library: the generator's runtime stays light) with
every label escaped, coordinates formatted explicitly (byte-identical output for the same
input), colours given as attributes (the chart looks the same pasted anywhere) and a
``<title>``/``<desc>`` pair so screen readers announce what the chart shows. Each chart also
has a table next to it in the report, for readers who cannot see it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from generator.report.formatting import compact

INK = "#1d2b3a"
MUTED_INK = "#5b6b7a"
ACCENT = "#2f5d8a"
ACCENT_LIGHT = "#a9c0d6"
BEFORE = "#b8c4cf"
TRACK = "#edf1f5"
GRID = "#d5dce3"
FONT = "font-family=\"'Segoe UI', 'Helvetica Neue', Arial, sans-serif\""

WIDTH = 760


@dataclass(frozen=True)
class Bar:
    """One row of a bar chart; ``value`` None draws no bar and shows ``display`` (e.g. n/a)."""

    label: str
    value: float | None
    display: str


@dataclass(frozen=True)
class PairedBar:
    """One row of a before/after chart."""

    label: str
    before: float | None
    after: float | None
    display: str


@dataclass(frozen=True)
class Step:
    """One level of the ladder."""

    level: int
    name: str


def wrap(text: str, width: int) -> list[str]:
    """Split ``text`` at spaces into lines of at most ``width`` characters (longer words
    stay whole): SVG text does not wrap by itself."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _n(value: float) -> str:
    return compact(value, 1)


def _text(x: float, y: float, content: str, **attrs: str) -> str:
    extra = "".join(f' {key.replace("_", "-")}="{escape(val)}"' for key, val in attrs.items())
    return f'<text x="{_n(x)}" y="{_n(y)}"{extra}>{escape(content)}</text>'


def _rect(x: float, y: float, w: float, h: float, fill: str, **attrs: str) -> str:
    extra = "".join(f' {key.replace("_", "-")}="{escape(val)}"' for key, val in attrs.items())
    return (
        f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(max(w, 0))}" height="{_n(max(h, 0))}" '
        f'fill="{fill}"{extra}/>'
    )


def _svg(chart_id: str, height: float, title: str, desc: str, body: list[str]) -> Markup:
    head = (
        f'<svg class="chart" id="{escape(chart_id)}" '
        f'viewBox="0 0 {WIDTH} {_n(height)}" width="100%" role="img" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" {FONT}>'
    )
    meta = (
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>'
        f'<desc id="{escape(chart_id)}-desc">{escape(desc)}</desc>'
    )
    return Markup("\n".join([head, meta, *body, "</svg>"]))


def level_ladder(
    steps: Sequence[Step],
    current: int,
    next_level: int | None,
    progress: float,
    chart_id: str = "level-ladder",
) -> Markup:
    """A staircase of the maturity levels: reached levels filled, the current one marked,
    and the next one showing ``progress`` (0-100) as a partly filled bar."""
    count = max(len(steps), 1)
    gap, margin, base = 14.0, 10.0, 240.0
    step_w = (WIDTH - 2 * margin - gap * (count - 1)) / count
    rise = 46.0
    body: list[str] = []
    for index, step in enumerate(steps):
        x = margin + index * (step_w + gap)
        height = 104.0 + index * rise
        top = base - height
        reached = step.level <= current
        is_current = step.level == current
        fill = ACCENT if is_current else (ACCENT_LIGHT if reached else TRACK)
        colour = "#ffffff" if is_current else INK
        body.append(_rect(x, top, step_w, height, fill, rx="6", stroke=ACCENT, stroke_width="1.5"))
        body.append(
            _text(
                x + 14,
                top + 28,
                f"Level {step.level}",
                fill=colour,
                font_size="17",
                font_weight="700",
            )
        )
        # ~7 px per character at 13 px: wrap long names inside the step.
        lines = wrap(step.name, int((step_w - 28) / 7))
        for number, line in enumerate(lines):
            body.append(_text(x + 14, top + 50 + 16 * number, line, fill=colour, font_size="13"))
        below = top + 50 + 16 * (len(lines) - 1)
        if is_current:
            body.append(
                f'<path d="M {_n(x + step_w / 2 - 8)} {_n(top - 16)} L {_n(x + step_w / 2 + 8)} '
                f'{_n(top - 16)} L {_n(x + step_w / 2)} {_n(top - 6)} Z" fill="{INK}"/>'
            )
            body.append(
                _text(
                    x + step_w / 2,
                    top - 22,
                    "You are here",
                    fill=INK,
                    font_size="13",
                    font_weight="700",
                    text_anchor="middle",
                )
            )
        elif next_level is not None and step.level == next_level:
            bar_x, bar_w, bar_y = x + 14, step_w - 28, below + 16
            share = min(max(progress, 0.0), 100.0) / 100
            body.append(
                _rect(bar_x, bar_y, bar_w, 10, "#ffffff", rx="5", stroke=ACCENT, stroke_width="1")
            )
            body.append(_rect(bar_x, bar_y, bar_w * share, 10, ACCENT, rx="5"))
            body.append(
                _text(
                    bar_x,
                    bar_y + 28,
                    f"{compact(progress, 0)}% of the way here",
                    fill=INK,
                    font_size="12",
                )
            )
        elif reached:
            body.append(_text(x + 14, below + 22, "Reached", fill=colour, font_size="12"))
    names = ", ".join(f"level {s.level} {s.name}" for s in steps)
    if next_level is None:
        where = f"The team is at level {current}, the highest level."
    else:
        where = (
            f"The team is at level {current} and {compact(progress, 0)}% of the way to "
            f"level {next_level}."
        )
    return _svg(chart_id, base + 8, "Maturity level ladder", f"Levels: {names}. {where}", body)


def _axis(
    x0: float, width: float, top: float, bottom: float, maximum: float, ticks: Sequence[float]
) -> list[str]:
    parts = []
    for tick in ticks:
        x = x0 + width * tick / maximum
        parts.append(
            f'<line x1="{_n(x)}" y1="{_n(top)}" x2="{_n(x)}" y2="{_n(bottom)}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        parts.append(
            _text(
                x, top - 6, compact(tick, 1), fill=MUTED_INK, font_size="11", text_anchor="middle"
            )
        )
    return parts


def bar_chart(
    bars: Sequence[Bar],
    maximum: float,
    ticks: Sequence[float],
    title: str,
    desc: str,
    chart_id: str,
) -> Markup:
    """Horizontal bars from 0 to ``maximum`` with the label left and the value right."""
    label_w, value_w, row_h, top = 300.0, 60.0, 30.0, 26.0
    x0 = label_w + 10
    width = WIDTH - x0 - value_w
    bottom = top + row_h * len(bars)
    body = _axis(x0, width, top, bottom, maximum, ticks)
    for index, bar in enumerate(bars):
        y = top + index * row_h
        body.append(_text(label_w, y + 19, bar.label, fill=INK, font_size="13", text_anchor="end"))
        body.append(_rect(x0, y + 7, width, 16, TRACK))
        if bar.value is not None:
            share = min(max(bar.value, 0.0), maximum) / maximum
            body.append(_rect(x0, y + 7, width * share, 16, ACCENT))
        body.append(
            _text(x0 + width + 8, y + 19, bar.display, fill=INK, font_size="13", font_weight="700")
        )
    return _svg(chart_id, bottom + 6, title, desc, body)


def paired_bar_chart(
    bars: Sequence[PairedBar],
    maximum: float,
    ticks: Sequence[float],
    title: str,
    desc: str,
    chart_id: str,
) -> Markup:
    """Before (light, thin) and after (dark, thick) bars per row, with a legend."""
    label_w, value_w, row_h, top = 300.0, 70.0, 36.0, 46.0
    x0 = label_w + 10
    width = WIDTH - x0 - value_w
    bottom = top + row_h * len(bars)
    body = [
        _rect(x0, 4, 14, 8, BEFORE),
        _text(x0 + 20, 12, "Before", fill=INK, font_size="12"),
        _rect(x0 + 90, 2, 14, 12, ACCENT),
        _text(x0 + 110, 12, "After", fill=INK, font_size="12"),
    ]
    body += _axis(x0, width, top, bottom, maximum, ticks)
    for index, bar in enumerate(bars):
        y = top + index * row_h
        body.append(_text(label_w, y + 22, bar.label, fill=INK, font_size="13", text_anchor="end"))
        for value, offset, height, fill in (
            (bar.before, 6, 8, BEFORE),
            (bar.after, 16, 14, ACCENT),
        ):
            if value is not None:
                share = min(max(value, 0.0), maximum) / maximum
                body.append(_rect(x0, y + offset, width * share, height, fill))
        body.append(
            _text(x0 + width + 8, y + 22, bar.display, fill=INK, font_size="13", font_weight="700")
        )
    return _svg(chart_id, bottom + 6, title, desc, body)
