"""What the clients app registers: emergency access in the managers' work queue (access-model.md), consent
decisions and access grants on the client's timeline, where a data protection officer gives the reason for
viewing a record (dip.audit), and the signal handlers that keep the name search keys (ClientName) in step
with every saved client and alias.

Imported by `autodiscover_modules("hooks")` (DipConfig.ready()).
"""

import datetime

from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone

from clients import timeline
from clients.access import active_grant, grant_text
from clients.models import AccessGrant, Client, ClientAlias, Consent
from clients.search import index_client
from dip import audit, permissions, work_queue

RECENT = datetime.timedelta(days=7)


def emergency_access(user):
    """Emergency access in the last week to clients related to the manager's team, by people outside it."""
    if not permissions.can_manage_team_caseload(user):
        return None
    grants = (
        AccessGrant.objects.filter(granted_at__gte=timezone.now() - RECENT, client__relations__team_id=user.team_id)
        .exclude(reason=AccessGrant.Reason.DATA_PROTECTION).exclude(user__team_id=user.team_id)
        .select_related("user", "client").order_by("-granted_at", "-pk").distinct()[:50]
    )
    items = [
        work_queue.Item(
            label=f"{grant.client}: emergency access by {grant.user.get_full_name() or grant.user.username}",
            url=reverse("clients:client-access", kwargs={"pk": grant.client_id}), client_id=grant.client_id,
            action="See who has accessed this record",
            due=grant.granted_at,
            hint=f"{grant.get_reason_display()}: {grant.detail}"[:200],
        )
        for grant in grants
    ]
    if not items:
        return None
    return work_queue.Section(title="Emergency access to your team's clients", items=items)


work_queue.register(emergency_access, order=70)


@timeline.register
def consent_entries(client, user) -> list:
    """Each consent decision (date-only: shown as its date, within the day by when recorded). One query."""
    rows = Consent.objects.visible_to(user).filter(client=client).current()
    return [timeline.Entry(at=c.decided_on, recorded_at=c.recorded_at, kind="Consent",
                           title=f"{c.get_scope_display()}: {c.get_decision_display().lower()}",
                           url=reverse("clients:client-detail", kwargs={"pk": client.pk}) + "#consent")
            for c in rows]


@timeline.register
def access_grant_entries(client, user) -> list:
    """Emergency access and data protection reasons for opening the record: shown to those who may read the
    access log, and to the person who was granted it. One query."""
    grants = AccessGrant.objects.filter(client=client).select_related("user")
    if not permissions.can_view_access_log(user):
        grants = grants.filter(Q(user_id=user.pk))
    url = reverse("clients:client-access", kwargs={"pk": client.pk}) if permissions.can_view_access_log(user) else ""
    return [timeline.Entry(at=g.granted_at, kind="Access", url=url,
                           title=("Reason given for opening the record" if g.reason == AccessGrant.Reason.DATA_PROTECTION
                                  else "Emergency access") + f" by {g.user.get_full_name() or g.user.username}",
                           detail=f"{g.get_reason_display()}: {g.detail}"[:200])
            for g in grants]


def _view_reason(user, client_id: int) -> str:
    grant = active_grant(user, client_id)
    return grant_text(grant) if grant is not None else ""


# A data protection officer's reason for each person-level page (dip.audit.record enforces it).
audit.register_view_reason(_view_reason, lambda client_id: reverse("clients:view-reason", kwargs={"pk": client_id}))


@receiver(post_save, sender=Client, dispatch_uid="clients_index_client")
def _client_saved(sender, instance, created=False, raw=False, **kwargs):
    if not raw:
        index_client(instance, created=created)


@receiver(post_save, sender=ClientAlias, dispatch_uid="clients_index_alias_saved")
@receiver(post_delete, sender=ClientAlias, dispatch_uid="clients_index_alias_deleted")
def _alias_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    client = Client.objects.filter(pk=instance.client_id).first()
    if client is not None:  # None while the client itself is being deleted
        index_client(client)
