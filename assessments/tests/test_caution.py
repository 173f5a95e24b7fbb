"""Conditional cautions with a drug condition: the spec's rules on both sides of each boundary (field errors on the
page, line errors on import), sessions late on a summer evening, a three-session condition with the third missed,
the failure report, the work queue, the figures and the scoping."""

import datetime
import io
import json
import re

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models.caution import ConditionalCaution
from assessments.services.caution import (
    conditional_caution_issue,
    conditional_caution_record_prosecution,
    conditional_caution_record_session,
    conditional_caution_report_failure,
)
from assessments.tests.court_fixtures import at
from dip.interchange.importer import import_stream
from dip.models import AuditEvent
from dip.work_queue import sections_for

pytestmark = pytest.mark.django_db
D = datetime.date
UTC = datetime.UTC
DUE = "Caution sessions due today and overdue"
MISSED = "Missed caution sessions to report to the police"


def _issue(court, person, sessions, condition=None, issued_on=None, user=None):
    condition = condition or ("three_session" if len(sessions) == 3 else "one_session")
    return conditional_caution_issue(user=user or court.worker, client=person, issued_on=issued_on or D(2025, 6, 2),
                                     offence="Theft from a shop", condition=condition, sessions=sessions)


def _errors(call) -> dict:
    with pytest.raises(ValidationError) as refused:
        call()
    return refused.value.message_dict


def _queue(user) -> dict:
    return {s.title: s for s in sections_for(user)}


@pytest.mark.parametrize(("born", "ok"), [(D(2007, 6, 2), True), (D(2007, 6, 3), False)])
def test_the_client_is_18_on_the_day_the_caution_is_issued(court, defendant, court_today, born, ok):
    person, _ = defendant(born=born)
    issue = lambda: _issue(court, person, [at(2025, 6, 5)])  # noqa: E731
    if ok:
        assert issue().pk
    else:
        assert _errors(issue) == {"client": ["must be aged 18 or over on issued_on"]}


def test_a_session_at_23_30_utc_in_summer_is_on_the_next_local_date(court, defendant, court_today):
    person, _ = defendant()
    # 1 June 23:30 UTC is 2 June 00:30 BST: on the day of the caution, allowed.
    assert _issue(court, person, [datetime.datetime(2025, 6, 1, 23, 30, tzinfo=UTC)]).pk
    # 1 June 22:30 UTC is 1 June 23:30 BST: the day before the caution.
    assert _errors(lambda: _issue(court, person, [datetime.datetime(2025, 6, 1, 22, 30, tzinfo=UTC)])) == {
        "sessions": ["none may be on a local date before issued_on"]}


def test_the_condition_has_exactly_its_sessions_in_time_order(court, defendant, court_today):
    person, _ = defendant()
    assert _errors(lambda: _issue(court, person, [at(2025, 6, 5)], condition="three_session")) == {
        "sessions": ["a three_session condition has exactly 3 sessions"]}
    assert _errors(lambda: _issue(court, person, [at(2025, 6, 5), at(2025, 6, 6)], condition="one_session")) == {
        "sessions": ["a one_session condition has exactly 1 session"]}
    assert _errors(lambda: _issue(court, person, [at(2025, 6, 9), at(2025, 6, 5), at(2025, 6, 12)])) == {
        "sessions": ["must be in time order"]}


@pytest.mark.parametrize(("fields", "sessions", "errors"), [
    ({"outcome": "complied", "concluded_on": D(2025, 6, 5)}, ["attended"], {}),
    ({"outcome": "complied", "concluded_on": D(2025, 6, 4)}, ["attended"],
     {"concluded_on": ["must not be before the local date of the last session whose attendance is recorded"]}),
    ({"outcome": "complied", "concluded_on": D(2025, 6, 5)}, ["missed"],
     {"outcome": ["complied only when every session was attended"]}),
    ({"outcome": "failed", "concluded_on": D(2025, 6, 5)}, ["attended"], {"outcome": ["failed only when a session was missed"]}),
    ({"outcome": "failed"}, ["missed"], {"concluded_on": ["required with outcome"]}),
    ({"concluded_on": D(2025, 6, 5)}, [""], {"concluded_on": ["only allowed with outcome"]}),
    ({"prosecution_decision": "prosecuted"}, [""], {"prosecution_decision": ["only allowed when the outcome is failed"]}),
    ({"outcome": "failed", "concluded_on": D(2025, 6, 5), "prosecution_decision": "prosecuted"}, ["missed"], {}),
])
def test_outcome_rules_on_both_sides(fields, sessions, errors):
    caution = ConditionalCaution(issued_on=D(2025, 6, 2), condition="one_session", **fields)
    assert caution.rule_errors([(at(2025, 6, 5, 10), a) for a in sessions]) == errors


def test_three_sessions_with_the_third_missed_is_a_failure_reported_for_a_prosecution_decision(court, defendant, court_today):
    person, _ = defendant()
    caution = _issue(court, person, [at(2025, 6, 5), at(2025, 6, 12), at(2025, 6, 19)])
    for number in (1, 2):
        caution = conditional_caution_record_session(user=court.worker, caution=caution, number=number,
                                                     scheduled_at=at(2025, 6, 5 + 7 * (number - 1)), attendance="attended")
    assert caution.outcome == "" and not caution.report_text
    caution = conditional_caution_record_session(user=court.worker, caution=caution, number=3,
                                                 scheduled_at=at(2025, 6, 19), attendance="missed")
    assert caution.outcome == ""  # not concluded until the failure is reported
    assert "Session 3, 19 June 2025 at 10:00: missed." in caution.report_text
    assert [i.url for i in _queue(court.worker)[MISSED].items] == [
        reverse("assessments:caution-report", kwargs={"pk": caution.pk})]
    assert _errors(lambda: conditional_caution_report_failure(  # before the missed session's day
        user=court.worker, caution=caution, report_text=caution.report_text, failure_reported_on=D(2025, 6, 18),
    )) == {"concluded_on": ["must not be before the local date of the last session whose attendance is recorded"]}
    caution = conditional_caution_report_failure(user=court.worker, caution=caution, report_text=caution.report_text,
                                                 failure_reported_on=D(2025, 6, 19))
    assert (caution.outcome, caution.concluded_on) == ("failed", D(2025, 6, 19))
    assert not _queue(court.worker)[MISSED].items
    caution = conditional_caution_record_prosecution(user=court.worker, caution=caution, prosecution_decision="prosecuted")
    assert caution.prosecution_decision == "prosecuted"
    assert AuditEvent.objects.filter(object_type="assessments.conditionalcaution", action="update").count() == 5


def test_every_session_attended_concludes_as_complied(court, defendant, court_today):
    person, _ = defendant()
    caution = _issue(court, person, [at(2025, 6, 5)])
    with pytest.raises(ValidationError):  # attendance only once the session's time has come
        conditional_caution_record_session(user=court.worker, caution=caution, number=1, scheduled_at=at(2025, 7, 5),
                                           attendance="attended")
    caution = conditional_caution_record_session(user=court.worker, caution=caution, number=1,
                                                 scheduled_at=at(2025, 6, 5), attendance="attended")
    assert (caution.outcome, caution.concluded_on) == ("complied", D(2025, 7, 1))
    with pytest.raises(ValidationError):
        conditional_caution_record_session(user=court.worker, caution=caution, number=1, scheduled_at=at(2025, 6, 5),
                                           attendance="missed")


def test_sessions_due_today_follow_the_local_date_late_on_a_summer_evening(court, defendant, court_today):
    person, _ = defendant()
    late = datetime.datetime(2025, 7, 1, 22, 30, tzinfo=UTC)  # 23:30 BST on 1 July
    next_day = datetime.datetime(2025, 7, 1, 23, 30, tzinfo=UTC)  # 00:30 BST on 2 July
    _issue(court, person, [at(2025, 6, 20), late, next_day])
    labels = lambda: [(i.label.split(", ")[1], i.overdue) for i in _queue(court.worker)[DUE].items]  # noqa: E731
    assert labels() == [("caution session 1", True), ("caution session 2", False)]
    with time_machine.travel(datetime.datetime(2025, 7, 1, 23, 0, tzinfo=UTC), tick=False):  # 2 July 00:00 BST
        assert labels() == [("caution session 1", True), ("caution session 2", True), ("caution session 3", False)]
    assert not _queue(court.other_worker)[DUE].items


def _lines(*records) -> bytes:
    return "".join(json.dumps(r) + "\n" for r in records).encode()


def test_the_import_reports_the_same_rules_as_line_errors_and_replaces_the_sessions():
    head = [
        {"type": "area", "ref": "DOR", "name": "Dorset"},
        {"type": "client", "ref": "C-1", "given_name": "Ann", "family_name": "Able", "date_of_birth": "1980-01-02",
         "sex": "F", "area": "DOR"},
        {"type": "consent", "ref": "CC-1", "client": "C-1", "scope": "ndtms", "decision": "given", "decided_on": "2025-01-01"},
    ]
    caution = {"type": "conditional_caution", "ref": "CC-1", "client": "C-1", "area": "DOR", "issued_on": "2025-06-02",
               "offence": "Theft", "condition": "three_session",
               "sessions": [{"scheduled_at": "2025-06-01T23:30:00Z", "attendance": "attended"},
                            {"scheduled_at": "2025-06-09T09:00:00Z", "attendance": "attended"},
                            {"scheduled_at": "2025-06-16T09:00:00Z", "attendance": "missed"}],
               "outcome": "failed", "concluded_on": "2025-06-16"}
    bad = {**caution, "ref": "CC-2", "outcome": "complied", "concluded_on": "2025-06-15",
           "sessions": caution["sessions"][:2] + [{"scheduled_at": "2025-06-16T09:00:00", "attendance": None}]}
    result = import_stream(io.BytesIO(_lines(*head, bad, {**bad, "ref": "CC-3", "sessions": caution["sessions"][2:]})))
    assert [str(p) for p in result.problems] == [
        "line 4: conditional_caution CC-2: sessions: item 3: scheduled_at: must have an offset (Z or +01:00)",
        "line 5: conditional_caution CC-3: sessions: a three_session condition has exactly 3 sessions",
        "line 5: conditional_caution CC-3: outcome: complied only when every session was attended",
        "line 5: conditional_caution CC-3: concluded_on: must not be before the local date of the last session whose "
        "attendance is recorded",
    ]
    result = import_stream(io.BytesIO(_lines(*head, caution)))  # shares its ref with a consent: another type
    assert result.ok, [str(p) for p in result.problems]
    again = import_stream(io.BytesIO(_lines({**caution, "sessions": [
        {**s, "attendance": "attended"} for s in caution["sessions"]], "outcome": "complied"})))
    assert again.ok and again.counts["conditional_caution"]["updated"] == 1
    stored = ConditionalCaution.objects.get(ref="CC-1")
    assert [s.attendance for s in stored.session_list()] == ["attended"] * 3
    assert not _queue_for_import_is_noisy(stored)


def _queue_for_import_is_noisy(caution) -> bool:
    """Imported history starts no work: a concluded caution is never 'missed, to report'."""
    return ConditionalCaution.objects.missed_not_reported().filter(pk=caution.pk).exists()


def test_a_refused_caution_shows_field_errors_and_keeps_the_input(court, defendant, signed_in, court_today):
    person, _ = defendant()
    url = reverse("assessments:caution-create", kwargs={"client_pk": person.pk})
    data = {"issued_on_0": "2", "issued_on_1": "6", "issued_on_2": "2025", "offence": "Theft from a shop",
            "condition": "one_session", "session_1_0": "1", "session_1_1": "6", "session_1_2": "2025", "session_1_3": "23:30"}
    response = signed_in(court.worker).post(url, data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "none may be on a local date before issued_on" in page and 'href="#id_session_1' in page
    assert re.search(r'name="offence"[^>]*value="Theft from a shop"', page)
    assert signed_in(court.worker).post(url, {**data, "condition": "three_session"}).status_code == 400
    assert signed_in(court.worker).post(url, {**data, "session_1_3": "99:99", "issued_on_2": "9" * 40}).status_code == 400
    assert not ConditionalCaution.objects.exists()
    assert signed_in(court.worker).post(url, {**data, "session_1_0": "2", "session_1_3": "00:30"}).status_code == 302
    assert ConditionalCaution.objects.get().session_list()[0].scheduled_at == datetime.datetime(2025, 6, 1, 23, 30, tzinfo=UTC)


def test_only_custody_workers_record_and_another_area_answers_404(court, defendant, signed_in, court_today):
    person, _ = defendant()
    with pytest.raises(PermissionDenied):
        _issue(court, person, [at(2025, 6, 5)], user=court.community)
    elsewhere, _ = defendant(in_area=court.other_area)
    other = _issue(court, elsewhere, [at(2025, 6, 5)], user=court.other_worker)
    http = signed_in(court.worker)
    for name, kwargs in [("assessments:caution-detail", {}), ("assessments:caution-session", {"number": 1}),
                         ("assessments:caution-report", {}), ("assessments:caution-prosecution", {})]:
        assert http.get(reverse(name, kwargs={"pk": other.pk, **kwargs})).status_code == 404


def _count(http, url) -> int:
    http.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert http.get(url).status_code == 200
    return len(queries)


def _cautions(court, defendant, n):
    for _ in range(n):
        person, _ = defendant()
        caution = _issue(court, person, [at(2025, 6, 5), at(2025, 6, 12), at(2025, 7, 1, 18)])
        conditional_caution_record_session(user=court.worker, caution=caution, number=1, scheduled_at=at(2025, 6, 5),
                                           attendance="missed")


def test_pages_and_work_queue_use_constant_queries(court, defendant, signed_in, court_today):
    http = signed_in(court.worker)
    _cautions(court, defendant, 1)
    caution = ConditionalCaution.objects.first()
    urls = [reverse("dip:home"), reverse("assessments:caution-list"), caution.client.get_absolute_url(),
            caution.get_absolute_url()]
    small = [_count(http, url) for url in urls]
    _cautions(court, defendant, 5)
    for _ in range(2):
        _issue(court, caution.client, [at(2025, 6, 5)])
    assert [_count(http, url) for url in urls] == small


def test_figures_building_blocks_one_query_each(court, defendant, django_assert_num_queries, court_today):
    person, _ = defendant()
    complied = _issue(court, person, [at(2025, 6, 5)], issued_on=D(2025, 5, 30))
    conditional_caution_record_session(user=court.worker, caution=complied, number=1, scheduled_at=at(2025, 6, 5),
                                       attendance="attended")  # concluded today, 1 July
    failed = _issue(court, person, [at(2025, 6, 5)])
    failed = conditional_caution_record_session(user=court.worker, caution=failed, number=1, scheduled_at=at(2025, 6, 5),
                                                attendance="missed")
    conditional_caution_report_failure(user=court.worker, caution=failed, report_text="x", failure_reported_on=D(2025, 6, 30))
    _issue(court, person, [at(2025, 6, 20)], issued_on=D(2025, 6, 20))
    june = (D(2025, 6, 1), D(2025, 7, 1))
    with django_assert_num_queries(1):
        assert ConditionalCaution.objects.issued_in(*june).count() == 2
    with django_assert_num_queries(1):
        assert ConditionalCaution.objects.concluded_in(*june).count() == 1
    with django_assert_num_queries(1):
        assert ConditionalCaution.objects.outcomes_in(D(2025, 6, 1), D(2025, 7, 2)) == {
            "concluded": 2, "complied": 1, "failed": 1}
