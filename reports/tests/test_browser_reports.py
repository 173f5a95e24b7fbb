"""A PCC analyst asks for last month's report, watches it finish on a real Celery worker, and downloads the
CSV, XLSX and PDF; the PDF's headline figures are the CSV's. Real Chromium, axe on every page."""

import io
import re
import zipfile

import pytest
from celery.contrib.testing.worker import start_worker
from django.utils import timezone

from dip import roles
from dip.celery import app
from dip.models import Team
from dip.tests.factories import TeamFactory, UserFactory
from reports.periods import Period
from reports.tests import factories as f
from tests.browser.helpers import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_analyst_requests_watches_and_downloads_the_report(live_server, page, area):
    area.ref = "DOR"
    area.save()
    today = timezone.localdate()
    last_month = Period.month(today.year, today.month).previous()
    suite = f.suite(area)
    for day in range(1, 8):  # 7 tests, 6 positive: no small numbers in the headline
        f.drug_test(f.client(area), suite, f.local(last_month.start.year, last_month.start.month, day, 10),
                    opiates="positive" if day > 1 else "negative")
    analyst = UserFactory(role=roles.PCC_ANALYST, team=TeamFactory(kind=Team.Kind.PCC, area=area))
    login(page, live_server, analyst)

    page.get_by_role("link", name="Reports").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Reports"
    assert_accessible(page)
    page.get_by_role("button", name="Request a report").click()
    assert_accessible(page)
    assert page.locator("#id_period").input_value() == last_month.label  # last month is offered first
    page.get_by_role("button", name="Request report").click()
    page.wait_for_url("**/reports/runs/*/")
    assert page.locator("#run-status").inner_text().strip() in {"Queued", "Running", "Ready"}
    assert_accessible(page)

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        # The page refreshes itself every 3 seconds (a meta refresh: no JavaScript needed).
        page.locator("#run-status", has_text="Ready").wait_for(timeout=60_000)
    assert_accessible(page)

    files = {}
    for label, fmt in (("Data file (CSV)", "csv"), ("Spreadsheet (XLSX)", "xlsx"), ("Report pack (PDF)", "pdf")):
        with page.expect_download() as download:
            page.get_by_role("link", name=re.compile(re.escape(label))).click()
        files[fmt] = open(download.value.path(), "rb").read()

    rows = {r.split(",")[1]: r.split(",") for r in files["csv"].decode().splitlines()[1:] if r.split(",")[2] == ""}
    assert rows["T1"][4] == "7" and rows["T4"][4:] == ["0.8571", "6", "7"]
    assert zipfile.ZipFile(io.BytesIO(files["xlsx"])).read("xl/workbook.xml")
    from pypdf import PdfReader

    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(files["pdf"])).pages)
    headline = text[text.index("Headline figures"):text.index("The last 12 months")]
    for metric in ("T1", "T2", "T4", "E1", "E2", "E3", "E5", "O3", "O4"):
        line = next(line for line in headline.splitlines() if re.search(rf"\b{metric}\b", line))
        shown = rows[metric][4] or "–"
        assert line.split(metric, 1)[1].split()[0] == shown, (metric, line, shown)


def test_without_javascript_check_again_shows_the_finished_report(live_server, browser, area):
    from reports import services

    area.ref = "DOR"
    area.save()
    analyst = UserFactory(role=roles.PCC_ANALYST, team=TeamFactory(kind=Team.Kind.PCC, area=area))
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    login(page, live_server, analyst)
    page.goto(f"{live_server.url}/reports/new/")
    page.get_by_role("button", name="Request report").click()
    page.wait_for_url("**/reports/runs/*/")
    assert page.locator("#run-status").inner_text().strip() == "Queued"
    run_id = int(page.url.rstrip("/").rsplit("/", 1)[1])
    services.report_run_execute(run_id=run_id)  # a worker finished it
    page.get_by_role("link", name="Check again").click()
    assert page.locator("#run-status").inner_text().strip() == "Ready"
    assert page.get_by_role("link", name=re.compile("Data file")).is_visible()
    context.close()  # (axe needs JavaScript: the same pages are checked with it in the test above)
