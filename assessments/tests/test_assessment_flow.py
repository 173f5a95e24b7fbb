"""Start (prefilled), save a draft and resume, check answers, submit, and the completed record is locked."""

import datetime

import pytest
from django.db import InternalError, transaction
from django.urls import reverse

from assessments.models.assessment import Assessment, ContinuityNote
from assessments.tests.assessment_fixtures import make_assessment, make_client
from clients.models import Consent
from dip import roles
from dip.models import AuditEvent, Team

SECTION_POSTS = {
    "context": {"assessment_type": "voluntary", "assessed_on_0": "2", "assessed_on_1": "3", "assessed_on_2": "2026",
                "location": "community", "trigger": "voluntary_other"},
    "substances": {"main_substance": "opiates", "main_route": "inject", "main_days": "12"},
    "alcohol": {"alcohol_days": "0", "alcohol_units_daily": "0"},
    "injecting": {"injecting_status": "current", "injecting_days": "12", "shared_equipment": "no"},
    "treatment": {"previously_in_treatment": "no", "currently_in_treatment": "no"},
    "needs": {"accommodation": "nfa_urgent", "employment": "unemployed", "has_children": "yes",
              "children_living_with_client": "1", "children_services_involved": "yes", "pregnant": "no",
              "mental_health_need": "yes", "mental_health_treatment": "no"},
    "risks": {"overdose_risk": "high", "self_harm_risk": "low", "harm_to_others_risk": "none",
              "safeguarding_risk": "medium", "risk_detail": "Recent release, reduced tolerance."},
    "offending": {"current_offences": "Shoplifting", "iom_ppo": "yes", "on_licence_or_order": "no"},
    "consent": {"ndtms_decision": "given", "ndtms_date_0": "2", "ndtms_date_1": "3", "ndtms_date_2": "2026",
                "share_with_probation_decision": "refused", "share_with_probation_date_0": "2",
                "share_with_probation_date_1": "3", "share_with_probation_date_2": "2026",
                "share_with_treatment_decision": "unchanged", "share_with_prison_decision": "unchanged"},
    "outcome": {"outcome": "referred_structured_treatment", "care_plan_summary": "Refer to community service."},
    "notes": {"text": "Prefers afternoon appointments; sister is main support."},
}


@pytest.fixture
def worker(make_user):
    return make_user(roles.CUSTODY_WORKER)


@pytest.fixture
def client_record(area):
    return make_client(area)


def _start(http, client_record) -> Assessment:
    response = http.post(reverse("assessments:assessment-start", kwargs={"client_pk": client_record.pk}))
    assert response.status_code == 302
    return Assessment.objects.get(pk=response.url.rstrip("/").split("/")[-1])


def _section(assessment, slug):
    return reverse("assessments:assessment-section", kwargs={"pk": assessment.pk, "section": slug})


def test_a_worker_completes_an_assessment_section_by_section(signed_in, worker, client_record):
    http = signed_in(worker)
    assessment = _start(http, client_record)
    assert http.get(assessment.get_absolute_url()).status_code == 200
    slugs = list(SECTION_POSTS)
    for i, slug in enumerate(slugs):
        response = http.post(_section(assessment, slug), {**SECTION_POSTS[slug], "save": ""})
        assert response.status_code == 302, (slug, response.content.decode()[:3000])
        expected = _section(assessment, slugs[i + 1]) if i + 1 < len(slugs) else reverse(
            "assessments:assessment-check", kwargs={"pk": assessment.pk})
        assert response.url == expected
    check = http.get(reverse("assessments:assessment-check", kwargs={"pk": assessment.pk}))
    assert check.status_code == 200 and "Check your answers" in check.content.decode()
    assert "Recent release, reduced tolerance." in check.content.decode()
    assert http.post(reverse("assessments:assessment-check", kwargs={"pk": assessment.pk})).status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.COMPLETED and assessment.completed_at
    assert assessment.injecting_days == 12 and assessment.children_living_with_client == 1
    assert ContinuityNote.objects.get(assessment=assessment).text.startswith("Prefers afternoon")
    consents = {c.scope: c.decision for c in Consent.objects.filter(client=client_record)}
    assert consents == {"ndtms": "given", "share_with_probation": "refused"}
    # The completed record shows the answers and the team's own notes.
    page = http.get(assessment.get_absolute_url()).content.decode()
    assert "Referred to structured treatment" in page and "sister is main support" in page


def test_save_and_come_back_later_keeps_the_draft_for_its_author(signed_in, worker, make_user, client_record):
    http = signed_in(worker)
    assessment = _start(http, client_record)
    response = http.post(_section(assessment, "context"), {**SECTION_POSTS["context"], "later": ""})
    assert response.url == assessment.get_absolute_url()
    # Starting again resumes the same draft rather than making another.
    assert _start(http, client_record).pk == assessment.pk
    task_list = http.get(assessment.get_absolute_url()).content.decode()
    assert "completed 1 of 11 sections" in task_list
    home = http.get(reverse("dip:home")).content.decode()
    assert "Draft assessments not finished" in home and assessment.get_absolute_url() in home
    detail = http.get(client_record.get_absolute_url()).content.decode()
    assert "Continue draft assessment" in detail
    # A colleague in the same team cannot open it, and gets a draft of their own.
    colleague = make_user(roles.CUSTODY_WORKER, team=worker.team)
    other = signed_in(colleague)
    assert other.get(assessment.get_absolute_url()).status_code == 404
    assert other.get(_section(assessment, "alcohol")).status_code == 404
    assert _start(other, client_record).pk != assessment.pk


def test_a_new_assessment_is_prefilled_from_the_last_completed_one(signed_in, worker, client_record):
    make_assessment(client_record, worker, main_substance="crack", alcohol_days=3, assessed_on=datetime.date(2025, 1, 5))
    latest = make_assessment(client_record, worker, main_substance="opiates", alcohol_days=9,
                             assessed_on=datetime.date(2026, 1, 5))
    assessment = _start(signed_in(worker), client_record)
    assert assessment.prefilled_from_id == latest.pk
    assert assessment.main_substance == "opiates" and assessment.alcohol_days == 9
    # The context, offences, consent and outcome are asked afresh.
    assert assessment.assessed_on is None and assessment.outcome == "" and assessment.current_offences == ""
    assert assessment.consent_answers == {}
    # The prefilled form shows the earlier answer.
    page = signed_in(worker).get(_section(assessment, "alcohol")).content.decode()
    assert 'value="9"' in page


def test_check_answers_refuses_to_submit_an_incomplete_assessment(signed_in, worker, client_record):
    http = signed_in(worker)
    assessment = _start(http, client_record)
    url = reverse("assessments:assessment-check", kwargs={"pk": assessment.pk})
    response = http.post(url)
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and "Complete the section: context" in page
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DRAFT
    assert not Consent.objects.exists()


def test_a_completed_assessment_is_read_only(signed_in, worker, client_record):
    assessment = make_assessment(client_record, worker)
    http = signed_in(worker)
    assert http.get(_section(assessment, "context")).status_code == 404
    assert http.post(_section(assessment, "context"), SECTION_POSTS["context"]).status_code == 404
    assert http.post(reverse("assessments:assessment-check", kwargs={"pk": assessment.pk})).status_code == 404
    # The database refuses any change, whatever the code path.
    with pytest.raises(InternalError), transaction.atomic():
        Assessment.objects.filter(pk=assessment.pk).update(outcome="declined_support")
    with pytest.raises(InternalError), transaction.atomic():
        Assessment.objects.filter(pk=assessment.pk).delete()


def test_a_correction_is_a_new_version_and_history_is_kept(signed_in, worker, client_record):
    original = make_assessment(client_record, worker, note="First notes")
    http = signed_in(worker)
    response = http.post(reverse("assessments:assessment-correct", kwargs={"pk": original.pk}))
    correction = Assessment.objects.get(supersedes=original)
    assert response.url == correction.get_absolute_url()
    assert correction.is_draft and correction.outcome == original.outcome and correction.assessed_on == original.assessed_on
    assert ContinuityNote.objects.get(assessment=correction).text == "First notes"
    http.post(_section(correction, "outcome"), {"outcome": "declined_support", "save": ""})
    assert http.post(reverse("assessments:assessment-check", kwargs={"pk": correction.pk})).status_code == 302
    original.refresh_from_db()
    assert original.outcome == "referred_structured_treatment"  # the earlier version is untouched
    page = http.get(original.get_absolute_url()).content.decode()
    assert "This version has been corrected" in page and correction.get_absolute_url() in page
    # Row history: the draft's edits and its completion were recorded by the database.
    events = Assessment.pgh_event_model.objects.filter(pgh_obj_id=correction.pk)
    assert {e.pgh_label for e in events} >= {"insert", "update"}
    assert events.filter(status="completed").exists()


def test_only_the_writing_team_corrects(signed_in, worker, make_user, client_record):
    original = make_assessment(client_record, worker)
    probation = make_user(roles.PROBATION_OFFICER, kind=Team.Kind.PROBATION)
    from clients.services import client_relate

    client_relate(client=client_record, team=probation.team, reason="supervises")
    assert signed_in(probation).post(reverse("assessments:assessment-correct", kwargs={"pk": original.pk})).status_code == 403
    assert not Assessment.objects.filter(supersedes=original).exists()


def test_each_page_writes_one_audit_event(signed_in, worker, client_record):
    http = signed_in(worker)
    assessment = _start(http, client_record)
    for url in [assessment.get_absolute_url(), _section(assessment, "needs"),
                reverse("assessments:assessment-check", kwargs={"pk": assessment.pk})]:
        before = AuditEvent.objects.count()
        http.get(url)
        assert AuditEvent.objects.count() - before == 1, url
    before = AuditEvent.objects.count()
    http.post(_section(assessment, "alcohol"), {"alcohol_days": "x"})  # invalid: re-rendered, still one event
    assert AuditEvent.objects.count() - before == 1
    event = AuditEvent.objects.first()
    assert event.client_id == client_record.pk and event.action == "view"


def test_a_worker_deletes_an_unfinished_draft(signed_in, worker, client_record):
    http = signed_in(worker)
    assessment = _start(http, client_record)
    http.post(_section(assessment, "notes"), {"text": "to be discarded", "save": ""})
    url = reverse("assessments:assessment-discard", kwargs={"pk": assessment.pk})
    assert "Delete this draft assessment?" in http.get(url).content.decode()
    assert http.post(url).url == client_record.get_absolute_url()
    assert not Assessment.objects.filter(pk=assessment.pk).exists()
    assert not ContinuityNote.objects.filter(client=client_record).exists()
    assert AuditEvent.objects.filter(action="delete", object_id=str(assessment.pk)).count() == 1
    # Row history keeps the deletion; a completed assessment cannot be discarded.
    assert Assessment.pgh_event_model.objects.filter(pgh_obj_id=assessment.pk, pgh_label="delete").exists()
    done = make_assessment(client_record, worker)
    assert http.post(reverse("assessments:assessment-discard", kwargs={"pk": done.pk})).status_code == 404


def test_a_second_tab_cannot_change_or_resubmit_a_submitted_assessment(worker, client_record):
    from assessments.forms.assessment import AlcoholForm
    from assessments.services import assessment as service

    draft = make_assessment(client_record, worker, completed=False)
    stale = Assessment.objects.get(pk=draft.pk)  # what the other tab loaded
    service.assessment_complete(user=worker, assessment=draft)
    form = AlcoholForm({"alcohol_days": "1", "alcohol_units_daily": "2"}, assessment=stale, user=worker)
    assert form.is_valid()
    with pytest.raises(service.AssessmentLocked):
        service.assessment_save_section(user=worker, assessment=stale, section="alcohol", answers=form.cleaned_data)
    with pytest.raises(service.AssessmentLocked):
        service.assessment_complete(user=worker, assessment=stale)
    with pytest.raises(service.AssessmentLocked):
        service.assessment_discard(user=worker, assessment=stale)
    assert Assessment.objects.get(pk=draft.pk).alcohol_days == draft.alcohol_days
