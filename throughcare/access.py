"""Scoping for through-care pages: the client must be visible (clients.visible_to), and a treatment team
sees only the after-care of its own services."""

from django.core.exceptions import ValidationError

from dip.models import Team
from throughcare.models import Aftercare, PrisonRelease


def releases_for(user):
    return PrisonRelease.objects.visible_to(user)


def aftercare_for(user):
    qs = Aftercare.objects.visible_to(user)
    team = getattr(user, "team", None)
    if team is not None and team.kind == Team.Kind.TREATMENT:
        qs = qs.filter(provider__team=team)
    return qs


def is_team(user, kind: str) -> bool:
    return user.sees_person_records and user.team_id is not None and user.team.kind == kind


def apply_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form, next to the field it names where the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
