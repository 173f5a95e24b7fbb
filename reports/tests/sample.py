"""The public sample for the report tests (found by dip.tests.sample as ../shared)."""

from dip.tests.sample import *  # noqa: F401,F403

AREAS = ["DOR", "WYK", "DBY"]
