"""The spreadsheet (XlsxWriter, formulas and URLs off): a sheet per section, trends with native charts,
the definitions, and the suppression note. Numbers are written as numbers, "*" as text; the charts read a
separate chart-data block in which a suppressed value is a blank cell (a gap), never a zero."""

import io

import xlsxwriter

from reports.definitions import METRICS, RATE
from reports.outputs.presentation import Pack

SHEET_NAMES = {"T": "Custody testing", "R": "Required assessment", "E": "Treatment pathway",
               "O": "Treatment outcomes", "P": "DRR", "D": "Data quality"}


def _cell(sheet, row: int, col: int, text: str, fmt=None) -> None:
    if text in ("", None):
        sheet.write_blank(row, col, None, fmt)
    elif text == "*":
        sheet.write_string(row, col, text, fmt)
    else:
        sheet.write_number(row, col, float(text), fmt)


def render(pack: Pack, area_name: str) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                     "strings_to_numbers": False})
    bold = book.add_format({"bold": True})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    rate_fmt = book.add_format({"num_format": "0.0000", "align": "right"})
    median_fmt = book.add_format({"num_format": "0.0", "align": "right"})
    count_fmt = book.add_format({"num_format": "0", "align": "right"})

    summary = book.add_worksheet("Summary")
    summary.set_column(0, 0, 28)
    summary.set_column(1, 4, 18)
    summary.write_string(0, 0, "Drug Interventions Programme: outcome report", bold)
    for i, (label, value) in enumerate([
        ("Period", pack.period.title), ("Area", f"{area_name} ({pack.run.area_ref})"),
        ("Data as at", f"{pack.run.as_at:%-d %B %Y}"), ("Version", str(pack.run.version)),
        ("Published (suppressed)", "Yes" if pack.published else "No"),
    ], start=2):
        summary.write_string(i, 0, label, bold)
        summary.write_string(i, 1, value)
    summary.merge_range(8, 0, 8, 4, pack.note, wrap)
    summary.set_row(8, 60)
    summary.write_row(10, 0, ["Headline figure", "Metric", pack.period.title, "Previous month", "A year earlier"], bold)
    for i, h in enumerate(pack.headlines, start=11):
        fmt = rate_fmt if h.kind == RATE else count_fmt
        summary.write_string(i, 0, h.title)
        summary.write_string(i, 1, h.metric)
        for col, text in enumerate((h.current, h.previous, h.year_ago), start=2):
            _cell(summary, i, col, text, fmt)

    for letter, _title, rows in pack.sections:
        sheet = book.add_worksheet(SHEET_NAMES[letter])
        sheet.set_column(0, 0, 8)
        sheet.set_column(1, 2, 22)
        sheet.set_column(3, 5, 13)
        sheet.write_row(0, 0, ["Metric", "Breakdown", "Category", "Value", "Numerator", "Denominator"], bold)
        sheet.freeze_panes(1, 0)
        for r, row in enumerate(rows, start=1):
            kind = next(m.kind for m in METRICS if m.id == row.metric)
            value_fmt = {"rate": rate_fmt, "median": median_fmt}.get(kind, count_fmt)
            sheet.write_string(r, 0, row.metric)
            sheet.write_string(r, 1, row.breakdown)
            sheet.write_string(r, 2, row.category)
            _cell(sheet, r, 3, row.value, value_fmt)
            _cell(sheet, r, 4, row.numerator, count_fmt)
            _cell(sheet, r, 5, row.denominator, count_fmt)
        if pack.published:
            sheet.write_string(len(rows) + 2, 0, pack.note)

    if pack.charts:
        _trends(book, pack, bold, count_fmt, rate_fmt)

    definitions = book.add_worksheet("Definitions")
    definitions.set_column(0, 0, 8)
    definitions.set_column(1, 1, 36)
    definitions.set_column(2, 2, 8)
    definitions.set_column(3, 3, 90)
    definitions.write_row(0, 0, ["Metric", "Title", "Kind", "Definition"], bold)
    for r, metric in enumerate(METRICS, start=1):
        definitions.write_row(r, 0, [metric.id, metric.title, metric.kind, metric.definition], wrap)
    definitions.write_string(len(METRICS) + 2, 0, pack.note)
    book.close()
    return out.getvalue()


def _trends(book, pack: Pack, bold, count_fmt, rate_fmt) -> None:
    sheet = book.add_worksheet("Trends")
    sheet.set_column(0, 0, 10)
    sheet.write_string(0, 0, "The last 12 months. Figures as shown (left); chart data, suppressed values blank (right).", bold)
    row = 2
    for chart in pack.charts:
        n = len(chart.months)
        shown_col, data_col = 0, len(chart.series) + 2
        sheet.write_string(row, 0, chart.title, bold)
        sheet.write_string(row + 1, shown_col, "Month", bold)
        sheet.write_string(row + 1, data_col, "Month (chart data)", bold)
        for s, series in enumerate(chart.series):
            sheet.write_string(row + 1, shown_col + 1 + s, series.metric, bold)
            sheet.write_string(row + 1, data_col + 1 + s, series.label, bold)
        fmt = rate_fmt if chart.kind == "line" else count_fmt
        for i, month in enumerate(chart.months):
            r = row + 2 + i
            sheet.write_string(r, shown_col, month)
            sheet.write_string(r, data_col, month)
            for s, series in enumerate(chart.series):
                point = series.points[i]
                _cell(sheet, r, shown_col + 1 + s, point.shown, fmt)
                if point.value is None:
                    sheet.write_blank(r, data_col + 1 + s, None)
                else:
                    sheet.write_number(r, data_col + 1 + s, point.value, fmt)
        native = book.add_chart({"type": "column" if chart.kind == "bar" else "line"})
        for s, series in enumerate(chart.series):
            native.add_series({
                "name": series.label,
                "categories": ["Trends", row + 2, data_col, row + 1 + n, data_col],
                "values": ["Trends", row + 2, data_col + 1 + s, row + 1 + n, data_col + 1 + s],
                "marker": {"type": "circle"} if chart.kind == "line" else None,
            })
        native.set_title({"name": chart.title})
        native.show_blanks_as("gap")
        if chart.kind == "line":
            native.set_y_axis({"min": 0, "max": 1, "num_format": "0%"})
        sheet.insert_chart(row, data_col + len(chart.series) + 2, native, {"x_scale": 1.2, "y_scale": 0.9})
        row += max(n + 4, 18)
