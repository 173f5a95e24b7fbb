"""What the testing app shows elsewhere: the client page's timeline and actions, and the home-page work queue.

Imported by `autodiscover_modules("hooks")` (DipConfig.ready()); each provider uses a constant number of queries.
"""

from django.urls import reverse
from django.utils import timezone

from clients import actions, timeline
from clients.timeline import Entry
from dip import permissions, work_queue
from dip.work_queue import Item, Section
from testing.models import DrugTest, local_date

QUEUE_LIMIT = 100


def timeline_entries(client, user):
    tests = DrugTest.objects.visible_to(user).filter(client=client).select_related("custody_suite")
    for test in tests:
        title = f"{test.get_stage_display()}: {test.result_display}"
        if test.awaiting_laboratory:
            title += " (disputed, awaiting the laboratory)"
        yield Entry(at=test.requested_at, kind="Drug test", title=title, detail=str(test.custody_suite),
                    url=test.get_absolute_url())


def awaiting_laboratory_section(user):
    """Order 40: disputed positives at the user's suites with no laboratory result; overdue after 5 working days."""
    if not permissions.can_record_drug_test(user):
        return None
    tests = (
        DrugTest.objects.visible_to(user).at_suites_of(user).awaiting_laboratory()
        .select_related("client").order_by("sent_to_laboratory_at", "requested_at")[:QUEUE_LIMIT]
    )
    today = local_date(timezone.now())
    items = []
    for test in tests:
        if test.sent_to_laboratory_at:
            url, action = reverse("testing:drugtest-confirmation", kwargs={"pk": test.pk}), "Record the laboratory result"
            hint = f"Sent {timezone.localtime(test.sent_to_laboratory_at):%-d %B}, due {test.laboratory_due:%-d %B %Y}"
        else:
            url, action = reverse("testing:drugtest-laboratory", kwargs={"pk": test.pk}), "Record the sample sent"
            hint = "Not sent to the laboratory yet"
        items.append(Item(
            label=f"{test.client}, tested {timezone.localtime(test.requested_at):%-d %B %H:%M}",
            url=url, action=action, due=test.laboratory_due, overdue=test.laboratory_overdue(today), hint=hint,
        ))
    return Section("Disputed tests awaiting the laboratory", items, empty="No disputed test is waiting for the laboratory.")


timeline.register(timeline_entries)
work_queue.register(awaiting_laboratory_section, order=40)


@actions.register(order=10)
def drug_test_actions(client, user):
    if permissions.can_record_drug_test(user):
        yield actions.Action("Record a drug test", reverse("testing:drugtest-create", kwargs={"client_pk": client.pk}))
