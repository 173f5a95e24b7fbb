"""Demo data of custody-suite assessments and court work (run by `manage.py seed_demo`, idempotent)."""

from assessments.demo import assessment, bail, caution, required


def seed(context: dict) -> None:
    # The order the two ran in when they were clients/demo_assessment.py and clients/demo_custody.py.
    assessment.seed(context)
    required.seed(context)
    bail.seed(context)
    caution.seed(context)
