from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms
from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password",
        "inactive": "This account is disabled",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages = {"required": "Enter your username"}
        self.fields["password"].error_messages = {"required": "Enter your password"}
        self.helper = FormHelper()
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
        self.helper.layout = Layout(Field.text("token", field_width=5), Submit("submit", "Continue"))

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].strip().replace(" ", "")
        if not token.isdigit() or len(token) != 6:
            raise forms.ValidationError("Enter the security code as 6 digits")
        if self.device is None or not self.device.verify_token(token):
            raise forms.ValidationError("Enter the current security code (codes change every 30 seconds)")
        return token


__all__ = ["LoginForm", "TokenForm", "Size"]
