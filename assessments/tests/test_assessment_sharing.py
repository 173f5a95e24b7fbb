"""Consent per scope (latest decision in force, history kept) and who may read continuity notes."""

import datetime

import pytest
from django.urls import reverse

from assessments.models.assessment import ContinuityNote, SharingBasis
from assessments.services.assessment import assessment_complete, consents_in_force, readable_notes, sharing_basis_record
from assessments.tests.assessment_fixtures import make_assessment, make_client
from clients.models import Consent
from clients.services import client_relate
from dip import roles
from dip.models import Team
from dip.tests.factories import TeamFactory

D = datetime.date


@pytest.fixture
def worker(make_user):
    return make_user(roles.CUSTODY_WORKER)


@pytest.fixture
def client_record(area):
    return make_client(area)


@pytest.fixture
def assessment(client_record, worker):
    return make_assessment(client_record, worker, note="Lives with sister; prefers texts.")


def _consent(client, scope, decision, day):
    return Consent.objects.create(client=client, scope=scope, decision=decision, decided_on=day)


def _related(make_user, client, role, kind, **kwargs):
    user = make_user(role, kind=kind, **kwargs)
    client_relate(client=client, team=user.team, reason="recorded")
    return user


def test_completing_writes_consent_rows_and_the_latest_decision_is_in_force(client_record, worker):
    first = make_assessment(client_record, worker, completed=False, consent_answers={
        "share_with_probation": {"decision": "given", "decided_on": "2026-01-10"}})
    assert assessment_complete(user=worker, assessment=first).status == "completed"
    second = make_assessment(client_record, worker, completed=False, consent_answers={
        "share_with_probation": {"decision": "withdrawn", "decided_on": "2026-02-01"}})
    assert assessment_complete(user=worker, assessment=second).status == "completed"
    in_force = consents_in_force(client_record)
    assert in_force["share_with_probation"].decision == "withdrawn"
    # History is kept: both decisions remain, in order.
    history = list(Consent.objects.filter(client=client_record).values_list("decision", flat=True))
    assert history == ["withdrawn", "given"]
    assert {c.recorded_by_id for c in Consent.objects.filter(client=client_record)} == {worker.pk}


def test_in_force_is_by_decision_date_then_entry_order(client_record):
    _consent(client_record, "ndtms", "given", D(2026, 3, 1))
    _consent(client_record, "ndtms", "refused", D(2026, 2, 1))  # entered later, decided earlier
    assert consents_in_force(client_record)["ndtms"].decision == "given"
    _consent(client_record, "ndtms", "withdrawn", D(2026, 3, 1))  # same day, entered later: in force
    assert consents_in_force(client_record)["ndtms"].decision == "withdrawn"


def test_the_consent_section_shows_the_decision_in_force(signed_in, worker, client_record):
    _consent(client_record, "share_with_treatment", "given", D(2026, 1, 4))
    draft = make_assessment(client_record, worker, completed=False)
    url = reverse("assessments:assessment-section", kwargs={"pk": draft.pk, "section": "consent"})
    assert "In force: given on 4 January 2026" in signed_in(worker).get(url).content.decode()


def test_the_writing_team_reads_its_notes(worker, assessment):
    assert readable_notes([assessment], worker) == {assessment.pk: "Lives with sister; prefers texts."}


def test_another_team_reads_notes_only_with_consent_in_force(make_user, client_record, assessment):
    probation = _related(make_user, client_record, roles.PROBATION_OFFICER, Team.Kind.PROBATION)
    treatment = _related(make_user, client_record, roles.TREATMENT_WORKER, Team.Kind.TREATMENT)
    assert readable_notes([assessment], probation) == {}  # no consent
    _consent(client_record, "share_with_probation", "refused", D(2026, 1, 1))
    assert readable_notes([assessment], probation) == {}
    _consent(client_record, "share_with_probation", "given", D(2026, 1, 2))
    assert readable_notes([assessment], probation) == {assessment.pk: assessment.continuity_note.text}
    assert readable_notes([assessment], treatment) == {}  # probation consent is not treatment consent
    _consent(client_record, "share_with_probation", "withdrawn", D(2026, 1, 3))
    assert readable_notes([assessment], probation) == {}


def test_another_team_reads_notes_with_a_recorded_legal_basis(make_user, area, worker, client_record, assessment):
    # Another custody team in the same area sees the client, but not the notes.
    other_custody = _related(make_user, client_record, roles.CUSTODY_WORKER, Team.Kind.CUSTODY,
                             team=TeamFactory(kind=Team.Kind.CUSTODY, area=area))
    assert readable_notes([assessment], other_custody) == {}
    basis = sharing_basis_record(client=client_record, team=other_custody.team, reason=SharingBasis.Reason.SAFEGUARDING,
                                 detail="Child protection strategy meeting", user=worker)
    assert basis.recorded_by == worker and basis.recorded_at
    assert readable_notes([assessment], other_custody) == {assessment.pk: assessment.continuity_note.text}


def test_a_basis_for_one_team_opens_nothing_for_another(make_user, worker, client_record, assessment):
    probation = _related(make_user, client_record, roles.PROBATION_OFFICER, Team.Kind.PROBATION)
    treatment = _related(make_user, client_record, roles.TREATMENT_WORKER, Team.Kind.TREATMENT)
    sharing_basis_record(client=client_record, team=treatment.team, reason="vital_interests", detail="Overdose", user=worker)
    assert readable_notes([assessment], probation) == {}
    assert readable_notes([assessment], treatment) == {assessment.pk: assessment.continuity_note.text}


def test_notes_of_a_client_out_of_scope_are_never_readable(make_user, other_area, client_record, assessment):
    stranger = make_user(roles.CUSTODY_WORKER, in_area=other_area)
    SharingBasis.objects.create(client=client_record, team=stranger.team, from_team=assessment.team,
                                reason="safeguarding", detail="x", recorded_by=stranger)
    assert readable_notes([assessment], stranger) == {}  # a basis never widens who sees the client
    assert not ContinuityNote.objects.readable_by(stranger).exists()


def test_the_record_page_hides_notes_without_consent(signed_in, make_user, client_record, assessment):
    probation = _related(make_user, client_record, roles.PROBATION_OFFICER, Team.Kind.PROBATION)
    page = signed_in(probation).get(assessment.get_absolute_url()).content.decode()
    assert "prefers texts" not in page and "Restricted" in page
    _consent(client_record, "share_with_probation", "given", D(2026, 1, 2))
    page = signed_in(probation).get(assessment.get_absolute_url()).content.decode()
    assert "prefers texts" in page


def test_a_basis_opens_only_the_notes_of_the_team_that_recorded_it(make_user, area, worker, client_record, assessment):
    probation = _related(make_user, client_record, roles.PROBATION_OFFICER, Team.Kind.PROBATION)
    treatment = _related(make_user, client_record, roles.TREATMENT_WORKER, Team.Kind.TREATMENT)
    treatment_assessment = make_assessment(client_record, treatment, note="Treatment team's own notes")
    sharing_basis_record(client=client_record, team=probation.team, reason="court_report", detail="DRR review", user=treatment)
    assert readable_notes([assessment, treatment_assessment], probation) == {
        treatment_assessment.pk: "Treatment team's own notes"
    }


def test_recording_a_legal_basis_through_the_page(signed_in, make_user, worker, client_record, assessment):
    probation = _related(make_user, client_record, roles.PROBATION_OFFICER, Team.Kind.PROBATION)
    url = reverse("assessments:assessment-sharing", kwargs={"client_pk": client_record.pk})
    http = signed_in(worker)
    page = http.get(url).content.decode()
    assert probation.team.name in page
    bad = http.post(url, {"team": probation.team.pk, "reason": "safeguarding"})
    assert bad.status_code == 400 and "Enter the details of the legal basis" in bad.content.decode()
    assert http.post(url, {"team": probation.team.pk, "reason": "safeguarding", "detail": "MASH referral"}).status_code == 302
    basis = SharingBasis.objects.get()
    assert (basis.team, basis.from_team, basis.recorded_by) == (probation.team, worker.team, worker)
    assert "MASH referral" in http.get(url).content.decode()
    # A team that wrote no assessment has nothing to share.
    assert signed_in(probation).get(url).status_code == 403


def test_a_corrected_consent_counts_by_its_correction_on_every_path(make_user, client_record, assessment):
    """clients.consent is the one rule: the notes query (SQL), the assessment page and the client page agree
    when an import corrected a decision (the corrected row stays, as history)."""
    probation = _related(make_user, client_record, roles.PROBATION_OFFICER, Team.Kind.PROBATION)
    given = _consent(client_record, "share_with_probation", "given", D(2026, 1, 2))
    later = _consent(client_record, "share_with_probation", "refused", D(2026, 1, 2))  # same day: entry order
    assert consents_in_force(client_record)["share_with_probation"] == later
    assert readable_notes([assessment], probation) == {}
    # An import corrects the first record to a later date: it is now the latest decision.
    correction = Consent.objects.create(ref=given.ref, corrects=given, client=client_record,
                                        scope="share_with_probation", decision="given", decided_on=D(2026, 1, 3))
    assert consents_in_force(client_record)["share_with_probation"] == correction
    assert readable_notes([assessment], probation) == {assessment.pk: assessment.continuity_note.text}
    # Corrected back to its first date, it is again before `later` in entry order: refused is in force.
    Consent.objects.create(ref=given.ref, corrects=given, client=client_record, scope="share_with_probation",
                           decision="given", decided_on=D(2026, 1, 2))
    assert consents_in_force(client_record)["share_with_probation"] == later
    assert readable_notes([assessment], probation) == {}
