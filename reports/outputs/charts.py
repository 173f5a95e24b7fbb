"""Server-side SVG charts for the PDF pack (no JavaScript, no external library).

A point with no value (suppressed, or no denominator) is drawn as a gap with a small "*" or "–" at
the axis, never as a zero-height bar or a line through zero. The data table printed beside each chart
carries the exact figures.
"""

from decimal import Decimal
from xml.sax.saxutils import escape

from reports.outputs.presentation import Chart

WIDTH, HEIGHT = 520, 230
LEFT, RIGHT, TOP, BOTTOM = 48, 10, 12, 58
FILLS = ["#1d70b8", "#f47738", "#00703c"]
DASHES = ["", "6 3", "2 2"]


def _nice_max(value: float, rate: bool) -> float:
    """The axis top: four equal steps of 1, 2 or 5 times a power of ten (whole numbers for counts)."""
    if rate:
        return 1.0
    needed = max(value, 4) / 4
    power = 1
    while True:
        for step in (1, 2, 5):
            if step * power >= needed:
                return float(step * power * 4)
        power *= 10


def _fmt_tick(value: float, rate: bool) -> str:
    return f"{value:.0%}" if rate else str(int(value)) if value == int(value) else str(Decimal(str(value)))


def render(chart: Chart) -> str:
    rate = chart.kind == "line"
    values = [p.value for s in chart.series for p in s.points if p.value is not None]
    top = _nice_max(max(values, default=0), rate)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    n = max(len(chart.months), 1)
    slot = plot_w / n

    def y(value: float) -> float:
        return TOP + plot_h - (value / top) * plot_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        f'role="img" aria-labelledby="chart-title-{id(chart)}">',
        f'<title id="chart-title-{id(chart)}">{escape(chart.title)}, last 12 months</title>',
        '<desc>The figures are in the table beside the chart. A suppressed or empty value is left out.</desc>',
        '<g font-family="Liberation Sans, Arial, sans-serif" font-size="9" fill="#0b0c0c">',
    ]
    for i in range(5):
        tick = top * i / 4
        ty = y(tick)
        parts.append(f'<line x1="{LEFT}" y1="{ty:.1f}" x2="{WIDTH - RIGHT}" y2="{ty:.1f}" stroke="#b1b4b6" stroke-width="0.5"/>')
        parts.append(f'<text x="{LEFT - 4}" y="{ty + 3:.1f}" text-anchor="end">{escape(_fmt_tick(tick, rate))}</text>')
    for index, month in enumerate(chart.months):
        cx = LEFT + slot * (index + 0.5)
        parts.append(
            f'<text x="{cx:.1f}" y="{TOP + plot_h + 12}" text-anchor="end" '
            f'transform="rotate(-45 {cx:.1f} {TOP + plot_h + 12})">{escape(month)}</text>'
        )
    for s_index, series in enumerate(chart.series):
        colour = FILLS[s_index % len(FILLS)]
        if rate:
            parts.extend(_line(series, s_index, colour, slot, y, plot_h))
        else:
            parts.extend(_bars(series, s_index, len(chart.series), colour, slot, y, plot_h))
    legend_y = HEIGHT - 8
    for s_index, series in enumerate(chart.series):
        lx = LEFT + s_index * 200
        colour = FILLS[s_index % len(FILLS)]
        parts.append(f'<rect x="{lx}" y="{legend_y - 8}" width="10" height="8" fill="{colour}"/>')
        parts.append(f'<text x="{lx + 14}" y="{legend_y}">{escape(series.label)}</text>')
    parts.append(f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}" stroke="#0b0c0c"/>')
    parts.append("</g></svg>")
    return "".join(parts)


def _gap_mark(point, x: float, base: float) -> str:
    mark = "*" if point.shown == "*" else "–"
    return f'<text x="{x:.1f}" y="{base - 3:.1f}" text-anchor="middle" font-size="10">{mark}</text>'


def _bars(series, s_index, count, colour, slot, y, plot_h):
    width = slot * 0.8 / count
    base = TOP + plot_h
    for index, point in enumerate(series.points):
        x = LEFT + slot * index + slot * 0.1 + width * s_index
        if point.value is None:
            yield _gap_mark(point, x + width / 2, base)
            continue
        top = y(point.value)
        yield (f'<rect x="{x:.1f}" y="{top:.1f}" width="{width:.1f}" height="{base - top:.1f}" fill="{colour}">'
               f'<title>{escape(point.month)}: {escape(point.shown)}</title></rect>')


def _line(series, s_index, colour, slot, y, plot_h):
    dash = DASHES[s_index % len(DASHES)]
    segment: list[str] = []
    base = TOP + plot_h
    paths = []
    for index, point in enumerate(series.points):
        x = LEFT + slot * (index + 0.5)
        if point.value is None:
            if segment:
                paths.append(segment)
            segment = []
            yield _gap_mark(point, x, base)
            continue
        segment.append(f"{x:.1f},{y(point.value):.1f}")
        yield f'<circle cx="{x:.1f}" cy="{y(point.value):.1f}" r="2.5" fill="{colour}"/>'
    if segment:
        paths.append(segment)
    for path in paths:
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        yield f'<polyline points="{" ".join(path)}" fill="none" stroke="{colour}" stroke-width="1.5"{dash_attr}/>'
