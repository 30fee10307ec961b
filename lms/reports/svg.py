"""Bar charts drawn on the server as SVG: no charting JavaScript, no inline styles.

This module only lays a chart out (pure geometry); ``templates/office/_chart.html`` draws
it, so every label is escaped by the template engine like any other text. Each chart is
an ``<svg role="img">`` named by its ``<title>``; pages put a table of the same numbers
right after it, for screen readers and for reading exact figures. Colours come from
classes styled in static/css (print included).
"""

from dataclasses import dataclass, field

WIDTH = 320
LABEL_ROOM = 18  # a row's label sits above its bars
BAR = 11
GAP = 10


@dataclass(frozen=True)
class Bar:
    value: float | None  # None: nothing to draw (nobody registered)
    text: str  # what is written at the end of the bar ("74 %")


@dataclass(frozen=True)
class Rect:
    css: str
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Text:
    css: str
    x: float
    y: float
    text: str
    anchor: str | None = None


@dataclass(frozen=True)
class Line:
    css: str
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass
class Chart:
    id: str
    title: str
    width: int
    height: int
    rects: list[Rect] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)


def share_bars(
    chart_id: str, title: str, rows: list[tuple[str, list[Bar]]], targets: list[float | None]
) -> Chart:
    """Horizontal bars of percentages (0-100), one group per row, one bar per series;
    a dashed line per series marks its target."""
    plot = WIDTH - 48  # room for the text after the longest bar
    series = max((len(bars) for _label, bars in rows), default=0)
    row_height = LABEL_ROOM + series * (BAR + 3) + GAP
    height = max(row_height * len(rows), 20) + 4
    chart = Chart(chart_id, title, WIDTH, height)
    for index, (label, bars) in enumerate(rows):
        top = index * row_height
        chart.texts.append(Text("chart-label", 0, top + 13, label))
        for number, bar in enumerate(bars):
            y = top + LABEL_ROOM + number * (BAR + 3)
            width = 0 if bar.value is None else round(plot * min(max(bar.value, 0), 100) / 100, 1)
            chart.rects.append(Rect(f"bar-{number + 1}", 0, y, width, BAR))
            chart.texts.append(Text("chart-value", width + 3, y + BAR - 1, bar.text))
    for number, target in enumerate(targets):
        if target is not None:
            x = round(plot * min(max(target, 0), 100) / 100, 1)
            chart.lines.append(Line(f"target target-{number + 1}", x, 0, x, height))
    return chart


def month_bars(chart_id: str, title: str, months: list[tuple[str, list[int]]]) -> Chart:
    """Vertical bars of counts per month, side by side per series."""
    height, base = 160, 140
    series = max((len(values) for _label, values in months), default=1)
    top = max((v for _label, values in months for v in values), default=0) or 1
    slot = WIDTH / max(len(months), 1)
    bar = (slot - 4) / series
    chart = Chart(chart_id, title, WIDTH, height, lines=[Line("axis", 0, base, WIDTH, base)])
    for index, (label, values) in enumerate(months):
        left = index * slot + 2
        for number, value in enumerate(values):
            h = round((base - 14) * value / top, 1)
            x = round(left + number * bar, 1)
            chart.rects.append(Rect(f"bar-{number + 1}", x, base - h, round(bar, 1), h))
        middle = round(left + (slot - 4) / 2, 1)
        chart.texts.append(Text("chart-label", middle, height - 4, label, "middle"))
    return chart
