"""Who may do what: the one place that reads a user's role and team kind (reference/access-model.md).

Each check is a plain function of the user (and an object where the answer depends on one), named for the
action it allows. Views call them through `require(check, user)`, templates read them as `can.<name>`
(dip.context_processors.permissions, e.g. `{% if can.record_drug_test %}`), the navigation lists them
beside its links, and hooks import them from here (never from a view). Nothing else compares role names.

Which records a user may see stays in `visible_to(user)` (clients/models.py); these checks decide which
pages and actions are offered, so a link is shown exactly when its page answers 200.
Plain functions rather than the `rules` package: there are a dozen checks, none is stored, and a
function is what views, templates and tests all call easily.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from dip import roles
from dip.models import Team


def _role(user) -> str | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return user.role


def _team_kind(user) -> str | None:
    return user.team.kind if getattr(user, "team_id", None) else None


def _in_team(user, kind: str, *allowed: str) -> bool:
    """A role that acts for its team only when the team is of this kind (a probation team's manager
    manages no custody suite)."""
    return _role(user) in allowed and _team_kind(user) == kind


# --- person-level records --------------------------------------------------------------------------

def sees_person_records(user) -> bool:
    return _role(user) is not None and user.sees_person_records


def can_change_case_records(user) -> bool:
    """Casework roles record and change case records (a data protection officer only reads)."""
    return _role(user) in roles.CASEWORK


def can_read_area_records(user) -> bool:
    """The data protection officer reads every client of their area (read-only, a reason for each view)."""
    return _role(user) == roles.DPO and getattr(user, "team_id", None) is not None


def must_give_view_reason(user) -> bool:
    """A data protection officer says why before opening a client's record."""
    return _role(user) == roles.DPO


def can_break_glass(user) -> bool:
    return sees_person_records(user)


def can_view_access_log(user) -> bool:
    """Who has accessed a client's record: the team's manager and the data protection officer."""
    return _role(user) in (roles.TEAM_MANAGER, roles.DPO)


def can_answer_subject_access(user) -> bool:
    """A subject access request (a copy of everything held about a person) is answered by the data protection officer."""
    return _role(user) == roles.DPO and user.is_active


def can_manage_team_caseload(user) -> bool:
    """A team manager, for their own team: emergency access to its clients, the area's open referrals."""
    return _role(user) == roles.TEAM_MANAGER and getattr(user, "team_id", None) is not None


# --- custody suite: drug tests and the required-assessment chain ------------------------------------

_CUSTODY_ROLES = (roles.CUSTODY_WORKER, roles.TEAM_MANAGER)


def can_record_drug_test(user) -> bool:
    """Custody drug workers and the managers of custody teams (at their area's suites)."""
    return _in_team(user, Team.Kind.CUSTODY, *_CUSTODY_ROLES)


def custody_workers_q() -> Q:
    """Over User: the roles that do custody work (e.g. who may be a required assessment's assessor)."""
    return Q(groups__name__in=_CUSTODY_ROLES)


def can_change_drug_test(user, test) -> bool:
    return can_record_drug_test(user) and test.custody_suite.area_id == user.team.area_id


def can_view_drug_test_list(user) -> bool:
    """The day's tests: at the recorder's suites, or at every suite of the data protection officer's area."""
    return can_record_drug_test(user) or can_read_area_records(user)


def can_impose_required_assessment(user) -> bool:
    """The required-assessment chain (impose, appointments, outcomes, police notifications) is custody work."""
    return can_record_drug_test(user)


def can_correct_assessment(user, assessment) -> bool:
    """The team that completed an assessment corrects its latest version."""
    return (can_change_case_records(user) and user.team_id == assessment.team_id
            and assessment.superseded_by_id is None)


def can_work_court_routes(user) -> bool:
    """Court and custody routes into treatment (Restriction on Bail, conditional cautions with a drug condition)
    are the custody drug workers' (and their custody team manager's) work (reference/access-model.md)."""
    return can_record_drug_test(user)


# --- referrals and treatment -------------------------------------------------------------------------

def can_make_referral(user) -> bool:
    return can_change_case_records(user)


def can_work_referral_queue(user) -> bool:
    """A treatment provider's team works the referrals addressed to its services."""
    return sees_person_records(user) and _team_kind(user) == Team.Kind.TREATMENT


def can_view_area_referrals(user) -> bool:
    return can_manage_team_caseload(user)


# --- DRR supervision (supervision/) -----------------------------------------------------------------

_SUPERVISING_ROLES = (roles.PROBATION_OFFICER, roles.TEAM_MANAGER)


def can_supervise_order(user) -> bool:
    """Probation officers and the managers of probation teams supervise DRR orders."""
    return _in_team(user, Team.Kind.PROBATION, *_SUPERVISING_ROLES)


def can_allocate_orders(user) -> bool:
    """A probation team's manager sees the team's whole caseload and reassigns orders."""
    return _in_team(user, Team.Kind.PROBATION, roles.TEAM_MANAGER)


def can_read_orders(user) -> bool:
    """DRR orders in full: their supervisors, and the data protection officer (read-only)."""
    return can_supervise_order(user) or can_read_area_records(user)


def can_view_provider_orders(user) -> bool:
    """A treatment provider's team sees a summary of the orders its clients are on, and gives its view for reviews."""
    return _in_team(user, Team.Kind.TREATMENT, roles.TREATMENT_WORKER, roles.TEAM_MANAGER)


def supervisors_q() -> Q:
    """Over User: the roles that may be an order's responsible officer (within a probation team)."""
    return Q(groups__name__in=_SUPERVISING_ROLES)


# --- through-care (throughcare/): prison release pick-up and after-care --------------------------------

def can_keep_prison_releases(user) -> bool:
    """Community drug workers (CJIT) and their team's manager keep prison periods and the hand-over on release."""
    return _in_team(user, Team.Kind.COMMUNITY, roles.COMMUNITY_WORKER, roles.TEAM_MANAGER)


def can_run_aftercare(user) -> bool:
    """A treatment provider's team runs after-care for its services (episodes and group sessions)."""
    return _in_team(user, Team.Kind.TREATMENT, roles.TREATMENT_WORKER, roles.TEAM_MANAGER)


# --- platform --------------------------------------------------------------------------------------

def can_see_work_queue(user) -> bool:
    return can_change_case_records(user)


def can_view_reports(user) -> bool:
    """Aggregate reports (reports/access.py): PCC analysts, team managers, the DPO and the national analyst."""
    return _role(user) in roles.REPORT_READERS and getattr(user, "team_id", None) is not None


def can_view_unsuppressed_reports(user) -> bool:
    """Small numbers too, for their own area: team managers and the data protection officer."""
    return can_view_reports(user) and _role(user) in roles.UNSUPPRESSED_REPORT_READERS


def can_view_national_reports(user) -> bool:
    """Every area's published report and the national roll-up (ALL)."""
    return can_view_reports(user) and _role(user) == roles.NATIONAL_ANALYST


def can_administer(user) -> bool:
    """Staff, teams and reference data, in Django's admin (which also needs is_staff)."""
    return _role(user) == roles.SYSADMIN and user.is_staff


# Every check of the user alone, by the name templates use (`can.record_drug_test`).
USER_CHECKS = {
    name.removeprefix("can_"): check
    for name, check in list(globals().items())
    if callable(check) and not name.startswith("_") and check.__module__ == __name__
    and name.startswith(("can_", "sees_", "must_"))
    and name not in ("can_change_drug_test", "can_correct_assessment")
}


def require(check, user, *args) -> None:
    """Raise PermissionDenied (403) unless `check(user, *args)` holds: the views' one way to refuse."""
    if not check(user, *args):
        raise PermissionDenied
