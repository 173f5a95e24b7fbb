from django.core.exceptions import ValidationError


class MaximumLengthValidator:
    """Passwords up to 128 characters (ASVS 4.0.3 2.1.2: allow at least 64, refuse more than 128)."""

    def __init__(self, max_length: int = 128):
        self.max_length = max_length

    def validate(self, password, user=None):
        if len(password) > self.max_length:
            raise ValidationError(
                f"This password is too long. It must contain at most {self.max_length} characters.",
                code="password_too_long",
            )

    def get_help_text(self):
        return f"Your password must contain at most {self.max_length} characters."
