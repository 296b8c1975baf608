"""Charts drawn on the server as SVG: no script, no CDN, no inline style (CSP).

The markup uses classes (styled by reports/static/reports/reports.css) and SVG presentation
attributes only; a `viewBox` lets it scale to a phone's width. Every chart is shown with its
figures in a table beside it, so nothing is only in the picture.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

from django.utils.safestring import SafeString, mark_safe

from niaga.core.money import rupiah

WIDTH, HEIGHT = 360, 200
LEFT, RIGHT, TOP, BOTTOM = 64, 8, 12, 28


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def compact_rupiah(value: int) -> str:
    """Rp1,2 jt / Rp350 rb: axis labels that fit a phone."""
    sign = "-" if value < 0 else ""
    value = abs(value)
    if value >= 1_000_000_000:
        return f"{sign}Rp{value / 1_000_000_000:.1f} M".replace(".", ",")
    if value >= 1_000_000:
        return f"{sign}Rp{value / 1_000_000:.1f} jt".replace(".", ",")
    if value >= 1_000:
        return f"{sign}Rp{value // 1000} rb"
    return sign + rupiah(value)


def _ticks(top: int) -> list[int]:
    """0 and three round steps up to at least `top`."""
    if top <= 0:
        return [0, 1]
    raw = top / 3
    magnitude = 10 ** (len(str(int(raw))) - 1)
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    step = max(int(step), 1)
    return [i * step for i in range(4)]


def line_chart(points: Sequence[tuple[str, int]], *, title: str, money: bool = True, css: str = "chart") -> SafeString:
    """A line over labelled points (e.g. days), y axis from 0 with labelled ticks."""
    fmt: Callable[[int], str] = compact_rupiah if money else _number
    values = [v for _, v in points]
    low = min([0, *values])
    ticks = _ticks(max([0, *values]))
    high = ticks[-1]
    if low < 0:
        ticks = [low, *ticks]
    span = (high - low) or 1
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(i: int) -> float:
        return LEFT + (inner_w * i / (len(points) - 1) if len(points) > 1 else inner_w / 2)

    def y(v: int) -> float:
        return TOP + inner_h * (high - v) / span

    parts = [
        f'<svg class="{css}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    ]
    for t in ticks:
        parts.append(
            f'<line class="chart-grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(t):.1f}" y2="{y(t):.1f}" '
            f'stroke="#e3e6ea" stroke-width="1"/>'
            f'<text class="chart-label" x="{LEFT - 4}" y="{y(t) + 3:.1f}" text-anchor="end" font-size="9" '
            f'fill="#5b6470">{escape(fmt(t))}</text>'
        )
    parts.append(
        f'<line class="chart-axis" x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{HEIGHT - BOTTOM}" stroke="#8a939e"/>'
    )
    if points:
        path = " ".join(f"{'M' if i == 0 else 'L'}{x(i):.1f},{y(v):.1f}" for i, (_, v) in enumerate(points))
        parts.append(f'<path class="chart-line" d="{path}" fill="none" stroke="#0a7d4f" stroke-width="2"/>')
        for i, (label, v) in enumerate(points):
            parts.append(
                f'<circle class="chart-dot" cx="{x(i):.1f}" cy="{y(v):.1f}" r="2.5" fill="#0a7d4f">'
                f"<title>{escape(label)}: {escape(rupiah(v) if money else _number(v))}</title></circle>"
            )
        shown = sorted({0, len(points) // 2, len(points) - 1})
        for i in shown:
            anchor = "start" if i == 0 and len(points) > 1 else ("end" if i == len(points) - 1 else "middle")
            parts.append(
                f'<text class="chart-label" x="{x(i):.1f}" y="{HEIGHT - 8}" text-anchor="{anchor}" font-size="9" '
                f'fill="#5b6470">{escape(points[i][0])}</text>'
            )
    else:
        parts.append(
            f'<text class="chart-empty" x="{WIDTH / 2}" y="{HEIGHT / 2}" text-anchor="middle" font-size="11" '
            f'fill="#5b6470">Belum ada data</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text in it is escaped above


def bar_chart(rows: Sequence[tuple[str, int]], *, title: str, money: bool = True, css: str = "chart") -> SafeString:
    """Horizontal bars, one per labelled row, largest first as given; the value at each bar's end."""
    fmt: Callable[[int], str] = compact_rupiah if money else _number
    bar, gap, label_w = 16, 8, 110
    height = max(1, len(rows)) * (bar + gap) + gap
    top = max([1, *[v for _, v in rows]])
    inner = WIDTH - label_w - 64
    parts = [
        f'<svg class="{css}" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    ]
    for i, (label, value) in enumerate(rows):
        y = gap + i * (bar + gap)
        w = max(0.0, inner * value / top)
        short = label if len(label) <= 18 else label[:17] + "…"
        parts.append(
            f'<text class="chart-label" x="{label_w - 4}" y="{y + bar - 4}" text-anchor="end" font-size="10" '
            f'fill="#2b3138">{escape(short)}</text>'
            f'<rect class="chart-bar" x="{label_w}" y="{y}" width="{w:.1f}" height="{bar}" fill="#0a7d4f" rx="2">'
            f"<title>{escape(label)}: {escape(rupiah(value) if money else _number(value))}</title></rect>"
            f'<text class="chart-value" x="{label_w + w + 4:.1f}" y="{y + bar - 4}" font-size="9" '
            f'fill="#5b6470">{escape(fmt(value))}</text>'
        )
    if not rows:
        parts.append(
            f'<text class="chart-empty" x="{WIDTH / 2}" y="{height / 2 + 4}" text-anchor="middle" font-size="11" '
            f'fill="#5b6470">Belum ada data</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text in it is escaped above
