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


def test_home_without_sections_goes_to_client_search(signed_in, db, monkeypatch):
    monkeypatch.setattr(work_queue, "_PROVIDERS", [])
    assert signed_in(UserFactory(role=roles.PROBATION_OFFICER)).get(reverse("dip:home")).url == reverse("clients:client-search")
