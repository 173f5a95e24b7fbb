"""Password policy: length, not composition (reliability.md AUTH-1)."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError


@pytest.mark.parametrize(
    "password",
    ["eleven char", "password1234", "x" * 129],
    ids=["11 characters", "common", "129 characters"],
)
def test_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


@pytest.mark.parametrize(
    "password",
    ["lowercase only here", "a" + "b7" * 31 + "c", "q" * 5 + "w9e" * 41],
    ids=["no digits or symbols needed", "64 characters", "128 characters"],
)
def test_accepted(password):
    validate_password(password)
