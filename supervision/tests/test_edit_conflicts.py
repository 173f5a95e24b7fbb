"""Two people change the same order (reliability.md CONC-1 and CONC-2): exactly one save wins; the other sees a
conflict page with both versions and what they typed, and nothing of theirs is written until they save again."""

import re
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from conftest import sign_in
from dip import concurrency
from supervision.models import DrrOrder
from supervision.tests.test_orders_and_appointments import _date, _order_data


def _form_data(probation, order, **changes):
    return _order_data(probation, **_date("sentence_date", order.sentence_date), **_date("start_date", order.start_date),
                       **_date("end_date", order.end_date), **changes)


def _seen(page: str) -> str:
    return re.search(r'name="seen_version" value="([0-9a-f]+)"', page).group(1)


@pytest.mark.django_db
def test_the_second_save_of_a_stale_page_is_a_conflict_showing_both_versions(probation):
    order = probation.order()
    url = reverse("supervision:order-edit", args=[order.pk])
    officer, manager = sign_in(Client(), probation.officer), sign_in(Client(), probation.manager)
    seen = _seen(officer.get(url).content.decode())
    assert _seen(manager.get(url).content.decode()) == seen  # both opened the same version
    first = manager.post(url, {**_form_data(probation, order, court="Poole Magistrates' Court"), "seen_version": seen})
    assert first.status_code == 302
    second = officer.post(url, {**_form_data(probation, order, court="Weymouth Magistrates' Court",
                                              later_tests_per_week=3), "seen_version": seen})
    page = second.content.decode()
    assert second.status_code == 409
    assert "Someone else changed this order while you were editing it" in page and 'class="govuk-error-summary' in page
    assert re.search(r"Sentencing court</th><td[^>]*>Poole Magistrates&#x27; Court</td><td[^>]*>Weymouth", page)
    assert 'value="Weymouth Magistrates&#x27; Court"' in page  # what they typed is kept
    order.refresh_from_db()
    assert (order.court, order.later_tests_per_week) == ("Poole Magistrates' Court", 1)  # theirs not written
    # Saving again from the conflict page is a deliberate choice: it now carries the saved version.
    again = officer.post(url, {**_form_data(probation, order, court="Weymouth Magistrates' Court"),
                               "seen_version": _seen(page)})
    assert again.status_code == 302
    order.refresh_from_db()
    assert order.court == "Weymouth Magistrates' Court"


@pytest.mark.django_db(transaction=True)  # each thread its own connection: real row locks
def test_many_saves_of_the_same_version_at_once_commit_exactly_one(probation):
    order = probation.order()
    url = reverse("supervision:order-edit", args=[order.pk])
    seen = concurrency.fingerprint(order, [n for n in concurrency_fields()])
    statuses, start = [], threading.Barrier(8, timeout=30)
    clients = [sign_in(Client(), probation.officer) for _ in range(8)]

    def save(n):
        try:
            http = clients[n]
            start.wait()
            response = http.post(url, {**_form_data(probation, order, later_tests_per_week=n % 6 + 2),
                                       "seen_version": seen})
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [302] + [409] * 7
    assert DrrOrder.objects.get(pk=order.pk).later_tests_per_week != 1


def concurrency_fields():
    from supervision.views.orders import ORDER_FIELDS

    return ORDER_FIELDS
