"""The XLSX and the PDF print the data file's strings; suppression reaches the charts; the pack explains itself."""

import datetime
import io
import re
import zipfile

import pytest

from reports import figures, services
from reports.models import ReportRun
from reports.outputs import charts, presentation
from reports.periods import Period
from reports.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(areas, frozen):
    dorset = areas[0]
    suite, service = f.suite(dorset), f.provider(dorset)
    for day in range(1, 10):  # 9 tests with a result in April (5 positive), 3 in March, 1 refusal
        f.drug_test(f.client(dorset, ethnicity="Z" if day == 1 else "A"), suite, f.local(2025, 4, day, 10),
                    opiates="positive" if day <= 5 else "negative")
    for day in range(1, 4):
        f.drug_test(f.client(dorset), suite, f.local(2025, 3, day, 10))
    f.drug_test(f.client(dorset), suite, f.local(2025, 4, 12, 10), outcome="refused")
    f.referral(f.client(dorset), service, datetime.date(2025, 4, 2), start=datetime.date(2025, 4, 9))

    def make(published: bool) -> ReportRun:
        made = services.report_run_request(user=None, period=Period.parse("2025-04"), area_ref="DOR",
                                           as_at=datetime.date(2025, 7, 1), published=published)
        services.report_run_execute(run_id=made.pk)
        made.refresh_from_db()
        return made

    return make


def _csv_rows(run) -> dict:
    text = bytes(run.files.get(format="csv").content).decode()
    return {(r[1], r[3]): r[4:] for r in (line.split(",") for line in text.splitlines()[1:])}


def test_the_pdf_headline_figures_are_the_data_files_and_it_has_charts_and_a_methodology(run):
    from pypdf import PdfReader

    published = run(True)
    assert published.files.filter(format="pdf").exists(), "WeasyPrint must be installed (make install / .ci/run)"
    document = PdfReader(io.BytesIO(bytes(published.files.get(format="pdf").content)))
    text = "\n".join(page.extract_text() for page in document.pages)
    csv = _csv_rows(published)
    for metric in ("T1", "T2", "T4", "E1", "E2", "O3"):
        line = next(line for line in text.splitlines() if re.search(rf"\b{metric}\b", line) and "April" not in line)
        assert csv[metric, ""][0] in line.split(), (metric, line, csv[metric, ""])
    assert csv["T4", ""][0] == "0.5556" and csv["E2", ""][0] == "*"
    assert "Methodology" in text and "P12" in text and "suppressed" in text
    assert "Data quality for T7, T8: D1" in text.replace("\n", " ")


def test_published_spreadsheet_has_sections_definitions_no_formulas_and_gaps_for_suppressed_chart_points(run):
    published = run(True)
    book = zipfile.ZipFile(io.BytesIO(bytes(published.files.get(format="xlsx").content)))
    workbook = book.read("xl/workbook.xml").decode()
    for sheet in ("Summary", "Custody testing", "Treatment pathway", "Trends", "Definitions"):
        assert f'name="{sheet}"' in workbook
    sheets = [book.read(n).decode() for n in book.namelist() if n.startswith("xl/worksheets/sheet")]
    assert not any("<f>" in s for s in sheets), "no formulas"
    assert any(n.startswith("xl/charts/chart") for n in book.namelist()), "native charts"
    strings = book.read("xl/sharedStrings.xml").decode()
    assert "<t>*</t>" in strings and "counts from 1 to 4 are shown as *" in strings
    chart = book.read("xl/charts/chart1.xml").decode()
    assert 'dispBlanksAs val="zero"' not in chart  # blanks (suppressed points) are gaps, Excel's default
    assert "Trends!$D$5:$D$16" in chart  # the chart reads the chart-data block, not the "*" column


def test_a_suppressed_month_is_a_gap_in_the_chart_never_a_zero_bar():
    chart = presentation.Chart("Tests with a result", "bar", [presentation.Series("T2", "T2", [
        presentation.Point("2025-03", "*", None), presentation.Point("2025-04", "12", 12.0),
        presentation.Point("2025-05", "0", 0.0),
    ])], ["2025-03", "2025-04", "2025-05"])
    svg = charts.render(chart)
    assert svg.count("<rect") == 2 + 1  # two bars (12 and a zero-height 0) and the legend swatch
    assert "2025-03: *" not in svg and ">*</text>" in svg
    line = presentation.Chart("Positivity", "line", [presentation.Series("T4", "T4", [
        presentation.Point("2025-03", "0.5000", 0.5), presentation.Point("2025-04", "*", None),
        presentation.Point("2025-05", "0.2500", 0.25),
    ])], ["2025-03", "2025-04", "2025-05"])
    assert line_svg_segments(charts.render(line)) == 2  # the line breaks at the suppressed month


def line_svg_segments(svg: str) -> int:
    return svg.count("<polyline")


def test_presentation_uses_the_same_strings_as_the_data_file(run):
    published = run(True)
    pack = presentation.build(published, published.snapshot)
    rows = figures.rows(published.snapshot["figures"], published=True)
    assert [r.value for r in pack.rows] == [r.value for r in rows]
    t2 = next(h for h in pack.headlines if h.metric == "T2")
    assert (t2.current, t2.previous, t2.year_ago) == ("9", "*", "0")  # 3 in March: suppressed
    assert next(h for h in pack.headlines if h.metric == "T1").previous == "*"  # 3 tests in March: suppressed


def test_an_unsuppressed_pack_says_so_and_shows_small_numbers(run):
    unsuppressed = run(False)
    assert _csv_rows(unsuppressed)["E2", ""][0] == "1"
    pack = presentation.build(unsuppressed, unsuppressed.snapshot)
    assert pack.note == presentation.UNSUPPRESSED_NOTE
