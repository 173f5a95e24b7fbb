"""Drug-test workflows: recording a test relates the client to the custody team and area; each change is audited.

No request or form: a page, a task or the import calls these with the user and the record (its rules are
DrugTest.rule_errors()/clean(), run by full_clean()), and gets a ValidationError keyed by field.
"""

from django.db import transaction
from django.utils import timezone

from clients.models import ClientRelation
from clients.services import client_relate_all
from dip import audit
from dip.models import AuditEvent
from testing.models import DrugTest


@transaction.atomic
def drug_test_record(*, user, test: DrugTest) -> DrugTest:
    """Validate and save a new test; the suite's team and area are then related to the client."""
    test.recorded_by = user if getattr(user, "pk", None) else None
    test.full_clean()
    test.save()
    relate_to_suite(test)
    audit.record(None, AuditEvent.Action.CREATE, test, client=test.client, user=user)
    return test


def suite_relations(test: DrugTest) -> list[ClientRelation]:
    """The rule: the suite's custody team and its area keep seeing the tested client (reference/access-model.md)."""
    suite = test.custody_suite
    relations = [ClientRelation(client_id=test.client_id, area_id=suite.area_id, reason=ClientRelation.Reason.TESTED)]
    if suite.team_id:
        relations.insert(0, ClientRelation(client_id=test.client_id, team_id=suite.team_id,
                                           reason=ClientRelation.Reason.TESTED))
    return relations


def relate_to_suite(test: DrugTest) -> None:
    client_relate_all(suite_relations(test))


def relate_to_suites(tests) -> None:
    """relate_to_suite for many tests in one query (the import writes in bulk); existing relations are kept."""
    ClientRelation.objects.bulk_create([r for test in tests for r in suite_relations(test)], ignore_conflicts=True)


def _apply(test: DrugTest, changes: dict) -> DrugTest:
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


@transaction.atomic
def drug_test_update(*, user, test: DrugTest, step: str = "edit", **changes) -> DrugTest:
    """Apply `changes` (a ModelForm may have set them on `test` already), check the whole record, save, audit."""
    _apply(test, changes)
    audit.record(None, AuditEvent.Action.UPDATE, test, client=test.client, user=user, detail={"step": step})
    return test


@transaction.atomic
def drug_test_decision_record(*, user, test: DrugTest, decision: str, reason: str = "", at=None) -> DrugTest:
    """Record whether a required assessment was imposed after a positive test.

    A step of the required-assessment services (assessments.services.required), which audit the decision
    they make: this writes no audit event of its own, so a page still writes exactly one.
    """
    return _apply(test, {
        "assessment_decision": decision, "assessment_decision_reason": reason,
        "assessment_decided_at": at or timezone.now(),
    })
