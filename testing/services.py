"""Drug-test workflows: recording a test relates the client to the custody team and area."""

from django.db import transaction
from django.utils import timezone

from clients.models import ClientRelation
from clients.services import client_relate
from testing.models import DrugTest


@transaction.atomic
def drug_test_record(test: DrugTest, *, user=None) -> DrugTest:
    """Validate and save a new test; the suite's team and area are then related to the client."""
    test.recorded_by = user if getattr(user, "pk", None) else None
    test.full_clean()
    test.save()
    relate_to_suite(test)
    return test


def relate_to_suite(test: DrugTest) -> None:
    """The suite's custody team and its area keep seeing the client (reference/access-model.md)."""
    suite = test.custody_suite
    if suite.team_id:
        client_relate(client=test.client, reason=ClientRelation.Reason.TESTED, team=suite.team)
    client_relate(client=test.client, reason=ClientRelation.Reason.TESTED, area=suite.area)


@transaction.atomic
def drug_test_update(test: DrugTest, **changes) -> DrugTest:
    """Apply changes, check every rule on the whole record, save. Raises ValidationError."""
    for name, value in changes.items():
        setattr(test, name, value)
    if changes.get("disputed") and not test.disputed_at:
        test.disputed_at = timezone.now()
    test.full_clean()
    test.save()
    if "custody_suite" in changes:
        relate_to_suite(test)
    return test


def assessment_decision_record(test: DrugTest, *, decision: str, reason: str = "", at=None) -> DrugTest:
    """Record whether a required assessment was imposed after a positive test (the custody-ra workflow may call it)."""
    return drug_test_update(
        test, assessment_decision=decision, assessment_decision_reason=reason,
        assessment_decided_at=at or timezone.now(),
    )
