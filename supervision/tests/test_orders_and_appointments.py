"""Orders and appointments through the pages: recording, rules kept on the form, weekly series, clashes,
outcomes, the day sheet and reassignment."""

import datetime
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone

from clients.models import ClientRelation
from dip.models import AuditEvent
from supervision.models import DrrAppointment, DrrOrder
from supervision.tests.factories import AppointmentFactory

LONDON = ZoneInfo("Europe/London")


def _date(prefix, day):
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def _order_data(p, **overrides):
    data = {"order_type": "community_order", "court": "Bournemouth Magistrates' Court", "intensity": "medium",
            **_date("sentence_date", datetime.date(2025, 3, 3)), **_date("start_date", datetime.date(2025, 3, 4)),
            **_date("end_date", datetime.date(2026, 6, 3)), "provider": p.provider.pk,
            "responsible_officer": p.officer.pk, "later_tests_per_week": 1}
    data.update(overrides)
    return data


def test_officer_records_an_order_and_the_team_supervises_the_client(probation, signed_in):
    web = signed_in(probation.officer)
    before = AuditEvent.objects.count()
    response = web.post(reverse("supervision:order-create", args=[probation.client.pk]), _order_data(probation))
    order = DrrOrder.objects.get()
    assert response.status_code == 302 and response["Location"] == order.get_absolute_url()
    assert (order.team, order.responsible_officer, order.area) == (probation.team, probation.officer, probation.area)
    assert order.reviews_required  # 15 months
    assert ClientRelation.objects.filter(client=probation.client, team=probation.team, reason="supervises").exists()
    assert AuditEvent.objects.count() - before == 1
    page = web.get(order.get_absolute_url())
    assert b"Reviews are required" in page.content


def test_a_refused_order_keeps_what_was_typed(probation, signed_in):
    web = signed_in(probation.officer)
    data = _order_data(probation, court="Poole Crown Court", **_date("end_date", datetime.date(2028, 3, 5)))
    response = web.post(reverse("supervision:order-create", args=[probation.client.pk]), data)
    assert response.status_code == 400
    assert "at most 3 years" in response.content.decode()
    assert 'value="Poole Crown Court"' in response.content.decode()
    assert not DrrOrder.objects.exists()


def test_weekly_series_keeps_ten_oclock_across_the_march_clock_change(probation, signed_in):
    order = probation.order()
    web = signed_in(probation.officer)
    data = {"kind": "offender_manager", **_date("first_at", datetime.date(2025, 3, 18)), "first_at_3": "10:00",
            "weeks": 4, "location": "Bournemouth office"}
    response = web.post(reverse("supervision:appointment-create", args=[order.pk]), data)
    assert response.status_code == 302
    times = [a.scheduled_at for a in DrrAppointment.objects.order_by("scheduled_at")]
    assert [t.astimezone(LONDON).strftime("%a %d %H:%M") for t in times] == [
        "Tue 18 10:00", "Tue 25 10:00", "Tue 01 10:00", "Tue 08 10:00"]
    assert [t.astimezone(datetime.UTC).hour for t in times] == [10, 10, 9, 9]
    assert len({a.series for a in DrrAppointment.objects.all()}) == 1


def test_clashes_are_shown_before_saving_and_can_be_overridden(probation, signed_in):
    order = probation.order()
    other = probation.order(client=probation.client)  # a second order of the same client
    AppointmentFactory(drr_order=other, scheduled_at=datetime.datetime(2025, 4, 1, 10, 30, tzinfo=LONDON))
    web = signed_in(probation.officer)
    data = {"kind": "treatment", **_date("first_at", datetime.date(2025, 3, 25)), "first_at_3": "10:00", "weeks": 2}
    url = reverse("supervision:appointment-create", args=[order.pk])
    response = web.post(url, data)
    assert response.status_code == 400
    assert "clash" in response.content.decode() and "1 April 2025 10:30" in response.content.decode()
    assert DrrAppointment.objects.count() == 1
    assert web.post(url, {**data, "confirm_clashes": "on"}).status_code == 302
    assert DrrAppointment.objects.count() == 3


def test_an_outcome_cannot_be_recorded_before_the_appointment(probation, signed_in):
    appointment = AppointmentFactory(drr_order=probation.order(), scheduled_at=timezone.now() + datetime.timedelta(hours=3))
    web = signed_in(probation.officer)
    response = web.post(reverse("supervision:appointment-outcome", args=[appointment.pk]), {"outcome": "attended"})
    assert response.status_code == 400
    assert "before the appointment" in response.content.decode()
    appointment.refresh_from_db()
    assert appointment.outcome == ""


def test_an_acceptable_absence_needs_a_reason_and_evidence(probation, signed_in):
    appointment = AppointmentFactory(drr_order=probation.order())
    web = signed_in(probation.officer)
    url = reverse("supervision:appointment-outcome", args=[appointment.pk])
    response = web.post(url, {"outcome": "acceptable_absence"})
    assert response.status_code == 400 and "Select the reason" in response.content.decode()
    response = web.post(url, {"outcome": "acceptable_absence", "absence_reason": "illness", "evidence": "GP letter"})
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.outcome_recorded_by == probation.officer and appointment.outcome_recorded_at


def _day_sheet_appointments(probation):
    today = timezone.localdate()
    base = datetime.datetime.combine(today, datetime.time(0, 30), tzinfo=LONDON)
    if base > timezone.now():  # just after midnight: use yesterday's sheet
        base -= datetime.timedelta(days=1)
    first = AppointmentFactory(drr_order=probation.order(), scheduled_at=base)
    second = AppointmentFactory(drr_order=probation.order(), scheduled_at=base + datetime.timedelta(minutes=1))
    return base.date(), first, second


def test_day_sheet_records_many_outcomes_in_one_save_and_keeps_rows_on_error(probation, signed_in):
    day, first, second = _day_sheet_appointments(probation)
    web = signed_in(probation.officer)
    url = reverse("supervision:day-sheet") + f"?on_0={day.day}&on_1={day.month}&on_2={day.year}"
    page = web.get(url)
    assert page.status_code == 200 and str(first.drr_order.client) in page.content.decode()
    bad = {f"a{first.pk}-outcome": "attended", f"a{second.pk}-outcome": "acceptable_absence",
           f"a{second.pk}-evidence": "Typed evidence kept"}
    response = web.post(url, bad)
    assert response.status_code == 400
    assert "Select the reason" in response.content.decode() and "Typed evidence kept" in response.content.decode()
    assert not DrrAppointment.objects.exclude(outcome="").exists()  # all or nothing
    response = web.post(url, {**bad, f"a{second.pk}-absence_reason": "illness"})
    assert response.status_code == 302
    assert set(DrrAppointment.objects.values_list("outcome", flat=True)) == {"attended", "acceptable_absence"}


def test_manager_reassigns_an_order_and_allocates_an_imported_one(probation, signed_in):
    order = probation.order()
    imported = probation.order(team=None, responsible_officer=None)
    web = signed_in(probation.manager)
    caseload = web.get(reverse("supervision:caseload")).content.decode()
    assert "Not allocated" in caseload and str(imported.client) in caseload
    reassign = lambda o, officer: web.post(reverse("supervision:order-reassign", args=[o.pk]), {"officer": officer.pk})  # noqa: E731
    assert reassign(order, probation.colleague).status_code == 302
    assert reassign(imported, probation.officer).status_code == 302
    order.refresh_from_db(), imported.refresh_from_db()
    assert order.responsible_officer == probation.colleague
    assert imported.team == probation.team
    assert ClientRelation.objects.filter(client=imported.client, team=probation.team, reason="supervises").exists()
    assert AuditEvent.objects.filter(object_type="supervision.drrorder", action="update").count() == 2


def test_an_officer_cannot_reassign(probation, signed_in):
    order = probation.order()
    web = signed_in(probation.officer)
    assert web.get(reverse("supervision:order-reassign", args=[order.pk])).status_code == 403


def test_another_teams_order_in_the_same_area_is_not_found(probation, signed_in):
    theirs = probation.order(team=probation.other_team, responsible_officer=probation.other_officer)
    web = signed_in(probation.officer)
    assert web.get(theirs.get_absolute_url()).status_code == 404
    assert web.get(reverse("supervision:appointment-create", args=[theirs.pk])).status_code == 404
    assert str(theirs.client) not in web.get(reverse("supervision:caseload")).content.decode()


def test_a_provider_sees_only_its_clients_orders_and_only_in_summary(probation, signed_in):
    ours = probation.order(provider=probation.provider)
    ClientRelation.objects.create(client=ours.client, team=probation.treatment, reason="referred_to")
    theirs = probation.order()
    web = signed_in(probation.provider_worker)
    listing = web.get(reverse("supervision:provider-orders")).content.decode()
    assert str(ours.client) in listing and str(theirs.client) not in listing
    assert web.get(reverse("supervision:provider-order", args=[ours.pk])).status_code == 200
    assert web.get(reverse("supervision:provider-order", args=[theirs.pk])).status_code == 404
    assert web.get(ours.get_absolute_url()).status_code == 403  # never the whole order


def test_changing_the_order_keeps_its_rules(probation, signed_in):
    order = probation.order()
    web = signed_in(probation.officer)
    url = reverse("supervision:order-edit", args=[order.pk])
    assert 'value="Bournemouth Magistrates' in web.get(url).content.decode()
    data = _order_data(probation, later_tests_per_week=2, **_date("sentence_date", order.sentence_date),
                       **_date("start_date", order.start_date), **_date("end_date", order.end_date))
    assert web.post(url, data).status_code == 302
    order.refresh_from_db()
    assert order.later_tests_per_week == 2
    bad = {**data, **_date("start_date", order.sentence_date - datetime.timedelta(days=1))}
    response = web.post(url, bad)
    assert response.status_code == 400 and "not be before the sentence date" in response.content.decode()


def test_caseload_sorts_and_filters(probation, signed_in):
    calm = probation.order()
    due = probation.order()
    AppointmentFactory(drr_order=due, outcome="unacceptable_absence", outcome_recorded_at=timezone.now())
    theirs = probation.order(responsible_officer=probation.colleague)
    officer = signed_in(probation.officer)
    page = officer.get(reverse("supervision:caseload")).content.decode()
    assert page.index(str(due.client)) < page.index(str(calm.client))  # by default: what is due first
    assert str(theirs.client) not in page  # an officer's own caseload
    only_due = officer.get(reverse("supervision:caseload") + "?needs_action=on").content.decode()
    assert str(due.client) in only_due and str(calm.client) not in only_due
    officer.logout()
    manager = signed_in(probation.manager)
    team = manager.get(reverse("supervision:caseload") + "?sort=name").content.decode()
    assert all(str(o.client) in team for o in (calm, due, theirs))
    names = sorted([calm, due, theirs], key=lambda o: (o.client.family_name, o.client.given_name))
    assert [team.index(str(o.client)) for o in names] == sorted(team.index(str(o.client)) for o in names)
    colleague = manager.get(reverse("supervision:caseload") + f"?officer={probation.colleague.pk}").content.decode()
    assert str(theirs.client) in colleague and str(calm.client) not in colleague
    assert manager.get(reverse("supervision:caseload") + "?sort=nonsense").status_code == 400
