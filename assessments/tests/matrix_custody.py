"""Permission matrix routes for required assessments (see dip/tests/matrix.py)."""

from assessments.tests import custody_factories as f
from dip.tests.matrix import CASEWORK, Route

READERS = CASEWORK | {"dpo"}
CUSTODY = {"custody_worker", "team_manager"}


def build(world) -> None:
    from dip import roles
    from dip.tests.factories import UserFactory

    worker = world.users["custody_worker"]
    # The other area's records are made by that area's worker, so that no relation reaches this area.
    other_worker = UserFactory(username="mx_ra_other_custody", role=roles.CUSTODY_WORKER, team=world.other_custody)
    world.ra = f.failed_initial(world.client, world.suite, worker)
    world.police_notification = world.ra.appointments.get().police_notification
    world.ra_done = f.follow_up_not_required(world.client, world.suite, worker, requested_at=f.at(2025, 4, 1, 9))
    world.undecided_test = f.positive_test(world.client, world.suite, f.at(2025, 5, 1, 9))
    world.other_ra = f.failed_initial(world.other_client, world.other_suite, other_worker)
    world.other_police_notification = world.other_ra.appointments.get().police_notification
    world.other_undecided_test = f.positive_test(world.other_client, world.other_suite, f.at(2025, 5, 1, 9))


def _ra(w):
    return {"pk": w.ra.pk}


def _other_ra(w):
    return {"pk": w.other_ra.pk}


def _notice(w):
    return {"pk": w.ra.pk, "appointment_pk": w.ra.appointments.get().pk}


def _other_notice(w):
    return {"pk": w.other_ra.pk, "appointment_pk": w.other_ra.appointments.get().pk}


def _test(w):
    return {"test_pk": w.undecided_test.pk}


def _other_test(w):
    return {"test_pk": w.other_undecided_test.pk}


def _note(w):
    return {"pk": w.police_notification.pk}


def _other_note(w):
    return {"pk": w.other_police_notification.pk}


ROUTES = [
    Route("assessments:ra-list", get=READERS, audited=True, kwargs=lambda w: {"client_pk": w.client.pk},
          other=lambda w: {"client_pk": w.other_client.pk}),
    Route("assessments:ra-detail", get=READERS, audited=True, kwargs=_ra, other=_other_ra),
    Route("assessments:ra-impose", get=CUSTODY, post=CUSTODY, audited=True, kwargs=_test, other=_other_test),
    Route("assessments:ra-not-imposed", get=CUSTODY, post=CUSTODY, audited=True, kwargs=_test, other=_other_test),
    Route("assessments:ra-vary", get=CUSTODY, post=CUSTODY, audited=True, kwargs=_ra, other=_other_ra),
    Route("assessments:ra-attendance", get=CUSTODY, post=CUSTODY, audited=True, kwargs=_ra, other=_other_ra),
    Route("assessments:ra-follow-up", get=CUSTODY, post=CUSTODY, audited=True, kwargs=_ra, other=_other_ra),
    Route("assessments:ra-outcome", get=CUSTODY, post=CUSTODY, audited=True, kwargs=_ra, other=_other_ra),
    Route("assessments:ra-withdraw", get=CUSTODY, post=CUSTODY, audited=True, kwargs=_ra, other=_other_ra),
    Route("assessments:ra-notice", get=READERS, audited=True, kwargs=_notice, other=_other_notice),
    Route("assessments:ra-notice-pdf", get=READERS, audited=True, kwargs=_notice, other=_other_notice),
    Route("assessments:ra-ra5", get=READERS, audited=True, kwargs=lambda w: {"pk": w.ra_done.pk}, other=_other_ra),
    Route("assessments:ra-ra5-pdf", get=READERS, audited=True, kwargs=lambda w: {"pk": w.ra_done.pk}, other=_other_ra),
    Route("assessments:ra-statement", get=READERS, post=CUSTODY, audited=True, kwargs=_note, other=_other_note),
    Route("assessments:ra-statement-sent", post=CUSTODY, kwargs=_note, other=_other_note),
    Route("assessments:ra-prosecution", post=CUSTODY, kwargs=_note, other=_other_note),
    Route("assessments:ra-statement-print", get=READERS, audited=True, kwargs=_note, other=_other_note),
    Route("assessments:ra-statement-pdf", get=READERS, audited=True, kwargs=_note, other=_other_note),
]
