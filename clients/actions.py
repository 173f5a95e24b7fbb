"""The client page's "Actions" list (dip.actions): each app registers a provider in its hooks.py.

    from clients import actions

    @actions.register(order=10)
    def drug_test_actions(client, user):
        if can_record_tests(user):
            yield actions.Action("Record a drug test", reverse("testing:drugtest-create", args=[client.pk]))

Orders: 10 drug tests, 20 required assessments, 30 assessments, 40 referrals.
"""

from dip.actions import Action, Registry

__all__ = ["Action", "actions_for", "register"]

client_page = Registry()
register = client_page.register
actions_for = client_page.actions_for
