"""The drug test page's "Next steps" that belong to other apps (dip.actions), after the test's own steps.

A provider takes (drug test, user) and is asked only when the user may change the test. Orders: 10
required assessments.
"""

from dip.actions import Action, Registry

__all__ = ["Action", "drug_test_page", "register"]

drug_test_page = Registry()
register = drug_test_page.register
