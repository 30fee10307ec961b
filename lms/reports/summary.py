"""The unit summary as table rows: the dashboard's figures per child unit, and a total.

One row per child unit (communes of a province, or villages of a commune), in the order
given, then the total: name, registered, KNS-1 count and share, KNS-2 count and share,
and the year's target shares. Shares are percent numbers rounded to one decimal (None
when nobody registered), so a spreadsheet can sum and compare them. Flask-free: the
caller labels the units and writes the file.
"""

from collections.abc import Iterator, Sequence

from . import Count, Report


def _share(count: Count, level: str) -> float | None:
    share = count.share(level)
    return None if share is None else round(share, 1)


def _row(label: str, count: Count, target) -> list:
    return [
        label,
        count.registered,
        count.kns1,
        _share(count, "KNS-1"),
        count.kns2,
        _share(count, "KNS-2"),
        None if target is None else round(target.kns1, 1),
        None if target is None else round(target.kns2, 1),
    ]


def summary_rows(
    found: Report, units: Sequence[tuple[str, str]], total_label: str
) -> Iterator[list]:
    """Each unit's row (units: (key, label) pairs), then the total row.

    The "unknown village" row ("" key) appears only when someone is in it, as on the
    dashboard.
    """
    for key, label in units:
        count = found.units.get(key) or Count(key)
        if key == "" and not count.registered and not count.levels:
            continue
        yield _row(label, count, found.target)
    yield _row(total_label, found.total, found.target)
