"""dip.forms.add_service_errors: the one way a service's ValidationError reaches a form."""

from django import forms
from django.core.exceptions import ValidationError

from dip.forms import add_service_errors


class NameForm(forms.Form):
    ERROR_FIELDS = {"scheduled_at": "day", "drug_test": None}
    name = forms.CharField()
    day = forms.CharField(required=False)


def test_field_errors_go_by_their_fields_and_the_rest_to_the_top_keeping_input():
    form = NameForm({"name": "Typed", "day": "Monday"})
    assert form.is_valid()
    add_service_errors(form, ValidationError({"name": "Too short", "postcode": "Not a field here", "__all__": "Top"}))
    assert form.errors["name"] == ["Too short"]
    assert form.non_field_errors() == ["Not a field here", "Top"]
    assert 'value="Typed"' in str(form["name"])


def test_the_forms_error_fields_rename_a_services_keys():
    form = NameForm({"name": "x"})
    form.is_valid()
    add_service_errors(form, ValidationError({"scheduled_at": "Too early", "drug_test": "Already decided"}))
    assert form.errors["day"] == ["Too early"] and form.non_field_errors() == ["Already decided"]


def test_a_message_without_a_field_and_an_unbound_form_never_fail():
    form = NameForm()  # a stale action met on a GET
    add_service_errors(form, ValidationError("This referral is now closed"))
    assert form.non_field_errors() == ["This referral is now closed"] and not form.is_valid()
    bound = NameForm({"name": ""})  # bound but not yet validated
    add_service_errors(bound, ValidationError(["One", "Two"]), field_map={"x": "name"})
    assert bound.non_field_errors() == ["One", "Two"] and bound.errors["name"] == ["This field is required."]
