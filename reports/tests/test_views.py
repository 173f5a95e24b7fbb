"""Report pages: who sees what, asking for a report, progress without JavaScript, audited downloads, subscriptions."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import sign_in
from dip.models import AuditEvent
from reports import services
from reports.models import ReportRun, Subscription
from reports.periods import Period
from reports.tests import factories as f

pytestmark = pytest.mark.django_db
APRIL = Period.parse("2025-04")


def _run(area_ref="DOR", published=True, execute=True, **kwargs):
    run = services.report_run_request(user=None, period=APRIL, area_ref=area_ref, as_at=datetime.date(2025, 7, 1),
                                      published=published, **kwargs)
    if execute:
        services.report_run_execute(run_id=run.pk)
        run.refresh_from_db()
    return run


@pytest.fixture(autouse=True)
def quick_pdf(monkeypatch):
    """WeasyPrint takes a second a pack; these tests are about pages and access (test_outputs.py renders it)."""
    monkeypatch.setattr("reports.outputs.pdf.render", lambda pack, name: b"%PDF-1.7 test pack")


@pytest.fixture
def runs(areas, frozen):
    f.drug_test(f.client(areas[0]), f.suite(areas[0]), f.local(2025, 4, 3, 10))
    return {
        "dor": _run(), "dor_unsuppressed": _run(published=False), "wyk": _run("WYK"), "all": _run("ALL"),
    }


def _http(client, user):
    return sign_in(client, user)


@pytest.mark.parametrize(
    ("who", "visible"),
    [
        ("analyst", {"dor"}),
        ("manager", {"dor", "dor_unsuppressed"}),
        ("dpo", {"dor", "dor_unsuppressed"}),
        ("yorkshire", {"wyk"}),
        ("national", {"dor", "wyk", "all"}),
    ],
)
def test_each_reader_sees_exactly_their_runs(client, people, runs, who, visible):
    http = _http(client, people[who])
    for name, run in runs.items():
        status = http.get(reverse("reports:run-detail", kwargs={"pk": run.pk})).status_code
        assert status == (200 if name in visible else 404), (who, name, status)
        download = http.get(reverse("reports:file-download", kwargs={"pk": run.pk, "fmt": "csv"}))
        assert download.status_code == (200 if name in visible else 404)
    listed = http.get(reverse("reports:index")).context["page"].object_list
    assert {n for n, r in runs.items() if r in listed} == visible


def test_caseworkers_get_no_reports_and_no_link(client, people, runs):
    http = _http(client, people["worker"])
    assert http.get(reverse("reports:index")).status_code == 403
    assert http.get(reverse("reports:run-detail", kwargs={"pk": runs["dor"].pk})).status_code == 403
    assert b'href="/reports/"' not in http.get(reverse("referrals:referral-list")).content


@pytest.mark.parametrize("who", ["analyst", "manager", "dpo", "national"])
def test_readers_have_a_reports_link_that_works(client, people, who):
    http = _http(client, people[who])
    home = http.get("/", follow=True)
    assert b'href="/reports/"' in home.content
    assert http.get("/reports/").status_code == 200


def test_a_download_is_the_file_with_its_checksum_and_is_audited(client, people, runs):
    http = _http(client, people["analyst"])
    before = AuditEvent.objects.filter(action="export").count()
    response = http.get(reverse("reports:file-download", kwargs={"pk": runs["dor"].pk, "fmt": "csv"}))
    assert response["Content-Disposition"] == 'attachment; filename="report-2025-04-DOR-published.csv"'
    stored = runs["dor"].files.get(format="csv")
    assert response.content == bytes(stored.content)
    event = AuditEvent.objects.filter(action="export").latest("id")
    assert AuditEvent.objects.filter(action="export").count() == before + 1
    assert event.user == people["analyst"] and event.detail["sha256"] == stored.sha256 and event.client_id is None
    assert http.get(reverse("reports:file-download", kwargs={"pk": runs["dor"].pk, "fmt": "exe"})).status_code == 404


def test_a_damaged_file_is_not_served(client, people, runs):
    runs["dor"].files.filter(format="csv").update(content=b"tampered")
    response = _http(client, people["analyst"]).get(
        reverse("reports:file-download", kwargs={"pk": runs["dor"].pk, "fmt": "csv"})
    )
    assert response.status_code == 503 and b"tampered" not in response.content


def test_asking_for_a_report_queues_it_and_opens_its_page(client, people, areas, frozen, django_capture_on_commit_callbacks):
    http = _http(client, people["analyst"])
    form = http.get(reverse("reports:run-request"))
    assert b"Unsuppressed" not in form.content  # an analyst sees published reports only
    with django_capture_on_commit_callbacks() as sent:
        response = http.post(reverse("reports:run-request"), {"period": "2025-04", "areas": ["DOR"]})
    run = ReportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == run.get_absolute_url()
    assert run.published and run.requested_by == people["analyst"] and len(sent) == 1
    page = http.get(run.get_absolute_url())
    assert b"Check again" in page.content and b"http-equiv" not in page.content  # works without JavaScript
    services.report_run_execute(run_id=run.pk)
    page = http.get(run.get_absolute_url())
    assert b"Check again" not in page.content and b"Report pack (PDF)" in page.content


def test_a_manager_may_ask_for_an_unsuppressed_report(client, people, areas, frozen):
    http = _http(client, people["manager"])
    http.post(reverse("reports:run-request"), {"period": "2025-04", "areas": ["DOR"], "published": "unsuppressed"})
    assert ReportRun.objects.get().published is False


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"areas": ["DOR"]}, b"Select the month"),
        ({"period": "2025-04"}, b"Select at least one area"),
        ({"period": "2025-04", "areas": ["WYK"]}, b"Select areas from the list"),
        ({"period": "1999-13", "areas": ["DOR"]}, b"Select a month from the list"),
        ({"period": "2025-04", "areas": ["DOR"], "published": "unsuppressed"}, None),
    ],
)
def test_a_bad_request_shows_errors_and_keeps_the_choices(client, people, areas, frozen, data, message):
    response = _http(client, people["analyst"]).post(reverse("reports:run-request"), data)
    if message is None:  # the analyst's form has no such choice: the field is ignored, the report is published
        assert response.status_code == 302 and ReportRun.objects.get().published
        return
    assert response.status_code == 400 and message in response.content
    assert b"govuk-error-summary" in response.content
    if "period" in data and data["period"] == "2025-04":
        assert b'value="2025-04" selected' in response.content


def test_the_national_analyst_asks_for_several_areas_at_once(client, people, areas, frozen):
    http = _http(client, people["national"])
    response = http.post(reverse("reports:run-request"), {"period": "2025-04", "areas": ["DOR", "WYK", "ALL"]})
    assert response.status_code == 302 and response["Location"] == reverse("reports:index")
    assert sorted(ReportRun.objects.values_list("area_ref", flat=True)) == ["ALL", "DOR", "WYK"]


def test_regenerate_makes_a_new_version_and_links_the_old_one(client, people, runs, frozen):
    http = _http(client, people["analyst"])
    response = http.post(reverse("reports:run-regenerate", kwargs={"pk": runs["dor"].pk}))
    new = ReportRun.objects.get(area_ref="DOR", published=True, version=2)
    assert response["Location"] == new.get_absolute_url()
    assert b"Version 1" in http.get(new.get_absolute_url()).content


def test_pages_cost_the_same_number_of_queries_with_more_runs(client, people, runs, frozen):
    http = _http(client, people["national"])
    http.get(reverse("reports:index"))

    def count(url):
        with CaptureQueriesContext(connection) as captured:
            assert http.get(url).status_code == 200
        return len(captured)

    detail = reverse("reports:run-detail", kwargs={"pk": runs["dor"].pk})
    before = count(reverse("reports:index")), count(detail)
    for _ in range(3):
        _run(regenerate=True)
        _run("WYK", regenerate=True)
    assert (count(reverse("reports:index")), count(detail)) == before


def test_subscribers_get_a_link_not_the_file_when_the_monthly_run_is_ready(client, people, areas, frozen,
                                                                           django_capture_on_commit_callbacks):
    people["analyst"].email = "analyst@example.org"
    people["analyst"].save()
    people["yorkshire"].email = "wyk@example.org"
    people["yorkshire"].save()
    http = _http(client, people["analyst"])
    http.post(reverse("reports:subscriptions"), {"area": "DOR", "action": "subscribe"})
    assert Subscription.objects.filter(user=people["analyst"], area_ref="DOR").exists()
    assert http.post(reverse("reports:subscriptions"), {"area": "WYK", "action": "subscribe"}).status_code == 404
    Subscription.objects.create(user=people["yorkshire"], area_ref="DOR")  # not theirs to see: gets nothing
    run = _run(execute=False, scheduled=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_run_execute(run_id=run.pk)
    assert [m.to for m in mail.outbox] == [["analyst@example.org"]]
    body = mail.outbox[0].body
    assert f"http://localhost:8000/reports/runs/{run.pk}/" in body and not mail.outbox[0].attachments
    http.post(reverse("reports:subscriptions"), {"area": "DOR", "action": "unsubscribe"})
    assert not Subscription.objects.filter(user=people["analyst"]).exists()
