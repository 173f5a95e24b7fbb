"""Report periods: half-open ranges of Europe/London calendar dates (spec/metrics.md)."""

import datetime
import re
from dataclasses import dataclass

from reports.sql import local_midnight

PERIOD_RE = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # exclusive

    @classmethod
    def month(cls, year: int, month: int) -> "Period":
        start = datetime.date(year, month, 1)
        end = datetime.date(year + (month == 12), month % 12 + 1, 1)
        return cls(start, end)

    @classmethod
    def parse(cls, text: str) -> "Period":
        """`YYYY-MM` -> that calendar month; ValueError with a readable message otherwise."""
        match = PERIOD_RE.match(text or "")
        if not match or not 1 <= int(match[2]) <= 12 or int(match[1]) < 2000:
            raise ValueError(f"{text!r} is not a month: use YYYY-MM, for example 2025-04")
        return cls.month(int(match[1]), int(match[2]))

    @property
    def label(self) -> str:
        return f"{self.start:%Y-%m}"

    @property
    def title(self) -> str:
        return f"{self.start:%B %Y}"

    @property
    def last_day(self) -> datetime.date:
        return self.end - datetime.timedelta(days=1)

    @property
    def start_at(self) -> datetime.datetime:
        return local_midnight(self.start)

    @property
    def end_at(self) -> datetime.datetime:
        return local_midnight(self.end)

    def shifted(self, months: int) -> "Period":
        index = self.start.year * 12 + self.start.month - 1 + months
        return Period.month(index // 12, index % 12 + 1)

    def previous(self) -> "Period":
        return self.shifted(-1)


def previous_month(today: datetime.date) -> Period:
    """The scheduled run's period: the calendar month before `today`."""
    return Period.month(today.year, today.month).previous()
