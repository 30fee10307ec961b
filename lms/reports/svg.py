"""Bar charts drawn on the server as SVG: no charting JavaScript, no inline styles.

Each chart is an ``<svg role="img">`` named by its ``<title>``; pages put a table of the
same numbers right after it, for screen readers and for reading exact figures. Colours
come from classes styled in static/css/site.css (print included). Labels are escaped.
"""

from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 320
LABEL_ROOM = 18  # a row's label sits above its bars
BAR = 11
GAP = 10


@dataclass(frozen=True)
class Bar:
    value: float | None  # None: nothing to draw (nobody registered)
    text: str  # what is written at the end of the bar ("74 %")


def share_bars(
    chart_id: str, title: str, rows: list[tuple[str, list[Bar]]], targets: list[float | None]
) -> Markup:
    """Horizontal bars of percentages (0-100), one group per row, one bar per series;
    a dashed line per series marks its target."""
    plot = WIDTH - 48  # room for the text after the longest bar
    series = max((len(bars) for _label, bars in rows), default=0)
    row_height = LABEL_ROOM + series * (BAR + 3) + GAP
    height = max(row_height * len(rows), 20) + 4
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'aria-labelledby="{chart_id}" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}">',
        f'<title id="{chart_id}">{escape(title)}</title>',
    ]
    for index, (label, bars) in enumerate(rows):
        top = index * row_height
        parts.append(f'<text class="chart-label" x="0" y="{top + 13}">{escape(label)}</text>')
        for number, bar in enumerate(bars):
            y = top + LABEL_ROOM + number * (BAR + 3)
            width = 0 if bar.value is None else round(plot * min(max(bar.value, 0), 100) / 100, 1)
            parts.append(
                f'<rect class="bar-{number + 1}" x="0" y="{y}" width="{width}" height="{BAR}"/>'
            )
            at = f'x="{width + 3}" y="{y + BAR - 1}"'
            parts.append(f'<text class="chart-value" {at}>{escape(bar.text)}</text>')
    for number, target in enumerate(targets):
        if target is not None:
            x = round(plot * min(max(target, 0), 100) / 100, 1)
            parts.append(
                f'<line class="target target-{number + 1}" x1="{x}" y1="0" x2="{x}" y2="{height}"/>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text went through escape()


def month_bars(chart_id: str, title: str, months: list[tuple[str, list[int]]]) -> Markup:
    """Vertical bars of counts per month, side by side per series."""
    height, base = 160, 140
    series = max((len(values) for _label, values in months), default=1)
    top = max((v for _label, values in months for v in values), default=0) or 1
    slot = WIDTH / max(len(months), 1)
    bar = (slot - 4) / series
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'aria-labelledby="{chart_id}" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}">',
        f'<title id="{chart_id}">{escape(title)}</title>',
        f'<line class="axis" x1="0" y1="{base}" x2="{WIDTH}" y2="{base}"/>',
    ]
    for index, (label, values) in enumerate(months):
        left = index * slot + 2
        for number, value in enumerate(values):
            h = round((base - 14) * value / top, 1)
            x = round(left + number * bar, 1)
            parts.append(
                f'<rect class="bar-{number + 1}" x="{x}" y="{base - h}" '
                f'width="{round(bar, 1)}" height="{h}"/>'
            )
        parts.append(
            f'<text class="chart-label" x="{round(left + (slot - 4) / 2, 1)}" y="{height - 4}" '
            f'text-anchor="middle">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text went through escape()
