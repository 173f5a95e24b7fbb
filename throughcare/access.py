"""Scoping for through-care pages: the client must be visible (clients.visible_to), and a treatment team
sees only the after-care of its own services."""

from django.core.exceptions import ValidationError

from throughcare.models import Aftercare, PrisonRelease


def releases_for(user):
    return PrisonRelease.objects.visible_to(user)


def aftercare_for(user):
    return Aftercare.objects.for_user(user)


def apply_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form, next to the field it names where the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
