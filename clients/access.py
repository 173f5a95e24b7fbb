"""Access helpers for views: fetch a person-level object through visible_to, or 404."""

from django.shortcuts import get_object_or_404

from clients.models import Client


def get_client_for_user(user, pk: int) -> Client:
    """The client if this user may see them; 404 otherwise, so existence is not revealed."""
    return get_object_or_404(Client.objects.visible_to(user).select_related("area"), pk=pk)
