from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Submit
from django import forms
from django.utils import timezone

from reports import access
from reports.periods import Period

MONTHS_OFFERED = 36


def month_choices(today) -> list[tuple[str, str]]:
    this_month = Period.month(today.year, today.month)
    months = [this_month.shifted(-back) for back in range(MONTHS_OFFERED)]
    return [(m.label, m.title) for m in months]


class ReportRequestForm(forms.Form):
    period = forms.ChoiceField(label="Month", error_messages={"required": "Select the month",
                                                              "invalid_choice": "Select a month from the list"})
    areas = forms.MultipleChoiceField(
        label="Areas", widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one area", "invalid_choice": "Select areas from the list"},
    )
    published = forms.TypedChoiceField(
        label="Which report", widget=forms.RadioSelect, coerce=lambda value: value == "published",
        choices=[("published", "Published: small numbers suppressed, for sharing"),
                 ("unsuppressed", "Unsuppressed: every number, not for publication")],
        initial="published", error_messages={"required": "Select which report"},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["period"].choices = month_choices(today)
        self.fields["period"].initial = Period.month(today.year, today.month).previous().label
        choices = access.area_choices(user)
        self.fields["areas"].choices = choices
        if len(choices) == 1:
            self.fields["areas"].initial = [choices[0][0]]
        layout = [Field.select("period"), Field.checkboxes("areas")]
        if access.may_see_unsuppressed(user):
            layout.append(Field.radios("published"))
        else:
            del self.fields["published"]
        self.helper = FormHelper()
        self.helper.form_tag = False  # the template has the <form>: no form inside a form
        self.helper.layout = Layout(*layout, Submit("submit", "Request report"))

    def clean_period(self) -> Period:
        return Period.parse(self.cleaned_data["period"])

    def wants_published(self) -> bool:
        return self.cleaned_data.get("published", True)
