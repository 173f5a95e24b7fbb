"""The DT1 rules (issue 3): age by stage on the local date, the dated trigger list, inspector authority,
sample times, disputes and the five-working-day laboratory clock."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from dip.tests.factories import CustodySuiteFactory
from testing.models import DrugTest, TriggerOffence
from testing.tests.factories import ClientFactory, DrugTestFactory, local

D = datetime.date
pytestmark = pytest.mark.django_db


def errors_of(test: DrugTest) -> dict:
    try:
        test.full_clean()
    except ValidationError as error:
        return error.message_dict
    return {}


def build(**kwargs) -> DrugTest:
    """An unsaved test whose client and suite are saved, so that full_clean() can run."""
    client = kwargs.pop("client", None) or ClientFactory()
    return DrugTestFactory.build(client=client, custody_suite=CustodySuiteFactory(area=client.area), **kwargs)


# --- age --------------------------------------------------------------------------------------


def test_arrest_stage_allows_the_18th_birthday_by_the_london_date():
    # 00:30 BST on 15 June is still 14 June in UTC: the local date decides, and it is the birthday.
    client = ClientFactory(date_of_birth=D(2007, 6, 15))
    test = build(client=client, requested_at=local(2025, 6, 15, 0, 30))
    assert test.requested_at.astimezone(datetime.UTC).date() == D(2025, 6, 14)
    assert errors_of(test) == {}


def test_arrest_stage_refuses_the_day_before_the_18th_birthday():
    client = ClientFactory(date_of_birth=D(2007, 6, 15))
    test = build(client=client, requested_at=local(2025, 6, 14, 23, 59))
    assert "18 or over" in errors_of(test)["stage"][0]


def test_leap_day_birthday_turns_18_on_1_march_in_a_common_year():
    client = ClientFactory(date_of_birth=D(2004, 2, 29))
    assert "stage" in errors_of(build(client=client, requested_at=local(2022, 2, 28, 12, 0)))
    assert errors_of(build(client=client, requested_at=local(2022, 3, 1, 0, 5))) == {}


def test_charge_stage_allows_14_with_an_appropriate_adult():
    client = ClientFactory(date_of_birth=D(2011, 3, 3))
    test = build(client=client, stage=DrugTest.Stage.CHARGE, requested_at=local(2025, 3, 3, 9, 0))
    assert "appropriate_adult_present" in errors_of(test)
    test.appropriate_adult_present = True
    assert errors_of(test) == {}


def test_charge_stage_refuses_13():
    client = ClientFactory(date_of_birth=D(2011, 3, 4))
    test = build(client=client, stage=DrugTest.Stage.CHARGE, requested_at=local(2025, 3, 3, 9, 0),
                 appropriate_adult_present=True)
    assert "14 or over" in errors_of(test)["stage"][0]


def test_arrest_stage_refuses_17_even_with_an_appropriate_adult():
    client = ClientFactory(date_of_birth=D(2008, 1, 1))
    test = build(client=client, requested_at=local(2025, 3, 3, 9, 0), appropriate_adult_present=True)
    assert "stage" in errors_of(test)



# --- trigger offences and authority ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "day", "on_list"),
    [
        ("theft-act-1968-s22", D(2004, 7, 26), False),  # handling stolen goods: added 27 July 2004
        ("theft-act-1968-s22", D(2004, 7, 27), True),
        ("theft-act-1968-s15", D(2007, 1, 14), True),  # deception: removed 15 January 2007
        ("theft-act-1968-s15", D(2007, 1, 15), False),
        ("fraud-act-2006-s1", D(2007, 1, 14), False),  # Fraud Act offences: added 15 January 2007
        ("fraud-act-2006-s1", D(2007, 1, 15), True),
        ("fraud-act-2006-s6", D(2007, 1, 15), True),
        ("attempt-deception", D(2007, 1, 15), False),
        ("theft-act-1968-s1", D(2003, 5, 1), True),
    ],
)
def test_trigger_list_as_it_stood_on_the_day(code, day, on_list):
    assert TriggerOffence.objects.in_force_on(day).filter(code=code).exists() is on_list
    assert TriggerOffence.objects.get(code=code).in_force_on(day) is on_list


def test_the_arrest_date_decides_not_the_request_date():
    # Arrested before midnight on 14 January 2007 for deception, tested after midnight: still a trigger offence.
    client = ClientFactory(date_of_birth=D(1980, 1, 1))
    deception = TriggerOffence.objects.get(code="theft-act-1968-s15")
    test = build(client=client, trigger_offence=deception, arrested_at=local(2007, 1, 14, 23, 0),
                 requested_at=local(2007, 1, 15, 1, 0))
    assert errors_of(test) == {}
    test.arrested_at = local(2007, 1, 15, 0, 10)
    assert "inspector must authorise" in errors_of(test)["trigger_offence"][0]


def test_fraud_before_the_fraud_act_needs_an_inspector():
    client = ClientFactory(date_of_birth=D(1980, 1, 1))
    fraud = TriggerOffence.objects.get(code="fraud-act-2006-s1")
    test = build(client=client, trigger_offence=fraud, requested_at=local(2007, 1, 14, 12, 0))
    assert "trigger_offence" in errors_of(test)
    test.requested_at = local(2007, 1, 15, 12, 0)
    test.sampled_at = local(2007, 1, 15, 12, 5)
    assert errors_of(test) == {}


def test_trigger_basis_needs_an_offence():
    test = build(trigger_offence=None)
    assert errors_of(test)["trigger_offence"] == ["Select the trigger offence, or record an inspector's authority"]


def test_inspector_authority_is_required_for_a_non_trigger_offence():
    test = build(basis=DrugTest.Basis.INSPECTOR_AUTHORISED, trigger_offence=None, offence="Criminal damage")
    errors = errors_of(test)
    assert set(errors) == {"inspector_name", "inspector_rank", "authorisation_grounds", "authorisation_mode"}
    test.inspector_name, test.inspector_rank = "Insp. A Khan", DrugTest.Rank.INSPECTOR
    test.authorisation_grounds, test.authorisation_mode = "Seen injecting before arrest", DrugTest.AuthorisationMode.ORAL
    assert errors_of(test) == {}


# --- sample and result ------------------------------------------------------------------------------


def test_a_result_needs_a_sample_time_not_before_the_request():
    test = build(sampled_at=None)
    assert errors_of(test)["sampled_at"] == ["Enter the time the sample was taken"]
    test.sampled_at = test.requested_at - datetime.timedelta(minutes=1)
    assert errors_of(test)["sampled_at"] == ["The sample time must not be before the request"]
    test.sampled_at = test.requested_at
    assert errors_of(test) == {}


def test_a_result_needs_both_readings_and_a_refusal_none():
    assert set(errors_of(build(opiates="", cocaine=""))) == {"opiates", "cocaine"}
    assert "outcome" in errors_of(build(outcome=DrugTest.Outcome.REFUSED, sampled_at=None))
    assert errors_of(build(outcome=DrugTest.Outcome.REFUSED, sampled_at=None, opiates="", cocaine="")) == {}


def test_future_times_are_refused():
    from django.utils import timezone

    soon = timezone.now() + datetime.timedelta(hours=1)
    assert "requested_at" in errors_of(build(requested_at=soon, sampled_at=soon))


# --- disputes and the laboratory ---------------------------------------------------------------------


def test_confirmation_only_for_a_disputed_positive():
    negative = build(disputed=True)
    assert errors_of(negative)["disputed"] == ["Only a positive result can be disputed"]
    undisputed = build(positive=True, confirmation=DrugTest.Confirmation.CONFIRMED)
    assert "confirmation" in errors_of(undisputed)
    disputed = build(positive=True, disputed=True, confirmation=DrugTest.Confirmation.CONFIRMED)
    assert errors_of(disputed) == {}


def test_a_disputed_positive_awaiting_the_laboratory_is_positive_until_not_confirmed():
    test = DrugTestFactory(positive=True, disputed=True, sent_to_laboratory_at=local(2025, 3, 3, 12, 0))
    assert test.is_positive and test.awaiting_laboratory
    assert list(DrugTest.objects.positive()) == [test]
    assert list(DrugTest.objects.awaiting_laboratory()) == [test]
    test.confirmation = DrugTest.Confirmation.NOT_CONFIRMED
    test.save()
    assert not test.is_positive and not test.awaiting_laboratory and test.result_summary == "neg"
    assert not DrugTest.objects.positive().exists()
    assert not DrugTest.objects.awaiting_laboratory().exists()


def test_confirmed_positive_stays_positive():
    test = DrugTestFactory(positive=True, cocaine="positive", disputed=True, confirmation="confirmed")
    assert test.is_positive and test.result_summary == "pos_both"
    assert DrugTest.objects.positive().get() == test


def test_laboratory_due_five_working_days_after_dispatch_across_a_bank_holiday():
    # Sent Friday 22 August 2025; Monday 25 August is the summer bank holiday.
    test = DrugTestFactory.build(positive=True, disputed=True, sent_to_laboratory_at=local(2025, 8, 22, 15, 0))
    assert test.laboratory_due == D(2025, 9, 1)
    assert not test.laboratory_overdue(today=D(2025, 9, 1))
    assert test.laboratory_overdue(today=D(2025, 9, 2))
    assert test.earliest_assessment_date == D(2025, 9, 1)


def test_laboratory_clock_starts_on_the_london_dispatch_date():
    # 00:30 BST on Tuesday 26 August is still Monday (the bank holiday) in UTC.
    test = DrugTestFactory.build(positive=True, disputed=True, sent_to_laboratory_at=local(2025, 8, 26, 0, 30))
    assert test.laboratory_due == D(2025, 9, 2)


def test_confirmed_test_is_never_overdue():
    test = DrugTestFactory.build(positive=True, disputed=True, sent_to_laboratory_at=local(2025, 8, 22, 15, 0),
                                 confirmation="confirmed")
    assert not test.laboratory_overdue(today=D(2025, 12, 1))


def test_sample_cannot_reach_the_laboratory_before_it_was_taken():
    test = build(positive=True, disputed=True, sent_to_laboratory_at=local(2025, 3, 3, 9, 0))
    assert "sent_to_laboratory_at" in errors_of(test)


# --- assessment decision -------------------------------------------------------------------------------


def test_assessment_imposed_only_after_a_positive_test_of_an_adult():
    assert "assessment_decision" in errors_of(build(assessment_decision="imposed"))
    assert errors_of(build(positive=True, assessment_decision="imposed")) == {}
    assert errors_of(build(positive=True, assessment_decision="not_imposed"))["assessment_decision_reason"]


def test_awaiting_assessment_decision_queryset():
    positive = DrugTestFactory(positive=True)
    DrugTestFactory()
    DrugTestFactory(positive=True, assessment_decision="imposed")
    assert list(DrugTest.objects.awaiting_assessment_decision()) == [positive]
    assert positive.awaits_assessment_decision
