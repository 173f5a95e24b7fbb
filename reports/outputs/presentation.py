"""What the XLSX and the PDF print, built once from a run's snapshot.

Every number shown is a string from reports.figures (rounded and, when published, suppressed), so
the CSV, the spreadsheet and the pack agree to the character. Charts get the raw number only where
the shown value is a number; a suppressed or empty value is a gap, never a zero or a bar.
"""

from dataclasses import dataclass, field

from reports import figures
from reports.definitions import BY_ID, METRICS, SECTIONS
from reports.periods import Period

# Headline figures compared with the previous month and the same month a year earlier.
HEADLINES = ["T1", "T2", "T4", "E1", "E2", "E3", "E5", "O3", "O4", "P3", "P4"]

# The pack's 12-month charts: (title, kind, [(metric, label)]).
CHARTS = [
    ("Tests with a result", "bar", [("T2", "Tests with a result (T2)")]),
    ("Positivity", "line", [("T4", "Positivity (T4)")]),
    ("Referrals and treatment starts", "bar", [("E1", "Referrals (E1)"), ("E2", "Treatment starts (E2)")]),
    ("Waited three weeks or less", "line", [("E3", "Waited 3 weeks or less (E3)")]),
    ("Successful completions", "bar", [("O3", "Successful completions (O3)")]),
    ("DRR attendance and compliance", "line", [("P3", "Attendance (P3)"), ("P4", "Compliance (P4)")]),
]

SUPPRESSION_NOTE = (
    "Published report: counts from 1 to 4 are shown as *; a rate whose numerator or denominator is from 1 to 4, "
    "and a median over 1 to 4 values, are shown as *; where exactly one category of a breakdown is suppressed, "
    "the smallest other non-zero category is suppressed too. Zeros are shown. Charts leave suppressed values out."
)
UNSUPPRESSED_NOTE = "Unsuppressed report: for roles allowed to see small numbers only. Do not publish."


@dataclass
class Point:
    month: str
    shown: str
    value: float | None  # None: nothing to plot (suppressed or no denominator)


@dataclass
class Series:
    metric: str
    label: str
    points: list[Point]


@dataclass
class Chart:
    title: str
    kind: str
    series: list[Series]
    months: list[str] = field(default_factory=list)


@dataclass
class Headline:
    metric: str
    title: str
    kind: str
    current: str
    previous: str
    year_ago: str


def _shown_value(row: figures.Row) -> float | None:
    if row.suppressed or row.value == "":
        return None
    return float(row.value)


def month_rows(cells: dict, published: bool) -> dict[str, figures.Row]:
    return {r.metric: r for r in figures.rows(cells, published=published) if not r.breakdown}


@dataclass
class Pack:
    run: object
    period: Period
    published: bool
    rows: list[figures.Row]
    sections: list[tuple[str, str, list[figures.Row]]]
    headlines: list[Headline]
    charts: list[Chart]
    note: str

    @property
    def metrics(self):
        return METRICS

    def qualifiers(self, metric_id: str) -> list[figures.Row]:
        """The data-quality rows printed beside a figure (D1 beside T7/T8, D2 beside R2/R3)."""
        ids = BY_ID[metric_id].qualified_by
        return [r for r in self.rows if r.metric in ids]


def build(run, snapshot: dict) -> Pack:
    period = Period(run.period_start, run.period_end)
    rows = figures.rows(snapshot["figures"], published=run.published)
    sections = []
    for letter, title in SECTIONS.items():
        in_section = [r for r in rows if BY_ID[r.metric].section == letter]
        if in_section:
            sections.append((letter, title, in_section))
    trend = snapshot.get("trend", {})
    by_month = {label: month_rows(cells, run.published) for label, cells in trend.items()}
    labels = list(trend)
    previous, year_ago = period.previous().label, period.shifted(-12).label
    headline_rows = {r.metric: r for r in rows if not r.breakdown}
    headlines = []
    for metric in HEADLINES:
        if metric not in headline_rows:
            continue
        m = BY_ID[metric]

        def at(label, metric=metric):
            row = by_month.get(label, {}).get(metric)
            return row.value if row else ""

        headlines.append(Headline(metric, m.title, m.kind, headline_rows[metric].value, at(previous), at(year_ago)))
    last12 = labels[-12:]
    charts = []
    for title, kind, series_spec in CHARTS:
        series = []
        for metric, label in series_spec:
            if not any(metric in by_month.get(month, {}) for month in last12):
                continue
            points = []
            for month in last12:
                row = by_month.get(month, {}).get(metric)
                points.append(Point(month, row.value if row else "", _shown_value(row) if row else None))
            series.append(Series(metric, label, points))
        if series:
            charts.append(Chart(title, kind, series, last12))
    return Pack(run, period, run.published, rows, sections, headlines, charts,
                SUPPRESSION_NOTE if run.published else UNSUPPRESSED_NOTE)
