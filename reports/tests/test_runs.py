"""Report runs as the source of truth: idempotent requests, versions, exactly-once finishing, parts, the sweep."""

import datetime
from unittest import mock

import pytest
from django.core.exceptions import ValidationError

from dip.models import AuditEvent
from reports import services, tasks
from reports.models import ReportFile, ReportPart, ReportRun
from reports.periods import Period
from reports.tests import factories as f

pytestmark = pytest.mark.django_db
APRIL = Period.parse("2025-04")


@pytest.fixture
def data(areas):
    dorset, yorkshire = areas
    for area in areas:
        suite = f.suite(area)
        for day in range(1, 8):
            f.drug_test(f.client(area), suite, f.local(2025, 4, day, 10), opiates="positive")
    return areas


def _request(**kwargs):
    defaults = {"user": None, "period": APRIL, "area_ref": "DOR", "as_at": datetime.date(2025, 7, 1), "published": True}
    return services.report_run_request(**defaults | kwargs)


def test_the_same_parameters_give_the_same_run(data, frozen, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as sent:
        first = _request()
        again = _request()
    assert first.pk == again.pk
    assert len(sent) == 1  # one task for one run
    assert ReportRun.objects.count() == 1
    assert AuditEvent.objects.filter(action="create", object_type="reports.reportrun").count() == 1


def test_published_and_unsuppressed_are_different_runs(data, frozen):
    assert _request(published=True).pk != _request(published=False).pk


def test_executing_finishes_once_with_files_and_checksums(data, frozen):
    run = _request()
    services.report_run_execute(run_id=run.pk)
    assert services.report_run_execute(run_id=run.pk) is None  # a second delivery does nothing
    run.refresh_from_db()
    assert run.status == ReportRun.Status.DONE and run.attempts == 1
    assert run.snapshot["figures"]["T1||"] == [7, None, None]
    files = {rf.format: rf for rf in run.files.all()}
    assert set(files) >= {"csv", "xlsx"}
    assert files["csv"].name == "report-2025-04-DOR-published.csv"
    assert files["csv"].sha256 == ReportFile.checksum(bytes(files["csv"].content)) and files["csv"].intact
    assert bytes(files["csv"].content).decode().splitlines()[1] == "DOR,T1,,,7,,"


def test_a_duplicate_that_finishes_second_does_not_replace_the_files(data, frozen):
    run = _request()
    services._claim(run.pk)
    services.report_run_execute(run_id=run.pk)
    csv = run.files.get(format="csv")
    assert services._finish(run.pk, {"figures": {}, "trend": {}}, {"csv": b"other"}) is None
    assert bytes(run.files.get(format="csv").content) == bytes(csv.content)
    assert ReportRun.objects.filter(status="done").count() == 1


def test_regenerating_makes_the_next_version_and_keeps_the_first(data, frozen):
    first = _request()
    services.report_run_execute(run_id=first.pk)
    f.drug_test(f.client(data[0]), f.suite(data[0]), f.local(2025, 4, 20, 10))  # a late entry
    second = _request(regenerate=True)
    assert (second.version, second.status) == (2, ReportRun.Status.QUEUED)
    services.report_run_execute(run_id=second.pk)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.snapshot["figures"]["T1||"][0] == 7 and second.snapshot["figures"]["T1||"][0] == 8
    assert second.files.get(format="csv").name == "report-2025-04-DOR-published-v2.csv"
    assert _request().pk == second.pk  # asking again (without regenerate) finds the latest
    assert _request(regenerate=True).version == 3
    assert ReportRun.objects.filter(version=1, status="done").get() == first


def test_regenerating_while_a_run_is_unfinished_returns_that_run(data, frozen):
    first = _request()
    assert _request(regenerate=True).pk == first.pk


def test_a_failed_run_asked_for_again_is_queued_again(data, frozen):
    run = _request()
    services.report_run_fail(run_id=run.pk, error="boom")
    again = _request()
    assert again.pk == run.pk and again.status == ReportRun.Status.QUEUED and again.error == ""


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"area_ref": "XXX"}, "area"),
        ({"period": Period.parse("2025-08")}, "period"),
        ({"as_at": datetime.date(2025, 7, 2)}, "as_at"),
        ({"as_at": datetime.date(2025, 3, 31)}, "as_at"),
    ],
)
def test_bad_parameters_are_refused_by_field(data, frozen, kwargs, field):
    with pytest.raises(ValidationError) as error:
        _request(**kwargs)
    assert field in error.value.message_dict


def test_a_user_may_ask_only_for_what_they_may_see(data, frozen, people):
    with pytest.raises(ValidationError):
        _request(user=people["analyst"], published=False)
    with pytest.raises(ValidationError):
        _request(user=people["yorkshire"], area_ref="DOR")
    assert _request(user=people["manager"], published=False).requested_by == people["manager"]
    assert _request(user=people["national"], area_ref="ALL").area is None


def test_a_national_run_adds_up_the_parts_and_counts_people_once(data, frozen):
    dorset, yorkshire = data
    person = f.client(dorset)
    f.drug_test(person, f.suite(dorset), f.local(2025, 4, 9))
    f.drug_test(person, f.suite(yorkshire), f.local(2025, 4, 9))
    run = _request(area_ref="ALL")
    tasks.compute_part.run(run.pk, dorset.pk)  # one chord header task; the other area is computed at assembly
    assert ReportPart.objects.filter(run=run).count() == 1
    tasks.assemble_run.run([dorset.pk], run.pk)
    run.refresh_from_db()
    assert run.status == "done" and run.parts.count() == 2
    assert run.snapshot["figures"]["T1||"][0] == 16
    assert run.snapshot["figures"]["T7||"][0] == 15
    assert bytes(run.files.get(format="csv").content).decode().splitlines()[1] == "ALL,T1,,,16,,"


def test_a_part_computed_twice_is_kept_once(data, frozen):
    run = _request(area_ref="ALL")
    tasks.compute_part.run(run.pk, data[0].pk)
    tasks.compute_part.run(run.pk, data[0].pk)
    assert ReportPart.objects.filter(run=run).count() == 1


def test_dispatch_sends_a_chord_for_all_and_one_task_for_an_area(data, frozen):
    area_run, national_run = _request(), _request(area_ref="ALL")
    with mock.patch.object(services, "chord") as chord:
        with mock.patch("celery.canvas.Signature.apply_async") as single:
            services.report_run_dispatch(area_run.pk)
        services.report_run_dispatch(national_run.pk)
    single.assert_called_once_with(retry=False)
    header = chord.call_args.args[0]
    assert {sig.task for sig in header} == {"reports.tasks.compute_part"}
    assert sorted(sig.args[1] for sig in header) == sorted(a.pk for a in data)
    callback = chord.return_value.call_args.args[0]
    assert (callback.task, callback.args) == ("reports.tasks.assemble_run", (national_run.pk,))
    assert {"reports.tasks.compute_part", "reports.tasks.assemble_run", "reports.tasks.execute_run"} <= set(
        tasks.execute_run.app.tasks
    )


def _run_here(run_id):
    """A worker that takes the message at once (Redis is back)."""
    tasks.execute_run.run(run_id)


def test_a_request_while_the_broker_is_down_stays_queued_and_the_sweep_sends_it_later(data, frozen):
    with mock.patch("celery.canvas.Signature.apply_async", side_effect=ConnectionRefusedError("redis down")):
        run = _request()
        services.report_run_dispatch(run.pk)  # logged, not raised
    assert ReportRun.objects.get(pk=run.pk).status == "queued"
    frozen.shift(datetime.timedelta(minutes=3))
    with mock.patch.object(services, "report_run_dispatch", side_effect=_run_here):
        assert services.report_runs_sweep() == [run.pk]
    assert ReportRun.objects.get(pk=run.pk).status == "done"


def test_the_sweep_leaves_fresh_and_finished_runs_alone(data, frozen):
    fresh = _request()
    done = _request(area_ref="WYK")
    services.report_run_execute(run_id=done.pk)
    ReportRun.objects.filter(pk=done.pk).update(updated_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC))
    assert list(services.stuck_runs()) == []
    frozen.shift(datetime.timedelta(minutes=3))
    assert list(services.stuck_runs()) == [fresh]


def test_a_run_left_running_by_a_killed_worker_finishes_exactly_once(data, frozen):
    run = _request()
    assert services._claim(run.pk) is not None  # the worker started it, then was killed (SIGKILL: no cleanup)
    frozen.shift(services.RUNNING_GRACE + datetime.timedelta(minutes=1))
    with mock.patch.object(services, "report_run_dispatch", side_effect=_run_here):
        services.report_runs_sweep()
    tasks.execute_run.run(run.pk)  # the broker redelivers the unacknowledged message too
    run.refresh_from_db()
    assert (run.status, run.attempts) == ("done", 2)
    assert ReportRun.objects.filter(status="done").count() == 1 and run.files.filter(format="csv").count() == 1


def test_a_transient_error_retries_and_a_bug_fails_the_run(data, frozen):
    from django.db import OperationalError

    run = _request()
    with mock.patch.object(services, "report_run_execute", side_effect=OperationalError("connection lost")), \
            mock.patch.object(tasks.execute_run, "retry", side_effect=RuntimeError("retry scheduled")) as retry:
        with pytest.raises(RuntimeError, match="retry scheduled"):
            tasks.execute_run.run(run.pk)
    assert retry.called and ReportRun.objects.get(pk=run.pk).status == "queued"
    with mock.patch.object(services, "report_run_execute", side_effect=KeyError("bug")):
        tasks.execute_run.run(run.pk)
    run.refresh_from_db()
    assert run.status == "failed" and "KeyError" in run.error


def test_tasks_acknowledge_late_and_retry():
    for task in (tasks.execute_run, tasks.compute_part, tasks.assemble_run):
        assert task.acks_late and task.reject_on_worker_lost and task.max_retries == 5
    assert tasks.compute_part.ignore_result is False  # a chord header's result is needed


def test_the_beat_entry_names_the_monthly_task_at_six_on_the_first():
    from django.conf import settings

    from dip.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["reports-monthly"]
    assert entry["task"] == "reports.tasks.monthly_reports" and entry["task"] in app.tasks
    schedule = entry["schedule"]
    assert schedule.hour == {6} and schedule.minute == {0} and schedule.day_of_month == {1}
    assert settings.CELERY_BEAT_SCHEDULE["reports-sweep"]["task"] in app.tasks


def test_the_monthly_task_asks_for_last_months_published_run_for_every_area_and_all(data, frozen):
    ids = tasks.monthly_reports.run()
    runs = ReportRun.objects.filter(pk__in=ids)
    assert sorted(runs.values_list("area_ref", flat=True)) == ["ALL", "DOR", "WYK"]
    assert all(r.published and r.scheduled and r.period_start == datetime.date(2025, 6, 1) for r in runs)
    assert tasks.monthly_reports.run() == ids  # the schedule firing twice makes nothing new
