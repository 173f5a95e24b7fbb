from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxLengthValidator
from django.forms.utils import ErrorDict

# Longest password accepted at sign-in: longer input is refused without hashing (ASVS allows up to 128).
MAX_PASSWORD_LENGTH = 1024


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password",
        "inactive": "This account is disabled",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages = {"required": "Enter your username"}
        self.fields["password"].error_messages = {"required": "Enter your password"}
        # AuthenticationForm sets max_length after the field is built, so no validator enforces it: an
        # over-long username would reach django-axes, whose 255-character column then fails with a 500.
        self.fields["username"].validators.append(MaxLengthValidator(self.fields["username"].max_length))
        self.fields["password"].validators.append(MaxLengthValidator(MAX_PASSWORD_LENGTH))
        self.helper = FormHelper()
        self.helper.form_tag = False  # the page's own <form> carries `next`: no form inside a form
        self.helper.layout = Layout(
            Field.text("username", field_width=20),
            Field.text("password", field_width=20),
            Submit("submit", "Sign in"),
        )


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Security code",
        help_text="The 6-digit code from your authenticator app",
        max_length=6,
        error_messages={"required": "Enter the 6-digit security code"},
    )

    def __init__(self, *args, device=None, **kwargs):
        self.device = device
        super().__init__(*args, **kwargs)
        self.fields["token"].widget.attrs.update({"autocomplete": "one-time-code", "inputmode": "numeric"})
        self.helper = FormHelper()
        self.helper.form_tag = False  # the page has the <form>: no form inside a form
        self.helper.layout = Layout(Field.text("token", field_width=5), Submit("submit", "Continue"))

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].strip().replace(" ", "")
        if not token.isdigit() or len(token) != 6:
            raise forms.ValidationError("Enter the security code as 6 digits")
        if self.device is None or not self.device.verify_token(token):
            raise forms.ValidationError("Enter the current security code (codes change every 30 seconds)")
        return token


def add_service_errors(form: forms.BaseForm, error: ValidationError, field_map: dict | None = None) -> None:
    """Put a service's ValidationError on the form: errors keyed by a field the form shows go next to it,
    every other one (no key, or a field this form does not have) at the top, so the GOV.UK error summary
    lists them all and the form still shows what the user typed.

    `field_map` (or the form's ERROR_FIELDS) renames a service's key to the form's field; None means "at
    the top". Safe on an unbound form too: a stale action met on a GET gets its message, never a 500.
    """
    if not hasattr(form, "cleaned_data"):
        if form.is_bound:
            form.full_clean()
        else:  # Django's add_error() needs these, and an unbound form never cleans
            form._errors, form.cleaned_data = ErrorDict(), {}
    mapping = {**getattr(form, "ERROR_FIELDS", {}), **(field_map or {})}
    items = error.error_dict.items() if hasattr(error, "error_dict") else [(NON_FIELD_ERRORS, error.error_list)]
    for key, errors in items:
        target = mapping.get(key, key)
        form.add_error(target if target in form.fields else None, errors)


__all__ = ["LoginForm", "TokenForm", "Size", "add_service_errors"]
