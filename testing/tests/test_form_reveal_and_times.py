"""The drug test form: a future time names its field and links to it in the error summary (dip/fields.py, for
every split date-time field); the inspector's authority and the appropriate adult are shown only when they apply
(GOV.UK conditional reveal), and the server ignores hidden ones (the form works without JavaScript)."""

import datetime
import re

import pytest
from django import forms
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from dip.fields import SplitDateTimeField
from testing.models import DrugTest
from testing.tests.factories import ClientFactory
from testing.tests.test_views import dt1, person, recent, split, suite, team, worker  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


class Times(forms.Form):
    arrested_at = SplitDateTimeField(label="Time of arrest", past_only=True)
    requested_at = SplitDateTimeField(label="Time the sample was requested", past_only=True)


def test_each_future_time_names_its_field_and_the_summary_links_to_it():
    ahead = timezone.now() + datetime.timedelta(hours=2)
    form = Times({**split("arrested_at", ahead), **split("requested_at", ahead)})
    assert not form.is_valid()
    summary = Template("{% load crispy_forms_gds %}{% error_summary form %}").render(Context({"form": form}))
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary)
    assert [target for target, _ in links] == ["id_arrested_at_0", "id_requested_at_0"]
    assert links[0][1].startswith("Time of arrest must be now or in the past")
    assert links[1][1].startswith("Time the sample was requested must be now or in the past")
    assert f"{timezone.localtime(ahead):%H:%M}" in links[0][1]  # the time entered, and now, are named


def test_a_few_minutes_of_clock_difference_is_accepted():
    form = Times({**split("arrested_at", timezone.now() + datetime.timedelta(minutes=2)),
                  **split("requested_at", timezone.now())})
    assert form.is_valid(), form.errors


def test_the_drug_test_page_names_each_future_time(signed_in, worker, person, suite):  # noqa: F811
    ahead = timezone.now() + datetime.timedelta(hours=3)
    data = dt1(suite, ahead, **split("arrested_at", ahead))
    response = signed_in(worker).post(reverse("testing:drugtest-create", kwargs={"client_pk": person.pk}), data)
    page = response.content.decode()
    assert response.status_code == 400
    for target, label in (("arrested_at", "Time of arrest"), ("requested_at", "Time the sample was requested"),
                          ("sampled_at", "Time the sample was taken")):
        assert re.search(rf'<a href="#id_{target}_0">{label} must be now or in the past', page), target
    assert "The time must not be in the future" not in page


def test_inspector_fields_are_revealed_by_their_answer(signed_in, worker, person, suite):  # noqa: F811
    page = signed_in(worker).get(reverse("testing:drugtest-create", kwargs={"client_pk": person.pk})).content.decode()
    block = re.search(r'<div class="govuk-radios__conditional[^"]*" id="([^"]+)">(.*?)</div>\s*</div>', page, re.S)
    assert block and 'name="inspector_name"' in block[2] and 'name="authorisation_grounds"' in block[2]
    assert re.search(rf'value="inspector_authorised"[^>]*aria-controls="{block[1]}"', page)
    # An adult of 37: no appropriate-adult question at all
    assert 'name="appropriate_adult_present"' not in page


def test_hidden_inspector_answers_are_ignored(signed_in, worker, person, suite):  # noqa: F811
    data = dt1(suite, recent(), inspector_name="Insp Grey", inspector_rank="inspector",
               authorisation_grounds="typed, then the basis changed", authorisation_mode="oral")
    response = signed_in(worker).post(reverse("testing:drugtest-create", kwargs={"client_pk": person.pk}), data)
    assert response.status_code == 302
    test = DrugTest.objects.get()
    assert (test.inspector_name, test.authorisation_grounds, test.authorisation_mode) == ("", "", "")


def test_the_appropriate_adult_is_asked_for_someone_who_may_be_under_17(signed_in, worker, suite, area):  # noqa: F811
    from clients.models import ClientRelation

    today = timezone.localdate()
    young = ClientFactory(area=area, date_of_birth=today.replace(year=today.year - 16) - datetime.timedelta(days=30))
    ClientRelation.objects.create(client=young, team=worker.team, reason="recorded")
    page = signed_in(worker).get(reverse("testing:drugtest-create", kwargs={"client_pk": young.pk})).content.decode()
    assert 'name="appropriate_adult_present"' in page and 'name="appropriate_adult_name"' in page
