"""Each section's rules: GOV.UK error summary, the message next to the field, input kept, 400, never 500."""

import pytest
from django.urls import reverse

from assessments.models.assessment import Assessment
from assessments.tests.assessment_fixtures import make_assessment, make_client
from dip import roles


@pytest.fixture
def worker(make_user):
    return make_user(roles.CUSTODY_WORKER)


@pytest.fixture
def draft(worker, area):
    return make_assessment(make_client(area), worker, completed=False)


def _post(signed_in, worker, draft, section, data):
    url = reverse("assessments:assessment-section", kwargs={"pk": draft.pk, "section": section})
    return signed_in(worker).post(url, data)


CASES = [
    # (section, data, expected message)
    ("context", {}, "Select the type of assessment"),
    ("context", {"assessment_type": "voluntary", "location": "custody_suite", "trigger": "other",
                 "assessed_on_0": "1", "assessed_on_1": "3", "assessed_on_2": "2026"}, "Select the custody suite"),
    ("context", {"assessment_type": "voluntary", "location": "community", "trigger": "other",
                 "assessed_on_0": "31", "assessed_on_1": "2", "assessed_on_2": "2026"}, "Date of assessment must be a real date"),
    ("context", {"assessment_type": "voluntary", "location": "community", "trigger": "other",
                 "assessed_on_0": "1", "assessed_on_1": "1", "assessed_on_2": "2099"}, "today or in the past"),
    ("context", {"assessment_type": "nonsense"}, "Select the type of assessment"),
    ("substances", {}, "Select the main drug"),
    ("substances", {"main_substance": "opiates"}, "Select how the main drug is taken"),
    ("substances", {"main_substance": "opiates", "main_route": "smoke", "main_days": "29"},
     "Enter a whole number from 0 to 28"),
    ("substances", {"main_substance": "opiates", "main_route": "smoke", "main_days": "3",
                    "second_substance": "opiates", "second_route": "smoke", "second_days": "1"},
     "Each drug can be recorded only once"),
    ("substances", {"main_substance": "opiates", "main_route": "smoke", "main_days": "3",
                    "third_substance": "crack", "third_route": "smoke", "third_days": "1"},
     "Record the second drug before the third drug"),
    ("substances", {"main_substance": "opiates", "main_route": "smoke", "main_days": "3", "second_days": "4"},
     "Select the second drug, or clear its route and days"),
    ("alcohol", {"alcohol_days": "0", "alcohol_units_daily": "5"}, "Enter 0 units when there were no drinking days"),
    ("alcohol", {"alcohol_days": "3", "alcohol_units_daily": "201"}, "Enter a whole number from 0 to 200"),
    ("injecting", {"injecting_status": "current"}, "Enter the days injected in the last 28 days"),
    ("injecting", {"injecting_status": "current", "injecting_days": "3"}, "Select whether injecting equipment was shared"),
    ("treatment", {"previously_in_treatment": "yes", "currently_in_treatment": "yes"},
     "Enter the current treatment provider"),
    ("needs", {"accommodation": "no_problem", "employment": "employed", "has_children": "yes", "pregnant": "no",
               "mental_health_need": "no", "mental_health_treatment": "no"}, "Enter how many children live with the client"),
    ("risks", {"overdose_risk": "high", "self_harm_risk": "none", "harm_to_others_risk": "none",
               "safeguarding_risk": "none"}, "Describe the risks: at least one is medium or high"),
    ("offending", {"current_offences": "x"}, "Select whether the client is in an IOM or PPO cohort"),
    ("consent", {"ndtms_decision": "given", "share_with_probation_decision": "unchanged",
                 "share_with_treatment_decision": "unchanged", "share_with_prison_decision": "unchanged"},
     "Enter the date of the decision about reporting to ndtms"),
    ("consent", {}, "Select the client&#x27;s decision about reporting to ndtms"),
    ("outcome", {}, "Select the outcome of the assessment"),
    ("notes", {"text": "x" * 10001}, "Enter 10000 characters or fewer"),
]


@pytest.mark.parametrize(("section", "data", "message"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_section_rules(signed_in, worker, draft, section, data, message):
    before = Assessment.objects.values().get(pk=draft.pk)
    response = _post(signed_in, worker, draft, section, data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in page and page.count(message) >= 2, message  # in the summary and by the field
    assert Assessment.objects.values().get(pk=draft.pk) == before  # nothing saved
    assert page.startswith("<!DOCTYPE html>") and "<title>Error:" in page


def test_a_failed_save_keeps_what_was_typed(signed_in, worker, draft):
    response = _post(signed_in, worker, draft, "substances",
                     {"main_substance": "crack", "main_route": "smoke", "main_days": "99", "second_days": "7"})
    page = response.content.decode()
    assert response.status_code == 400
    assert 'value="99"' in page and 'value="7"' in page
    assert 'value="crack" checked' in page or ('value="crack"' in page and "checked" in page)


def test_injecting_cannot_be_never_when_a_drug_is_injected(signed_in, worker, draft):
    Assessment.objects.filter(pk=draft.pk).update(main_route="inject")
    response = _post(signed_in, worker, draft, "injecting", {"injecting_status": "never"})
    assert response.status_code == 400
    assert "A drug is recorded as injected" in response.content.decode()


def test_pregnancy_is_refused_for_a_client_recorded_as_male(signed_in, worker, area):
    draft = make_assessment(make_client(area, sex="M"), worker, completed=False)
    data = {"accommodation": "no_problem", "employment": "employed", "has_children": "no", "pregnant": "yes",
            "mental_health_need": "no", "mental_health_treatment": "no"}
    assert "recorded as male" in _post(signed_in, worker, draft, "needs", data).content.decode()


def test_answers_that_no_longer_apply_are_cleared(signed_in, worker, draft):
    Assessment.objects.filter(pk=draft.pk).update(injecting_days=5, shared_equipment="yes")
    response = _post(signed_in, worker, draft, "injecting", {"injecting_status": "previous", "injecting_days": "5"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.injecting_days is None and draft.shared_equipment == ""


JUNK = [
    {"assessed_on_0": "99999999999999999999999", "assessed_on_1": "99999999999999999", "assessed_on_2": "9" * 40},
    {"assessed_on_0": "-1", "assessed_on_1": "abc", "assessed_on_2": "\x00"},
    {"assessed_on_0": "1", "assessed_on_1": "1", "assessed_on_2": "0"},
    {"custody_suite": "999999999999999999999999", "location": "custody_suite"},
    {"custody_suite": "'; drop table", "assessment_type": ["a", "b"]},
]


@pytest.mark.parametrize("data", JUNK)
def test_junk_never_causes_a_server_error(signed_in, worker, draft, data):
    assert _post(signed_in, worker, draft, "context", data).status_code == 400


@pytest.mark.parametrize("section", ["substances", "alcohol", "injecting", "needs"])
def test_huge_and_negative_numbers_are_refused(signed_in, worker, draft, section):
    data = {name: value for name in ("main_days", "alcohol_days", "alcohol_units_daily", "injecting_days",
                                     "children_living_with_client") for value in ["9" * 50]}
    assert _post(signed_in, worker, draft, section, data).status_code == 400
    data = {key: "-3" for key in data}
    assert _post(signed_in, worker, draft, section, data).status_code == 400


def test_an_unknown_section_is_not_found(signed_in, worker, draft):
    url = reverse("assessments:assessment-section", kwargs={"pk": draft.pk, "section": "nope"})
    assert signed_in(worker).get(url).status_code == 404
