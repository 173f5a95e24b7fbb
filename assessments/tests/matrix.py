"""Permission-matrix routes of custody-suite assessments (see dip/tests/matrix.py): both concerns' modules."""

from assessments.tests import matrix_assessment, matrix_custody

ROUTES = matrix_custody.ROUTES + matrix_assessment.ROUTES


def build(world) -> None:
    matrix_assessment.build(world)
    matrix_custody.build(world)
