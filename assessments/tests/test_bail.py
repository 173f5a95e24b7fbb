"""Restriction on Bail: the spec's rules on both sides of each boundary (as field errors on the page and line errors
on import), the flow from offer to the report to the court, the work queue, the figures and the scoping."""

import datetime
import io
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models.bail import BailRestriction
from assessments.services.bail import bail_restriction_offer, bail_restriction_record
from assessments.tests.court_fixtures import at
from dip.interchange.importer import import_stream
from dip.models import AuditEvent
from dip.work_queue import sections_for

pytestmark = pytest.mark.django_db
D = datetime.date
OFFER = {"court": "Bournemouth Magistrates' Court", "eligibility": "misuse_contributed", "response": "agreed",
         "charge": "Theft from a shop"}


def _offer(court, person, test, offered_on=None, **fields):
    return bail_restriction_offer(user=court.worker, client=person, drug_test=test, offered_on=offered_on or D(2025, 6, 3),
                                  **{**OFFER, **fields})


def _errors(call) -> dict:
    with pytest.raises(ValidationError) as refused:
        call()
    return refused.value.message_dict


@pytest.mark.parametrize(("born", "ok"), [(D(2007, 6, 3), True), (D(2007, 6, 4), False)])
def test_the_defendant_is_18_on_the_day_of_the_offer(court, defendant, court_today, born, ok):
    person, test = defendant(born=born, stage="charge")
    if ok:  # the 18th birthday is the day of the offer
        assert _offer(court, person, test).pk
    else:  # 18 the day after the offer
        assert _errors(lambda: _offer(court, person, test)) == {
            "client": ["must be aged 18 or over on offered_on (Restriction on Bail is for adults)"]
        }


def test_the_qualifying_test_is_a_positive_test_of_the_same_person_on_or_before_the_offer(court, defendant, court_today):
    person, test = defendant(tested=at(2025, 6, 3, 23, 30))  # late on the day of the offer (BST)
    assert _offer(court, person, test).pk
    person, test = defendant(tested=at(2025, 6, 4, 0, 30))  # the next local day (23:30 UTC on the 3rd)
    assert _errors(lambda: _offer(court, person, test))["drug_test"] == ["must be requested on or before offered_on"]
    person, negative = defendant(positive=False)
    assert "must be a positive test" in _errors(lambda: _offer(court, person, negative))["drug_test"][0]
    person, unconfirmed = defendant(disputed=True, confirmation="not_confirmed")
    assert "must be a positive test" in _errors(lambda: _offer(court, person, unconfirmed))["drug_test"][0]
    someone_else, _ = defendant()
    assert _errors(lambda: _offer(court, someone_else, test))["drug_test"] == ["must be a test of the same client"]


@pytest.mark.parametrize(("response", "decision", "ok"), [
    ("agreed", "bail_with_condition", True), ("agreed", "remanded", True), ("agreed", "bail_no_significant_risk", False),
    ("refused_assessment", "bail_no_significant_risk", True), ("refused_assessment", "remanded", True),
    ("refused_assessment", "bail_with_condition", False), ("refused_follow_up", "bail_with_condition", False),
])
def test_decisions_allowed_by_the_response(court, defendant, court_today, response, decision, ok):
    person, test = defendant()
    rob = _offer(court, person, test, response=response)
    record = lambda: bail_restriction_record(user=court.worker, restriction=rob, step="decision",  # noqa: E731
                                             court_decision=decision, decided_on=D(2025, 6, 3))
    if ok:
        assert record().court_decision == decision
    else:
        assert list(_errors(record)) == ["court_decision"]


@pytest.mark.parametrize(("fields", "errors"), [
    ({"court_decision": "remanded", "decided_on": D(2025, 6, 3)}, {}),
    ({"court_decision": "remanded", "decided_on": D(2025, 6, 2)}, {"decided_on": ["must not be before offered_on"]}),
    ({"court_decision": "remanded"}, {"decided_on": ["required with court_decision"]}),
    ({"decided_on": D(2025, 6, 3)}, {"decided_on": ["only allowed with court_decision"]}),
    ({"court_decision": "remanded", "decided_on": D(2025, 6, 3), "compliance": "compliant"},
     {"compliance": ["only allowed with bail_with_condition"]}),
    ({"court_decision": "bail_with_condition", "decided_on": D(2025, 6, 3), "compliance": "compliant",
      "reported_to_court_on": D(2025, 6, 9)}, {"reported_to_court_on": ["only allowed when compliance is a failure"]}),
    ({"court_decision": "bail_with_condition", "decided_on": D(2025, 6, 3), "compliance": "failed_to_attend_assessment",
      "reported_to_court_on": D(2025, 6, 3)}, {}),
    ({"court_decision": "bail_with_condition", "decided_on": D(2025, 6, 3), "compliance": "failed_to_attend_assessment",
      "reported_to_court_on": D(2025, 6, 2)}, {"reported_to_court_on": ["must not be before decided_on"]}),
    ({"court_decision": "remanded", "decided_on": D(2025, 6, 3), "ended_on": D(2025, 6, 3)}, {}),
    ({"court_decision": "remanded", "decided_on": D(2025, 6, 3), "ended_on": D(2025, 6, 2)},
     {"ended_on": ["must not be before decided_on"]}),
    ({"ended_on": D(2025, 6, 9)}, {"ended_on": ["only allowed with court_decision"]}),
])
def test_dates_in_order_and_fields_only_where_the_spec_allows(fields, errors):
    rob = BailRestriction(court="X", eligibility="misuse_motivated", offered_on=D(2025, 6, 3), response="agreed", **fields)
    assert rob.rule_errors() == errors


def _lines(*records) -> bytes:
    return "".join(json.dumps(r) + "\n" for r in records).encode()


def test_the_import_reports_the_same_rules_as_line_errors():
    head = [
        {"type": "area", "ref": "DOR", "name": "Dorset"},
        {"type": "custody_suite", "ref": "CS", "name": "Bournemouth", "area": "DOR"},
        {"type": "client", "ref": "C-1", "given_name": "Ann", "family_name": "Young", "date_of_birth": "2007-06-04",
         "sex": "F", "area": "DOR"},
        {"type": "client", "ref": "C-2", "given_name": "Bob", "family_name": "Adult", "date_of_birth": "1980-01-01",
         "sex": "M", "area": "DOR"},
        {"type": "drug_test", "ref": "T-2", "client": "C-2", "custody_suite": "CS", "stage": "arrest",
         "basis": "trigger_offence", "requested_at": "2025-06-03T22:30:00Z", "outcome": "result",
         "sampled_at": "2025-06-03T22:40:00Z", "opiates": "positive", "cocaine": "negative"},
    ]
    rob = {"type": "bail_restriction", "area": "DOR", "court": "Court", "eligibility": "misuse_motivated",
           "offered_on": "2025-06-03", "response": "agreed"}
    result = import_stream(io.BytesIO(_lines(
        *head,
        {**rob, "ref": "B-1", "client": "C-1"},
        {**rob, "ref": "B-2", "client": "C-1", "drug_test": "T-2", "offered_on": "2025-06-04"},
        {**rob, "ref": "B-3", "client": "C-2", "drug_test": "T-2", "response": "refused_assessment",
         "court_decision": "bail_with_condition", "decided_on": "2025-06-02"},
        {**rob, "ref": "B-4", "client": "C-2", "drug_test": "T-2"},  # 23:30 BST on the offer day: qualifies
    )))
    assert [str(p) for p in result.problems] == [
        "line 6: bail_restriction B-1: client: must be aged 18 or over on offered_on (Restriction on Bail is for adults)",
        "line 7: bail_restriction B-2: drug_test: must be a test of the same client",
        "line 8: bail_restriction B-3: court_decision: after refused_assessment must be remanded or bail_no_significant_risk",
        "line 8: bail_restriction B-3: decided_on: must not be before offered_on",
    ]
    assert not BailRestriction.objects.exists()  # all or nothing


def test_a_refused_offer_shows_field_errors_and_keeps_the_input(court, defendant, signed_in, court_today):
    person, test = defendant(born=D(2007, 6, 4), stage="charge")
    url = reverse("assessments:bail-create", kwargs={"client_pk": person.pk})
    response = signed_in(court.worker).post(url, {
        "drug_test": test.pk, "charge": "Possession of heroin", "eligibility": "class_a_possession_charge",
        "court": "Poole court", "offered_on_0": "3", "offered_on_1": "6", "offered_on_2": "2025", "response": "agreed",
    })
    page = response.content.decode()
    assert response.status_code == 400
    assert "must be aged 18 or over" in page and 'href="#id_offered_on' in page  # next to the offer's date
    assert re.search(r'name="charge"[^>]*value="Possession of heroin"', page)
    assert not BailRestriction.objects.exists()
    junk = signed_in(court.worker).post(url, {"drug_test": "99999999999999999999999", "offered_on_0": "x" * 5000})
    assert junk.status_code == 400


def test_offer_decision_missed_assessment_report_and_work_queue(court, defendant, signed_in, court_today):
    person, test = defendant()
    rob = _offer(court, person, test, offered_on=D(2025, 6, 3))
    queue = {s.title: s for s in sections_for(court.worker)}
    assert [i.label for i in queue["Restriction on Bail offers awaiting the court's decision"].items] == [
        f"{person}, offered 3 Jun 2025"]
    elsewhere = {s.title: s for s in sections_for(court.other_worker)}
    assert not elsewhere["Restriction on Bail offers awaiting the court's decision"].items
    rob = bail_restriction_record(user=court.worker, restriction=rob, step="decision",
                                  court_decision="bail_with_condition", decided_on=D(2025, 6, 3))
    assert _errors(lambda: bail_restriction_record(  # the assessment cannot come before the condition
        user=court.worker, restriction=rob, step="assessment", assessment_at=at(2025, 6, 2, 10),
        assessment_attendance="failed_to_attend"))["assessment_at"]
    rob = bail_restriction_record(user=court.worker, restriction=rob, step="assessment",
                                  assessment_at=at(2025, 6, 10, 10), assessment_attendance="failed_to_attend")
    assert rob.compliance == "failed_to_attend_assessment"
    assert "did not attend it" in rob.report_text and "10 June 2025 at 10:00" in rob.report_text
    queue = {s.title: s for s in sections_for(court.worker)}
    assert not queue["Restriction on Bail offers awaiting the court's decision"].items
    broken = queue["Bail conditions broken and not yet reported to court"].items
    assert [i.url for i in broken] == [reverse("assessments:bail-step", kwargs={"pk": rob.pk, "step": "report"})]
    http = signed_in(court.worker)
    printed = http.get(reverse("assessments:bail-report-print", kwargs={"pk": rob.pk}))
    assert printed.status_code == 200 and "did not attend it" in printed.content.decode()
    assert AuditEvent.objects.filter(action="print", object_id=str(rob.pk)).count() == 1
    rob = bail_restriction_record(user=court.worker, restriction=rob, step="report",
                                  report_text=rob.report_text + "Checked.", reported_to_court_on=D(2025, 6, 11))
    assert not {s.title: s for s in sections_for(court.worker)}["Bail conditions broken and not yet reported to court"].items
    assert rob.get_stage_display() == "Condition broken, reported to court"


def test_attended_then_engaged_is_compliant_and_the_report_says_so(court, defendant, court_today):
    person, test = defendant()
    rob = _offer(court, person, test)
    rob = bail_restriction_record(user=court.worker, restriction=rob, step="decision",
                                  court_decision="bail_with_condition", decided_on=D(2025, 6, 3))
    rob = bail_restriction_record(user=court.worker, restriction=rob, step="assessment",
                                  assessment_at=at(2025, 6, 10, 10), assessment_attendance="attended")
    assert rob.compliance == "" and rob.report_text == ""
    rob = bail_restriction_record(user=court.worker, restriction=rob, step="follow-up", follow_up="engaged")
    assert rob.compliance == "compliant" and "has complied" in rob.report_text
    rob = bail_restriction_record(user=court.worker, restriction=rob, step="follow-up", follow_up="disengaged")
    assert rob.compliance == "disengaged_follow_up" and "not engaged with the follow-up" in rob.report_text


def test_only_custody_workers_record_and_another_area_answers_404(court, defendant, signed_in, court_today):
    person, test = defendant()
    with pytest.raises(Exception) as refused:
        _offer(type("C", (), {"worker": court.community}), person, test)
    assert refused.type.__name__ == "PermissionDenied"
    elsewhere, other_test = defendant(in_area=court.other_area)
    other = bail_restriction_offer(user=court.other_worker, client=elsewhere, drug_test=other_test,
                                   offered_on=D(2025, 6, 3), **OFFER)
    http = signed_in(court.worker)
    for name in ("assessments:bail-detail", "assessments:bail-report-print"):
        assert http.get(reverse(name, kwargs={"pk": other.pk})).status_code == 404
    assert http.get(reverse("assessments:bail-step", kwargs={"pk": other.pk, "step": "decision"})).status_code == 404


def _count(http, url) -> int:
    http.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert http.get(url).status_code == 200
    return len(queries)


def _offers(court, defendant, n, decided=False):
    for _ in range(n):
        person, test = defendant()
        rob = _offer(court, person, test)
        if decided:
            rob = bail_restriction_record(user=court.worker, restriction=rob, step="decision",
                                          court_decision="bail_with_condition", decided_on=D(2025, 6, 3))
            bail_restriction_record(user=court.worker, restriction=rob, step="assessment",
                                    assessment_at=at(2025, 6, 10, 10), assessment_attendance="failed_to_attend")


def test_pages_and_work_queue_use_constant_queries(court, defendant, signed_in, court_today):
    http = signed_in(court.worker)
    _offers(court, defendant, 1)
    _offers(court, defendant, 1, decided=True)
    person = BailRestriction.objects.first().client
    urls = [reverse("dip:home"), reverse("assessments:bail-list"), person.get_absolute_url()]
    small = [_count(http, url) for url in urls]
    _offers(court, defendant, 4)
    _offers(court, defendant, 4, decided=True)
    for _ in range(3):
        _offer(court, person, BailRestriction.objects.filter(client=person).first().drug_test)
    assert [_count(http, url) for url in urls] == small


def test_figures_building_blocks_one_query_each(court, defendant, django_assert_num_queries, court_today):
    _offers(court, defendant, 2, decided=True)
    person, test = defendant(tested=at(2025, 5, 30, 9))
    refused = _offer(court, person, test, offered_on=D(2025, 5, 31), response="refused_assessment")
    bail_restriction_record(user=court.worker, restriction=refused, step="decision", court_decision="remanded",
                            decided_on=D(2025, 6, 1))
    june = (D(2025, 6, 1), D(2025, 7, 1))
    with django_assert_num_queries(1):
        assert BailRestriction.objects.offered_in(*june).count() == 2
    with django_assert_num_queries(1):
        assert BailRestriction.objects.decided_in(*june).count() == 3
    with django_assert_num_queries(1):
        assert BailRestriction.objects.conditions_imposed_in(*june).count() == 2
    with django_assert_num_queries(1):
        assert BailRestriction.objects.decided_in(*june).refused_and_remanded().count() == 1
    with django_assert_num_queries(1):
        assert BailRestriction.objects.compliance_in(*june) == {
            "compliant": 0, "failed_to_attend_assessment": 2, "disengaged_follow_up": 0, "not_known": 0}
