"""Permission-matrix routes of custody-suite assessments (see dip/tests/matrix.py): each concern's module."""

from assessments.tests import matrix_assessment, matrix_bail, matrix_caution, matrix_custody

ROUTES = matrix_custody.ROUTES + matrix_assessment.ROUTES + matrix_bail.ROUTES + matrix_caution.ROUTES


def build(world) -> None:
    matrix_assessment.build(world)
    matrix_custody.build(world)
    matrix_bail.build(world)  # uses matrix_custody's positive tests
    matrix_caution.build(world)
