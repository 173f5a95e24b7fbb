"""Keep the name search keys (ClientName) in step with every saved client and alias."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from clients.models import Client, ClientAlias
from clients.search import index_client


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
