"""Small server-rendered SVG charts: no script, no CDN, readable by screen readers (each chart
carries a title and a table-like description), and every label escaped."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from html import escape

PALETTE = ("#2f6fde", "#e0a100", "#1f9d68", "#c2410c", "#7c3aed", "#0e7490")


def bar_chart(
    rows: Sequence[tuple[str, float]],
    *,
    title: str,
    unit: str = "",
    max_value: float | None = None,
) -> str:
    """Horizontal bars, one row per label, scaled to ``max_value`` (default: the largest)."""
    if not rows:
        return f'<p class="muted">{escape(title)}: nothing to show yet.</p>'
    label_width, bar_width, row_height = 190, 330, 30
    top = max_value or max(v for _, v in rows) or 1.0
    height = row_height * len(rows) + 8
    parts = [
        f'<svg class="chart" viewBox="0 0 {label_width + bar_width + 90} {height}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, value) in enumerate(rows):
        y = i * row_height + 4
        width = max(0.0, min(1.0, value / top)) * bar_width
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 17}" text-anchor="end" class="chart-label">'
            f"{escape(_shorten(label, 28))}</text>"
        )
        parts.append(
            f'<rect x="{label_width}" y="{y + 6}" width="{width:.1f}" height="12" rx="3" '
            f'fill="{PALETTE[0]}"/>'
        )
        shown = f"{value:,.0f}" if abs(value) >= 10 else f"{value:.2f}".rstrip("0").rstrip(".")
        parts.append(
            f'<text x="{label_width + bar_width + 6}" y="{y + 17}" class="chart-value">'
            f"{escape(shown)}{escape(unit)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def radar_chart(
    axes: Sequence[str],
    have: Sequence[float],
    need: Sequence[float],
    *,
    title: str,
    have_label: str = "you have",
    need_label: str = "the role needs",
) -> str:
    """Two polygons on the same axes (0..1): what the role needs and what the person has,
    with a legend. Labels wrap onto short lines and the canvas is wider than the circle, so a
    long area name ("machine learning") is never cut at the edge."""
    if len(axes) < 3:
        return bar_chart(list(zip(axes, have, strict=True)), title=title, max_value=1.0)
    width, height, radius = 560, 420, 120
    cx, cy = width / 2, 190
    count = len(axes)

    def point(i: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / count
        r = radius * max(0.0, min(1.2, value))
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    def polygon(values: Sequence[float]) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, v) for i, v in enumerate(values)))

    parts = [
        f'<svg class="chart radar" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for ring in (0.25, 0.5, 0.75, 1.0):
        parts.append(f'<polygon points="{polygon([ring] * count)}" fill="none" stroke="#d9dee8"/>')
    for i, axis in enumerate(axes):
        x, y = point(i, 1.0)
        lx, ly = point(i, 1.14)
        anchor = "middle" if abs(lx - cx) < 10 else ("start" if lx > cx else "end")
        lines = textwrap.wrap(axis, 16) or [""]
        # Labels above the centre grow upwards, the others downwards.
        top = ly - 14 * (len(lines) - 1) if ly < cy - 10 else ly
        spans = "".join(
            f'<tspan x="{lx:.1f}" y="{top + 4 + 14 * n:.1f}">{escape(line)}</tspan>'
            for n, line in enumerate(lines)
        )
        parts.append(f'<line x1="{cx}" y1="{cy}" x2="{x:.1f}" y2="{y:.1f}" stroke="#d9dee8"/>')
        parts.append(f'<text text-anchor="{anchor}" class="chart-label">{spans}</text>')
    parts.append(
        f'<polygon points="{polygon(need)}" fill="#d9dee8" fill-opacity="0.5" stroke="#8a94a6"/>'
    )
    parts.append(
        f'<polygon points="{polygon(have)}" fill="{PALETTE[0]}" fill-opacity="0.35" '
        f'stroke="{PALETTE[0]}" stroke-width="2"/>'
    )
    legend_y = height - 30
    parts.append(
        f'<g class="chart-legend"><rect x="{cx - 150}" y="{legend_y}" width="14" height="14" '
        f'fill="{PALETTE[0]}" fill-opacity="0.35" stroke="{PALETTE[0]}" stroke-width="2"/>'
        f'<text x="{cx - 130}" y="{legend_y + 12}" class="chart-label">{escape(have_label)}</text>'
        f'<rect x="{cx + 20}" y="{legend_y}" width="14" height="14" fill="#d9dee8" '
        f'fill-opacity="0.5" stroke="#8a94a6"/>'
        f'<text x="{cx + 40}" y="{legend_y + 12}" class="chart-label">{escape(need_label)}</text>'
        "</g>"
    )
    parts.append("</svg>")
    return "".join(parts)


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def range_chart(
    rows: Sequence[tuple[str, float, float, float]],
    *,
    title: str,
    unit: str = "",
    marks: Sequence[tuple[str, float]] = (),
) -> str:
    """A distribution per row: the p25–p75 box with its median, on one shared axis; ``marks``
    draw labelled vertical lines (an offer, a wish) across every row."""
    if not rows:
        return f'<p class="muted">{escape(title)}: nothing to show yet.</p>'
    label_width, plot_width, row_height, axis_height = 190, 330, 30, 26
    values = [v for _, *quartiles in rows for v in quartiles] + [v for _, v in marks]
    low, high = min(values), max(values)
    pad = (high - low) * 0.08 or high * 0.1 or 1.0
    low, high = max(0.0, low - pad), high + pad

    def x(value: float) -> float:
        return label_width + (value - low) / (high - low) * plot_width

    height = row_height * len(rows) + axis_height + 8
    parts = [
        f'<svg class="chart" viewBox="0 0 {label_width + plot_width + 30} {height}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, p25, p50, p75) in enumerate(rows):
        y = i * row_height + 4
        summary = f"{label}: {p25:,.0f} to {p75:,.0f}{unit}, median {p50:,.0f}{unit}"
        parts.append(
            f"<g><title>{escape(summary)}</title>"
            f'<text x="{label_width - 8}" y="{y + 17}" text-anchor="end" class="chart-label">'
            f"{escape(_shorten(label, 28))}</text>"
            f'<line x1="{label_width}" x2="{label_width + plot_width}" y1="{y + 12}" '
            f'y2="{y + 12}" stroke="#d9dee8"/>'
            f'<rect x="{x(p25):.1f}" y="{y + 4}" width="{max(1.0, x(p75) - x(p25)):.1f}" '
            f'height="16" rx="3" fill="{PALETTE[0]}" fill-opacity="0.35" stroke="{PALETTE[0]}"/>'
            f'<line x1="{x(p50):.1f}" x2="{x(p50):.1f}" y1="{y + 2}" y2="{y + 22}" '
            f'stroke="{PALETTE[0]}" stroke-width="3"/></g>'
        )
    axis_y = row_height * len(rows) + 4
    for i in range(5):
        value = low + (high - low) * i / 4
        parts.append(
            f'<text x="{x(value):.1f}" y="{axis_y + 16}" text-anchor="middle" '
            f'class="chart-value">{escape(_compact(value))}{escape(unit)}</text>'
        )
    for j, (label, value) in enumerate(marks):
        colour = PALETTE[(j + 1) % len(PALETTE)]
        parts.append(
            f"<g><title>{escape(label)}: {value:,.0f}{escape(unit)}</title>"
            f'<line x1="{x(value):.1f}" x2="{x(value):.1f}" y1="0" y2="{axis_y}" '
            f'stroke="{colour}" stroke-width="2" stroke-dasharray="4 3"/></g>'
        )
    parts.append("</svg>")
    if marks:
        legend = " · ".join(
            f'<span style="color:{PALETTE[(j + 1) % len(PALETTE)]}">┆</span> {escape(label)}'
            for j, (label, _) in enumerate(marks)
        )
        parts.append(f'<p class="muted small">{legend}</p>')
    return "".join(parts)


def _compact(value: float) -> str:
    if abs(value) >= 1_000_000:
        return f"{value / 1_000_000:.1f}M"
    if abs(value) >= 1_000:
        return f"{value / 1_000:.0f}k"
    return f"{value:.0f}"


def interval_chart(
    rows: Sequence[tuple[str, float, float | None, float | None]],
    *,
    title: str,
    max_value: float | None = None,
    threshold: tuple[str, float] | None = None,
    flagged: Sequence[str] = (),
    percent: bool = False,
) -> str:
    """A bar per row with its interval as a whisker (``(label, value, low, high)``; ``None``
    bounds draw no whisker); ``threshold`` draws a labelled vertical line (e.g. four fifths);
    rows in ``flagged`` are drawn hatched-pale and marked with an asterisk."""
    if not rows:
        return f'<p class="muted">{escape(title)}: nothing to show yet.</p>'
    label_width, bar_width, row_height, axis_height = 190, 300, 30, 22
    highs = [b for _, v, _, h in rows for b in (v, h) if b is not None]
    top = max_value or max([*highs, threshold[1] if threshold else 0.0]) or 1.0

    def x(value: float) -> float:
        return label_width + max(0.0, min(1.0, value / top)) * bar_width

    def shown(value: float) -> str:
        return f"{value:.0%}" if percent else f"{value:.2f}"

    height = row_height * len(rows) + axis_height + 8
    parts = [
        f'<svg class="chart" viewBox="0 0 {label_width + bar_width + 110} {height}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, value, low, high) in enumerate(rows):
        y = i * row_height + 4
        small = label in flagged
        interval = (
            f", 95% interval {shown(low)} to {shown(high)}"
            if low is not None and high is not None
            else ""
        )
        note = " (small group)" if small else ""
        parts.append(
            f"<g><title>{escape(f'{label}: {shown(value)}{interval}{note}')}</title>"
            f'<text x="{label_width - 8}" y="{y + 17}" text-anchor="end" class="chart-label">'
            f"{escape(_shorten(label, 28))}{'*' if small else ''}</text>"
            f'<rect x="{label_width}" y="{y + 6}" width="{x(value) - label_width:.1f}" '
            f'height="12" rx="3" fill="{PALETTE[0]}" fill-opacity="{0.35 if small else 1}"/>'
        )
        if low is not None and high is not None:
            parts.append(
                f'<line x1="{x(low):.1f}" x2="{x(high):.1f}" y1="{y + 12}" y2="{y + 12}" '
                f'stroke="#1d2433" stroke-width="1.5"/>'
                f'<line x1="{x(low):.1f}" x2="{x(low):.1f}" y1="{y + 7}" y2="{y + 17}" '
                f'stroke="#1d2433"/>'
                f'<line x1="{x(high):.1f}" x2="{x(high):.1f}" y1="{y + 7}" y2="{y + 17}" '
                f'stroke="#1d2433"/>'
            )
        parts.append(
            f'<text x="{label_width + bar_width + 8}" y="{y + 17}" class="chart-value">'
            f"{escape(shown(value))}</text></g>"
        )
    axis_y = row_height * len(rows) + 4
    if threshold is not None:
        label, value = threshold
        parts.append(
            f"<g><title>{escape(label)}: {escape(shown(value))}</title>"
            f'<line x1="{x(value):.1f}" x2="{x(value):.1f}" y1="0" y2="{axis_y}" '
            f'stroke="{PALETTE[3]}" stroke-width="2" stroke-dasharray="4 3"/>'
            f'<text x="{x(value):.1f}" y="{axis_y + 16}" text-anchor="middle" '
            f'class="chart-value">{escape(label)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)
