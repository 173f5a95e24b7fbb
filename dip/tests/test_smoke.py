import pytest
from django.urls import reverse

from dip import roles
from dip.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_anonymous_user_is_sent_to_sign_in(client):
    response = client.get(reverse("clients:client-search"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("dip:login"))


def test_password_alone_reaches_only_the_two_factor_pages(client, make_user):
    user = make_user(roles.CUSTODY_WORKER)
    client.force_login(user)
    response = client.get(reverse("clients:client-search"))
    assert response.status_code == 302
    assert response["Location"] == reverse("dip:otp-setup")


def test_signed_in_worker_reaches_search(signed_in, make_user):
    client = signed_in(make_user(roles.CUSTODY_WORKER))
    response = client.get(reverse("clients:client-search"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private"


def test_audit_events_cannot_be_changed_or_deleted(make_user):
    from django.db import DatabaseError, transaction

    event = AuditEvent.objects.create(action=AuditEvent.Action.LOGIN, username="x")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(username="y")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
