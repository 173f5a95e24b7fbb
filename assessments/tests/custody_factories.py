"""Builders for required-assessment tests: the one place that knows how a positive testing.DrugTest is made."""

import datetime
import zoneinfo

from assessments.models.required import Attendance
from assessments.services import required as services

LONDON = zoneinfo.ZoneInfo("Europe/London")


def at(y, m, d, hh=10, mm=0) -> datetime.datetime:
    """A Europe/London local time as an aware datetime."""
    return datetime.datetime(y, m, d, hh, mm, tzinfo=LONDON)


def positive_test(client, suite, requested_at, *, disputed=False, sent_to_lab_at=None, opiates="positive",
                  cocaine="negative", confirmation="", **extra):
    from testing.tests.factories import DrugTestFactory

    return DrugTestFactory(
        client=client, custody_suite=suite, requested_at=requested_at, opiates=opiates, cocaine=cocaine,
        disputed=disputed, sent_to_laboratory_at=sent_to_lab_at, confirmation=confirmation, **extra,
    )


def imposed(client, suite, user, *, requested_at=None, scheduled_at=None, location="Interview room 1", assessor=None):
    requested_at = requested_at or at(2025, 3, 3, 9)
    test = positive_test(client, suite, requested_at)
    return services.required_assessment_impose(
        drug_test=test, user=user, imposed_at=requested_at + datetime.timedelta(hours=1),
        scheduled_at=scheduled_at or requested_at + datetime.timedelta(days=1), location=location, assessor=assessor,
        imposing_officer="PC 123 Smith",
    )


def failed_initial(client, suite, user, attendance=Attendance.FAILED_TO_ATTEND, **kwargs):
    ra = imposed(client, suite, user, **kwargs)
    services.required_assessment_record_attendance(ra=ra, user=user, attendance=attendance)
    ra.refresh_from_db()
    return ra


def follow_up_not_required(client, suite, user, **kwargs):
    ra = imposed(client, suite, user, **kwargs)
    services.required_assessment_record_attendance(ra=ra, user=user, attendance=Attendance.ATTENDED)
    return services.required_assessment_decide_follow_up(ra=ra, user=user, required=False)
