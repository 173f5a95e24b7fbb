"""The order on the client page (timeline and action), the end of an order, and a data protection officer's read."""

import datetime

from django.urls import reverse

from clients.models import AccessGrant, ClientRelation
from dip import roles
from dip.models import AuditEvent, Team
from dip.tests.factories import TeamFactory, UserFactory


def test_client_page_shows_the_order_and_the_action_to_record_one(probation, signed_in):
    order = probation.order(client=probation.client)
    web = signed_in(probation.officer)
    page = web.get(probation.client.get_absolute_url()).content.decode()
    assert "Record a DRR order" in page and "Drug Rehabilitation Requirement" in page
    assert order.get_absolute_url() in page
    custody = UserFactory(role=roles.CUSTODY_WORKER, team=TeamFactory(kind=Team.Kind.CUSTODY, area=probation.area))
    ClientRelation.objects.create(client=probation.client, team=custody.team, reason="recorded")
    page = signed_in(custody).get(probation.client.get_absolute_url()).content.decode()
    assert "Record a DRR order" not in page and order.get_absolute_url() not in page


def test_ending_an_order_needs_a_reason_and_a_date_not_before_the_start(probation, signed_in):
    order = probation.order()
    web = signed_in(probation.officer)
    url = reverse("supervision:order-terminate", args=[order.pk])
    day = order.start_date - datetime.timedelta(days=1)
    date = {"termination_date_0": day.day, "termination_date_1": day.month, "termination_date_2": day.year}
    assert web.post(url, date).status_code == 400
    response = web.post(url, {**date, "termination_reason": "completed"})
    assert response.status_code == 400 and "cannot end before it started" in response.content.decode()
    day = order.start_date + datetime.timedelta(days=100)
    date = {"termination_date_0": day.day, "termination_date_1": day.month, "termination_date_2": day.year}
    assert web.post(url, {**date, "termination_reason": "completed"}).status_code == 302
    order.refresh_from_db()
    assert (order.termination_date, order.termination_reason) == (day, "completed")
    assert str(order.client) not in web.get(reverse("supervision:caseload")).content.decode()


def test_a_data_protection_officer_reads_an_order_only_with_a_reason(probation, signed_in):
    order = probation.order()
    dpo = UserFactory(role=roles.DPO, team=TeamFactory(kind=Team.Kind.PCC, area=probation.area))
    web = signed_in(dpo)
    response = web.get(order.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("clients:view-reason", kwargs={"pk": order.client.pk}))
    AccessGrant.objects.create(user=dpo, client=order.client, reason="data_protection", detail="Subject access request",
                               expires_at=order.created_at + datetime.timedelta(days=1))
    before = AuditEvent.objects.count()
    page = web.get(order.get_absolute_url())
    assert page.status_code == 200 and "Book an appointment" not in page.content.decode()  # read-only
    event = AuditEvent.objects.latest("id")
    assert AuditEvent.objects.count() - before == 1 and "Subject access request" in event.reason
    assert web.get(reverse("supervision:appointment-create", args=[order.pk])).status_code == 403
