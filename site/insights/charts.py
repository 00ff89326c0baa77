"""Server-rendered SVG charts: no script, no external file; each is drawn from the same numbers as the table
printed under it, and every bar and point carries its number as text and as data-value."""

from django.utils.html import format_html, format_html_join

PALETTE = ["#b4262c", "#1f5fa8", "#2f8a4c", "#c27c0e", "#6a3d9a", "#0f7c84", "#8a5a44"]
WIDTH = 640


def _number(value):
    return f"{value:g}" if isinstance(value, float) else str(value)


def progress_chart(targets, chart_id):
    """One horizontal bar per target: the share of the 2025 target reached (capped at the frame)."""
    row, label_w, bar_w = 34, 180, 250
    height = row * len(targets) + 10
    bars = []
    for i, t in enumerate(targets):
        y = 5 + i * row
        width = round(bar_w * min(t["share"], 100) / 100, 1)
        bars.append(
            format_html(
                '<g class="chart-row" data-key="{key}" data-value="{value}">'
                '<text x="{lx}" y="{ty}" text-anchor="end" class="chart-label">{label}</text>'
                '<rect x="{x}" y="{y}" width="{bw}" height="18" class="chart-track"/>'
                '<rect x="{x}" y="{y}" width="{w}" height="18" fill="{color}"/>'
                '<text x="{vx}" y="{ty}" class="chart-value">{value} / {target}{unit} · {share}%</text></g>',
                key=t["key"],
                value=_number(t["value"]),
                lx=label_w - 8,
                ty=y + 14,
                label=t["label"],
                x=label_w,
                y=y,
                bw=bar_w,
                w=width,
                color=PALETTE[i % len(PALETTE)],
                vx=label_w + bar_w + 8,
                target=t["target"],
                unit=t["unit"],
                share=_number(t["share"]),
            )
        )
    return _svg(chart_id, height, _join(bars))


def bar_chart(rows, key, chart_id, color=PALETTE[1]):
    """Horizontal bars of one figure (`key`) per row of a breakdown."""
    row, label_w, bar_w = 26, 190, 330
    peak = max((r[key] for r in rows), default=0) or 1
    bars = []
    for i, r in enumerate(rows):
        y = 4 + i * row
        bars.append(
            format_html(
                '<g class="chart-row" data-name="{name}" data-value="{value}">'
                '<text x="{lx}" y="{ty}" text-anchor="end" class="chart-label">{name}</text>'
                '<rect x="{x}" y="{y}" width="{w}" height="16" fill="{color}"/>'
                '<text x="{vx}" y="{ty}" class="chart-value">{value}</text></g>',
                name=r["name"],
                value=_number(r[key]),
                lx=label_w - 8,
                ty=y + 13,
                x=label_w,
                y=y,
                w=round(bar_w * r[key] / peak, 1),
                color=color,
                vx=label_w + round(bar_w * r[key] / peak, 1) + 6,
            )
        )
    return _svg(chart_id, row * len(rows) + 8, _join(bars))


def trend_chart(quarters, series, chart_id):
    """Lines of the share reached (%) per target across frozen quarters; `series`: [(key, label, [share])]."""
    left, top, plot_w, plot_h = 44, 12, 420, 200
    legend_x = left + plot_w + 16
    n = len(quarters)
    peak = max([100.0] + [v for _k, _l, values in series for v in values])

    def x(i):
        return left + (plot_w * i / (n - 1) if n > 1 else plot_w / 2)

    def y(v):
        return top + plot_h - plot_h * v / peak

    grid = format_html_join(
        "",
        '<line x1="{}" x2="{}" y1="{}" y2="{}" class="chart-grid"/><text x="{}" y="{}" text-anchor="end" '
        'class="chart-axis">{}%</text>',
        ((left, left + plot_w, y(v), y(v), left - 6, y(v) + 4, int(v)) for v in _ticks(peak)),
    )
    axis = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="middle" class="chart-axis">{}</text>',
        ((x(i), top + plot_h + 18, q) for i, q in enumerate(quarters)),
    )
    lines = []
    for s, (key, label, values) in enumerate(series):
        color = PALETTE[s % len(PALETTE)]
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
        spots = [(f"{x(i):.1f}", f"{y(v):.1f}", quarters[i], _number(v)) for i, v in enumerate(values)]
        dots = format_html_join(
            "",
            '<circle cx="{}" cy="{}" r="3.5" fill="{}" data-quarter="{}" data-value="{}">'
            "<title>{} {}：{}%</title></circle>",
            ((cx, cy, color, quarter, value, label, quarter, value) for cx, cy, quarter, value in spots),
        )
        lines.append(
            format_html(
                '<g class="chart-series" data-key="{}"><polyline points="{}" fill="none" stroke="{}" '
                'stroke-width="2"/>{}<rect x="{}" y="{}" width="12" height="12" fill="{}"/>'
                '<text x="{}" y="{}" class="chart-label">{}</text></g>',
                key,
                points,
                color,
                dots,
                legend_x,
                top + s * 20,
                color,
                legend_x + 18,
                top + s * 20 + 11,
                label,
            )
        )
    return _svg(chart_id, top + plot_h + 30, format_html("{}{}{}", grid, axis, _join(lines)))


def _join(parts):
    """Join already-escaped fragments (each built by format_html)."""
    return format_html_join("", "{}", ((part,) for part in parts))


def _ticks(peak):
    step = 25 if peak <= 150 else 50 if peak <= 300 else 100
    return list(range(0, int(peak) + 1, step))


def _svg(chart_id, height, body):
    return format_html(
        '<svg class="chart" role="img" aria-labelledby="{id}-caption" viewBox="0 0 {w} {h}" '
        'width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">{body}</svg>',
        id=chart_id,
        w=WIDTH,
        h=height,
        body=body,
    )
