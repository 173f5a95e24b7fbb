from django.urls import reverse

from dip import roles, work_queue
from dip.tests.factories import UserFactory


def test_home_renders_registered_sections_in_order(signed_in, db, monkeypatch):
    monkeypatch.setattr(work_queue, "_PROVIDERS", [])
    work_queue.register(lambda user: work_queue.Section("Second", [work_queue.Item("B", "/b", "Do B")]), order=20)
    work_queue.register(lambda user: work_queue.Section("First", [work_queue.Item("A", "/a", "Do A", overdue=True)]), order=10)
    work_queue.register(lambda user: None, order=5)  # a section with nothing for this user is left out
    user = UserFactory(role=roles.CUSTODY_WORKER)
    page = signed_in(user).get(reverse("dip:home")).content.decode()
    assert page.index("First") < page.index("Second")
    assert 'href="/a"' in page and "Overdue" in page


def test_home_without_sections_is_still_the_work_queue(signed_in, db, monkeypatch):
    """The navigation's "Work queue" is a page of its own for every caseworker, even with nothing in it."""
    monkeypatch.setattr(work_queue, "_PROVIDERS", [])
    response = signed_in(UserFactory(role=roles.PROBATION_OFFICER)).get(reverse("dip:home"))
    page = response.content.decode()
    assert response.status_code == 200 and "Nothing needs your attention" in page
    assert reverse("clients:client-search") in page
