"""Who may see which report run (reference/access-model.md: PCC analysts see aggregate, suppressed reports only).

- PCC analysts: published runs of their team's area.
- Team managers and the data protection officer: published and unsuppressed runs of their area.
- The national analyst: published runs of every area and of ALL.
Anything else answers 404 (a run's existence is not revealed); a role with no reports at all gets 403.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from dip import permissions
from dip.models import Area
from reports.models import NATIONAL, ReportRun

can_view_reports = permissions.can_view_reports
is_national = permissions.can_view_national_reports
may_see_unsuppressed = permissions.can_view_unsuppressed_reports


def area_choices(user) -> list[tuple[str, str]]:
    """(ref, name) of the areas the user may ask about; ALL last for the national role."""
    if not can_view_reports(user):
        return []
    if is_national(user):
        return [(a.ref, a.name) for a in Area.objects.order_by("name")] + [(NATIONAL, "All areas (national)")]
    area = user.team.area
    return [(area.ref, area.name)]


def require_reports(user) -> None:
    if not can_view_reports(user):
        raise PermissionDenied


def runs_for(user):
    """The report runs this user may see."""
    if not can_view_reports(user):
        return ReportRun.objects.none()
    runs = ReportRun.objects.all()
    if not may_see_unsuppressed(user):
        runs = runs.filter(published=True)
    if not is_national(user):
        runs = runs.filter(area_id=user.team.area_id)
    return runs


def get_run_for_user(user, pk: int) -> ReportRun:
    require_reports(user)
    try:
        return runs_for(user).select_related("area", "requested_by").get(pk=pk)
    except ReportRun.DoesNotExist:
        raise Http404("No such report") from None


def may_request(user, *, area_ref: str, published: bool) -> bool:
    return area_ref in {ref for ref, _ in area_choices(user)} and (published or may_see_unsuppressed(user))
