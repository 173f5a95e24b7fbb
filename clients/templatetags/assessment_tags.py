"""Template helpers for assessments on other pages (the client page's actions)."""

from django import template

register = template.Library()


@register.simple_tag
def assessment_draft(client, user):
    """The user's own draft assessment for this client, or None (one query)."""
    from clients.models_assessment import Assessment

    if not getattr(user, "can_change_case_records", False):
        return None
    return Assessment.objects.visible_to(user).drafts_of(user).filter(client=client).only("pk").first()
