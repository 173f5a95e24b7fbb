"""Every lifecycle action from every stage: allowed ones land in the right stage, refused ones change nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from dip.models import AuditEvent
from referrals import services
from referrals.models import Referral
from referrals.tests.factories import (
    AcceptedReferralFactory,
    DischargedReferralFactory,
    ReferralFactory,
    StartedReferralFactory,
)

STAGE_BUILDERS = {
    "awaiting_decision": lambda **kw: ReferralFactory(**kw),
    "accepted": lambda **kw: AcceptedReferralFactory(**kw),
    "in_treatment": lambda **kw: StartedReferralFactory(**kw),
    "discharged": lambda **kw: DischargedReferralFactory(**kw),
    "declined_by_provider": lambda **kw: ReferralFactory(status="declined_by_provider", decline_reason="Full", **kw),
    "declined_by_client": lambda **kw: ReferralFactory(status="declined_by_client", **kw),
    "did_not_attend": lambda **kw: AcceptedReferralFactory(status="did_not_attend", **kw),
    "withdrawn": lambda **kw: ReferralFactory(status="withdrawn", **kw),
}

# Written out by hand (not read from referrals.transitions), so that a change to the table fails here.
ALLOWED = {
    ("awaiting_decision", "accept"): "accepted",
    ("awaiting_decision", "decline"): "declined_by_provider",
    ("awaiting_decision", "client-declined"): "declined_by_client",
    ("awaiting_decision", "withdraw"): "withdrawn",
    ("accepted", "decline"): "declined_by_provider",
    ("accepted", "client-declined"): "declined_by_client",
    ("accepted", "did-not-attend"): "did_not_attend",
    ("accepted", "start"): "in_treatment",
    ("accepted", "withdraw"): "withdrawn",
    ("in_treatment", "discharge"): "discharged",
}
ACTIONS = ["accept", "decline", "client-declined", "did-not-attend", "start", "discharge", "withdraw"]
ARGS = {
    "decline": {"reason": "No capacity for residential placements"},
    "start": {"on": datetime.date(2025, 4, 20)},
    "discharge": {"on": datetime.date(2025, 6, 20), "reason": "incomplete_dropped_out"},
}


@pytest.mark.parametrize("stage", list(STAGE_BUILDERS))
@pytest.mark.parametrize("action", ACTIONS)
def test_every_action_from_every_stage(stage, action, org, rf_request, frozen):
    referral = STAGE_BUILDERS[stage](provider=org.provider, client__area=org.area, referring_team=org.custody)
    assert referral.stage == stage
    before = Referral.objects.values().get(pk=referral.pk)
    expected = ALLOWED.get((stage, action))
    if expected:
        done = services.referral_transition(
            request=rf_request(org.worker), referral=referral, action=action, **ARGS.get(action, {})
        )
        done.refresh_from_db()
        assert done.stage == expected
        assert done.status_changed_by == org.worker
        event = AuditEvent.objects.get(action="update", object_id=str(referral.pk))
        assert event.detail == {"action": action, "from": stage, "to": expected}
    else:
        with pytest.raises(ValidationError, match="cannot be changed that way"):
            services.referral_transition(request=rf_request(org.worker), referral=referral, action=action, **ARGS.get(action, {}))
        assert Referral.objects.values().get(pk=referral.pk) == before
        assert not AuditEvent.objects.filter(action="update").exists()


def test_started_journey_keeps_started_after_discharge(org, rf_request, frozen):
    referral = StartedReferralFactory(provider=org.provider)
    services.referral_transition(request=rf_request(org.worker), referral=referral, action="discharge", **ARGS["discharge"])
    referral.refresh_from_db()
    assert (referral.status, referral.discharge_reason) == ("started", "incomplete_dropped_out")


@pytest.mark.parametrize("action", ["accept", "decline", "start", "did-not-attend", "client-declined"])
def test_only_the_receiving_team_decides(action, org, rf_request, frozen):
    referral = AcceptedReferralFactory(provider=org.provider, referring_team=org.custody)
    if action == "accept":
        referral = ReferralFactory(provider=org.provider, referring_team=org.custody, client__area=org.area)
    for user in (org.referrer, org.other_worker, org.manager):
        with pytest.raises(PermissionDenied):
            services.referral_transition(request=rf_request(user), referral=referral, action=action, **ARGS.get(action, {}))


def test_referrer_may_withdraw_but_another_team_may_not(org, rf_request, frozen):
    referral = ReferralFactory(provider=org.provider, referring_team=org.custody)
    with pytest.raises(PermissionDenied):
        services.referral_transition(request=rf_request(org.other_worker), referral=referral, action="withdraw")
    services.referral_transition(request=rf_request(org.referrer), referral=referral, action="withdraw")
    referral.refresh_from_db()
    assert referral.stage == "withdrawn"


@pytest.mark.parametrize(
    ("action", "args", "message"),
    [
        ("start", {"on": datetime.date(2025, 3, 31)}, "on or after the referral date"),
        ("start", {"on": datetime.date(2025, 7, 2)}, "today or in the past"),
        ("start", {"on": None}, "Enter the date"),
        ("decline", {"reason": "   "}, "Enter why"),
    ],
)
def test_dates_and_reasons_are_checked(action, args, message, org, rf_request, frozen):
    referral = AcceptedReferralFactory(provider=org.provider)
    with pytest.raises(ValidationError, match=message):
        services.referral_transition(request=rf_request(org.worker), referral=referral, action=action, **args)
    referral.refresh_from_db()
    assert referral.stage == "accepted"


def test_discharge_not_before_start_and_needs_reason(org, rf_request, frozen):
    referral = StartedReferralFactory(provider=org.provider)
    with pytest.raises(ValidationError, match="on or after the treatment start"):
        services.referral_transition(
            request=rf_request(org.worker),
            referral=referral,
            action="discharge",
            on=datetime.date(2025, 4, 14),
            reason="incomplete_died",
        )
    with pytest.raises(ValidationError, match="discharge reason"):
        services.referral_transition(
            request=rf_request(org.worker), referral=referral, action="discharge", on=datetime.date(2025, 5, 14), reason=""
        )


class TestDatabaseGuard:
    """Bulk updates and raw writes cannot produce an impossible state (CHECK constraints and a trigger)."""

    @pytest.mark.parametrize(
        "changes",
        [
            {"status": "pending"},  # a started journey going back (start date left behind)
            {"status": "started", "treatment_start_date": None},
            {"treatment_start_date": datetime.date(2025, 3, 1)},  # before the referral
            {"discharge_date": datetime.date(2025, 4, 1)},  # before the start, and without a reason
            {"discharge_date": datetime.date(2025, 6, 1), "discharge_reason": ""},
            {"discharge_reason": "completed"},  # not a spec reason
            {"status": "accepted"},  # not a spec status
            {"source": "carrier_pigeon"},
        ],
    )
    def test_check_constraints(self, changes, db):
        referral = StartedReferralFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            Referral.objects.filter(pk=referral.pk).update(**changes)

    def test_started_cannot_go_back_even_with_consistent_columns(self, db):
        referral = DischargedReferralFactory()
        with pytest.raises(IntegrityError, match="cannot go back"), transaction.atomic():
            Referral.objects.filter(pk=referral.pk).update(
                status="withdrawn",
                treatment_start_date=None,
                discharge_date=None,
                discharge_reason="",
            )

    @pytest.mark.parametrize("status", ["declined_by_provider", "declined_by_client", "did_not_attend", "withdrawn"])
    def test_a_closed_referral_cannot_start(self, status, db):
        referral = ReferralFactory(status=status)
        with pytest.raises(IntegrityError, match="cannot start"), transaction.atomic():
            Referral.objects.filter(pk=referral.pk).update(
                status="started",
                treatment_start_date=datetime.date(2025, 4, 2),
                decline_reason="",
            )

    def test_two_pending_referrals_to_one_provider_are_legal_data(self, db):
        """spec/interchange.md allows them (issue 8): the database holds them; a page refuses a second (test_views)."""
        referral = ReferralFactory()
        ReferralFactory(client=referral.client, provider=referral.provider, referral_date=datetime.date(2025, 5, 1))
        assert Referral.objects.filter(client=referral.client, provider=referral.provider, status="pending").count() == 2

    def test_pending_beside_a_started_journey_is_legal_for_legacy_data(self, db):
        """spec/sample has REF-00076 (pending) beside REF-00077 (started) for one client and provider."""
        started = StartedReferralFactory()
        ReferralFactory(client=started.client, provider=started.provider, referral_date=datetime.date(2025, 5, 1))

    def test_every_change_is_kept_as_history(self, org, rf_request, frozen):
        referral = ReferralFactory(provider=org.provider)
        services.referral_transition(request=rf_request(org.worker), referral=referral, action="accept")
        services.referral_transition(
            request=rf_request(org.worker), referral=referral, action="start", on=datetime.date(2025, 4, 3)
        )
        rows = referral.events.order_by("pgh_id").values_list("status", "accepted_at", "status_changed_by")
        statuses = [(status, accepted is not None, by) for status, accepted, by in rows]
        assert statuses == [("pending", False, None), ("pending", True, org.worker.pk), ("started", True, org.worker.pk)]
