"""The referral page's "Next steps" (dip.actions): apps above referrals register providers in their hooks.py.

    from referrals import actions

    @actions.register(order=10)
    def aftercare_offer(referral, user):
        yield actions.Action("Offer after-care", url)

Orders: 10 after-care (throughcare).
"""

from dip.actions import Action, Registry

__all__ = ["Action", "actions_for", "register"]

referral_page = Registry()
register = referral_page.register
actions_for = referral_page.actions_for
