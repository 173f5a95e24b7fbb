"""Enforcement through the pages (warning drafted and issued, breach clock, breach pack in HTML and PDF),
the work queue, tests under the order, and the progress report before a review."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from dip.models import AuditEvent
from supervision import clocks
from supervision.models import DrrAppointment, DrrBreach, DrrReview, DrrTest, DrrWarning
from supervision.pdf import weasyprint_or_none
from supervision.tests.factories import AppointmentFactory


def _record(web, appointment, outcome, **extra):
    response = web.post(reverse("supervision:appointment-outcome", args=[appointment.pk]), {"outcome": outcome, **extra})
    assert response.status_code == 302 and "/supervision/orders/" in response["Location"], response


def _today_str(day):
    return {"_0": day.day, "_1": day.month, "_2": day.year}


def test_unacceptable_absence_then_warning_then_breach_with_its_deadline(probation, signed_in):
    order = probation.order()
    first = AppointmentFactory(drr_order=order, scheduled_at=timezone.now() - datetime.timedelta(days=9))
    second = AppointmentFactory(drr_order=order, scheduled_at=timezone.now() - datetime.timedelta(days=2))
    web = signed_in(probation.officer)
    _record(web, first, "unacceptable_absence")
    page = web.get(order.get_absolute_url()).content.decode()
    assert "Warning due" in page

    form = web.get(reverse("supervision:warning-issue", args=[first.pk])).content.decode()
    assert "unacceptable" in form and "within 12 months" in form and "brought back before the court" in form
    today = timezone.localdate()
    # Issued the day after the first failure, before the second: the second is "a further failure".
    data = {f"issued_on{k}": v for k, v in _today_str(first.scheduled_day + datetime.timedelta(days=1)).items()}
    response = web.post(reverse("supervision:warning-issue", args=[first.pk]), {**data, "letter": "Edited letter text"})
    warning = DrrWarning.objects.get()
    assert response["Location"] == reverse("supervision:warning-letter", args=[warning.pk])
    assert warning.letter == "Edited letter text" and warning.issued_by == probation.officer
    assert "Edited letter text" in web.get(response["Location"]).content.decode()
    # A second warning for the same failure is refused.
    again = web.post(reverse("supervision:warning-issue", args=[first.pk]), {**data, "letter": "Again"})
    assert again.status_code == 400 and DrrWarning.objects.count() == 1

    _record(web, second, "unacceptable_absence")
    deadline = clocks.breach_deadline(second.scheduled_day)
    due_text = f"{deadline:%-d %b %Y}"
    assert f"Breach due by {due_text}" in web.get(reverse("supervision:caseload")).content.decode()
    assert f"Breach due by {deadline:%-d %B %Y}" in web.get(reverse("dip:home")).content.decode()
    # A warning is refused now: it is breach that is due.
    assert web.post(reverse("supervision:warning-issue", args=[second.pk]), {**data, "letter": "x"}).status_code == 400

    form = web.get(reverse("supervision:breach-initiate", args=[second.pk])).content.decode()
    assert "failed without reasonable excuse" in form
    data = {f"initiated_on{k}": v for k, v in _today_str(today).items()}
    response = web.post(reverse("supervision:breach-initiate", args=[second.pk]), {**data, "summary": "Two failures."})
    breach = DrrBreach.objects.get()
    assert response["Location"] == reverse("supervision:breach-pack", args=[breach.pk])
    pack = web.get(response["Location"]).content.decode()
    assert "Two failures." in pack and "Issued" in pack and "working day" in pack
    assert "Breach due" not in web.get(order.get_absolute_url()).content.decode()


@pytest.mark.skipif(weasyprint_or_none() is None, reason="WeasyPrint or Pango is not installed on this machine")
def test_breach_pack_pdf_is_a_pdf_and_audited_as_printed(probation, signed_in):
    order = probation.order()
    failure = AppointmentFactory(drr_order=order, outcome="unacceptable_absence")
    breach = DrrBreach.objects.create(drr_order=order, failure=failure, initiated_on=timezone.localdate(), summary="S")
    web = signed_in(probation.officer)
    response = web.get(reverse("supervision:breach-pack-pdf", args=[breach.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="print", object_type="supervision.drrbreach").count() == 1


def test_imported_unacceptable_absence_makes_no_task(probation, signed_in):
    order = probation.order()
    AppointmentFactory(drr_order=order, outcome="unacceptable_absence")  # no outcome_recorded_at: history
    web = signed_in(probation.officer)
    assert "Warning due" not in web.get(order.get_absolute_url()).content.decode()
    assert "No warning or breach is due." in web.get(reverse("dip:home")).content.decode()


def test_evidence_window_closes_after_five_working_days(probation, signed_in):
    order = probation.order(start_date=datetime.date(2025, 1, 7), sentence_date=datetime.date(2025, 1, 6),
                            end_date=datetime.date(2026, 1, 6))
    appointment = AppointmentFactory(drr_order=order, scheduled_at=datetime.datetime(2025, 4, 17, 10, tzinfo=clocks.LONDON))
    with time_machine.travel(datetime.datetime(2025, 4, 22, 9, tzinfo=clocks.LONDON)):
        web = signed_in(probation.officer)  # signed in at the travelled time, so the session is fresh
        _record(web, appointment, "awaiting_evidence", absence_reason="illness")
        home = web.get(reverse("dip:home")).content.decode()
        assert "Evidence window closes 28 April 2025" in home
        assert "Overdue" not in home.split("Evidence windows")[1].split("</ul>")[0]
    with time_machine.travel(datetime.datetime(2025, 4, 29, 9, tzinfo=clocks.LONDON)):
        web = signed_in(probation.officer)
        home = web.get(reverse("dip:home")).content.decode()
        assert "Overdue" in home.split("Evidence windows")[1].split("</ul>")[0]


def test_a_positive_result_says_it_is_not_a_failure_and_the_officer_is_told(probation, signed_in):
    order = probation.order()
    web = signed_in(probation.officer)
    moment = timezone.localtime() - datetime.timedelta(hours=1)
    data = {"taken_at_0": moment.day, "taken_at_1": moment.month, "taken_at_2": moment.year,
            "taken_at_3": moment.strftime("%H:%M"), "directed_by": "responsible_officer"}
    assert web.post(reverse("supervision:test-direct", args=[order.pk]), data).status_code == 302
    test = DrrTest.objects.get()
    response = web.post(reverse("supervision:test-result", args=[test.pk]),
                        {"outcome": "taken", "result": "positive", "substances": ["opiates", "cocaine"]}, follow=True)
    assert "not a failure to comply" in response.content.decode()
    test.refresh_from_db()
    assert test.officer_told_at and "Statutory" in test.officer_told_basis
    refused = web.post(reverse("supervision:test-result", args=[test.pk]), {"outcome": "refused", "result": "negative"})
    assert refused.status_code == 400  # a result only for a test taken


def test_progress_report_draws_on_the_record_and_the_providers_view(probation, signed_in):
    from clients.models import ClientRelation

    order = probation.order(provider=probation.provider)
    ClientRelation.objects.create(client=order.client, team=probation.treatment, reason="referred_to")
    DrrTest.objects.create(drr_order=order, taken_at=timezone.now() - datetime.timedelta(days=3), outcome="taken",
                           result="negative")
    AppointmentFactory(drr_order=order, outcome="attended")
    review = DrrReview.objects.create(drr_order=order, hearing_date=timezone.localdate() + datetime.timedelta(days=5),
                                      court="Bournemouth Magistrates' Court")
    provider = signed_in(probation.provider_worker)
    assert provider.post(reverse("supervision:provider-view", args=[review.pk]),
                         {"provider_view": "Engaging well with key work."}).status_code == 302
    provider.logout()
    web = signed_in(probation.officer)
    assert "Write the progress report" in web.get(reverse("dip:home")).content.decode()
    response = web.post(reverse("supervision:review-report", args=[review.pk]),
                        {"progress": "Good progress.", "recommendation": "Continue.", "submit_report": "on"}, follow=True)
    page = response.content.decode()
    assert "Engaging well with key work." in page and "1 taken, 0 positive" in page and "1 attended of 1 due" in page
    review.refresh_from_db()
    assert review.report_submitted_at is not None


def test_reviews_are_at_least_a_month_apart(probation, signed_in):
    order = probation.order()
    DrrReview.objects.create(drr_order=order, hearing_date=datetime.date(2026, 1, 10), court="C")
    web = signed_in(probation.officer)
    data = {"hearing_date_0": 1, "hearing_date_1": 2, "hearing_date_2": 2026, "court": "C"}
    response = web.post(reverse("supervision:review-schedule", args=[order.pk]), data)
    assert response.status_code == 400 and "at least a month apart" in response.content.decode()
    assert web.post(reverse("supervision:review-schedule", args=[order.pk]), {**data, "hearing_date_0": 10}).status_code == 302


def test_work_queue_lists_outcomes_to_record_and_missing_tests(probation, signed_in):
    order = probation.order()
    AppointmentFactory(drr_order=order)
    web = signed_in(probation.officer)
    home = web.get(reverse("dip:home")).content.decode()
    assert "Appointment outcomes to record" in home and str(order.client) in home
    assert "0 of 2 tests taken this week" in home
    assert not DrrAppointment.objects.exclude(outcome="").exists()


def test_a_review_before_an_existing_one_is_also_a_month_away(probation):
    from django.core.exceptions import ValidationError

    from supervision import services

    order = probation.order()
    services.review_schedule(user=probation.officer, order=order, hearing_date=datetime.date(2026, 3, 10), court="C")
    with pytest.raises(ValidationError):
        services.review_schedule(user=probation.officer, order=order, hearing_date=datetime.date(2026, 2, 20), court="C")
    services.review_schedule(user=probation.officer, order=order, hearing_date=datetime.date(2026, 2, 10), court="C")
    assert order.reviews.count() == 2


def test_caseload_and_order_page_agree_when_an_earlier_warning_was_in_force_on_the_failure_day(probation, signed_in):
    """Warning 1 answers failure A; failure B (open) falls in its year; a later warning 2 answers failure C. The
    action for B is breach on both pages: the caseload must not look at the latest warning only."""
    order = probation.order()
    now = timezone.now()
    a, b, c = (AppointmentFactory(drr_order=order, scheduled_at=now - datetime.timedelta(days=days),
                                  outcome="unacceptable_absence", outcome_recorded_at=now - datetime.timedelta(days=days))
               for days in (30, 20, 10))
    DrrWarning.objects.create(drr_order=order, failure=a, issued_on=a.scheduled_day + datetime.timedelta(days=1))
    DrrWarning.objects.create(drr_order=order, failure=c, issued_on=c.scheduled_day + datetime.timedelta(days=1))
    web = signed_in(probation.officer)
    deadline = clocks.breach_deadline(b.scheduled_day)
    page = web.get(order.get_absolute_url()).content.decode()
    assert f"<strong>Breach due</strong> for the unacceptable absence on {timezone.localtime(b.scheduled_at):%-d %B %Y}" in page
    assert f"by {deadline:%-d %B %Y}" in page and "Warning due" not in page
    caseload = web.get(reverse("supervision:caseload")).content.decode()
    assert f"Breach due by {deadline:%-d %b %Y}" in caseload and "Warning due" not in caseload
