"""Figures of a report run: the snapshot's shape, the data file's rows, and small-number suppression.

A snapshot maps "metric|breakdown|category" to [value, numerator, denominator] as computed (counts:
value; rates: numerator and denominator; medians: value and the number of values). Nothing here
queries the database: rounding, ordering and suppression are decided on the snapshot so that the
CSV, the XLSX and the PDF of one run print the same strings.
"""

import csv
import io
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from reports.definitions import BY_ID, COUNT, MEDIAN, METRICS, RATE

HEADER = ["area", "metric", "breakdown", "category", "value", "numerator", "denominator"]
SUPPRESSED = "*"
SMALL = range(1, 5)  # metrics.md: a count from 1 to 4 is suppressed in a published report


def key(metric: str, breakdown: str = "", category: str = "") -> str:
    return f"{metric}|{breakdown}|{category}"


def count(metric: str, value: int, breakdown: str = "", category: str = "") -> dict:
    return {key(metric, breakdown, category): [int(value or 0), None, None]}


def rate(metric: str, numerator: int, denominator: int) -> dict:
    return {key(metric): [None, int(numerator or 0), int(denominator or 0)]}


def median(metric: str, value: float | None, values: int) -> dict:
    return {key(metric): [value, None, int(values or 0)]}


def breakdown_counts(metric: str, breakdown: str, counts: dict[str, int]) -> dict:
    """Every category of the breakdown, zeros included."""
    result = {}
    for category in BY_ID[metric].categories(breakdown):
        result.update(count(metric, counts.get(category, 0), breakdown, category))
    return result


def add_up(parts: list[dict], metric_ids: set[str]) -> dict:
    """Sum the given metrics' counts, numerators and denominators over area snapshots (for ALL)."""
    total: dict[str, list] = {}
    for part in parts:
        for k, (value, num, den) in part.items():
            if k.split("|", 1)[0] not in metric_ids:
                continue
            cell = total.setdefault(k, [None, None, None])
            for i, x in enumerate((value, num, den)):
                if x is not None:
                    cell[i] = (cell[i] or 0) + x
    return total


@dataclass
class Row:
    metric: str
    breakdown: str
    category: str
    value: str
    numerator: str
    denominator: str
    raw: list  # [value, numerator, denominator] as computed, for charts

    @property
    def suppressed(self) -> bool:
        return SUPPRESSED in (self.value, self.numerator, self.denominator)

    def as_list(self, area: str) -> list[str]:
        return [area, self.metric, self.breakdown, self.category, self.value, self.numerator, self.denominator]


def _round(number: Decimal, places: str) -> str:
    return str(number.quantize(Decimal(places), ROUND_HALF_UP))


def _format(kind: str, value, num, den) -> tuple[str, str, str]:
    if kind == COUNT:
        return str(value), "", ""
    if kind == RATE:
        shown = "" if not den else _round(Decimal(num) / Decimal(den), "0.0001")
        return shown, str(num), str(den)
    shown = "" if value is None else _round(Decimal(str(value)), "0.1")
    return shown, "", str(den)


def _primary(kind: str, value, num, den) -> bool:
    if kind == COUNT:
        return value in SMALL
    if kind == RATE:
        return num in SMALL or den in SMALL
    return den in SMALL


def _suppress(row: Row, kind: str) -> None:
    row.value = SUPPRESSED
    if kind == RATE:
        row.numerator = row.denominator = SUPPRESSED
    elif kind == MEDIAN:
        row.denominator = SUPPRESSED


def rows(snapshot: dict, *, published: bool) -> list[Row]:
    """The data file's rows in the order of metrics.md; suppressed as published when asked.

    Metrics missing from the snapshot are left out (a run made before they existed).
    """
    result: list[Row] = []
    for metric in METRICS:
        keys = ([key(metric.id)] if metric.headline else []) + [
            key(metric.id, b, c) for b in metric.breakdowns for c in metric.categories(b)
        ]
        if not any(k in snapshot for k in keys):
            continue
        groups: dict[str, list[Row]] = {}
        for k in keys:
            raw = snapshot.get(k, [0, None, None] if metric.kind == COUNT else [None, 0, 0])
            _, breakdown, category = k.split("|")
            row = Row(metric.id, breakdown, category, *_format(metric.kind, *raw), raw=list(raw))
            if published and _primary(metric.kind, *raw):
                _suppress(row, metric.kind)
            result.append(row)
            if breakdown:
                groups.setdefault(breakdown, []).append(row)
        if published:
            for group in groups.values():
                _secondary(group)
    return result


def _secondary(group: list[Row]) -> None:
    """Exactly one suppressed cell in a breakdown: suppress the smallest other non-zero one (first on a tie)."""
    if sum(row.suppressed for row in group) != 1:
        return
    candidates = [row for row in group if not row.suppressed and row.raw[0]]
    if candidates:
        smallest = min(candidates, key=lambda row: row.raw[0])  # min keeps the first on a tie
        smallest.value = SUPPRESSED


def data_file(area: str, snapshot: dict, *, published: bool) -> bytes:
    """The spec's CSV data file (UTF-8, CRLF-free: one `\\n` per line)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for row in rows(snapshot, published=published):
        writer.writerow(row.as_list(area))
    return out.getvalue().encode()
