from django.urls import NoReverseMatch, reverse

from dip import permissions

# (label, url name, the check of dip/permissions.py that the page itself applies). Each issue adds its
# entries here; a link is shown exactly when its page answers 200 for the user.
NAV = [
    ("Work queue", "dip:home", permissions.can_see_work_queue),
    ("Caseload", "supervision:caseload", permissions.can_supervise_order),
    ("DRR orders", "supervision:provider-orders", permissions.can_view_provider_orders),
    ("Clients", "clients:client-search", permissions.sees_person_records),
    ("Drug tests", "testing:drugtest-list", permissions.can_record_drug_test),
    ("Restriction on Bail", "assessments:bail-list", permissions.can_work_court_routes),
    ("Cautions", "assessments:caution-list", permissions.can_work_court_routes),
    ("Referrals", "referrals:referral-list", permissions.can_make_referral),
    ("Prison releases", "throughcare:release-list", permissions.can_keep_prison_releases),
    ("After-care", "throughcare:aftercare-list", permissions.can_run_aftercare),
    ("Reports", "reports:index", permissions.can_view_reports),
    ("Administration", "admin:index", permissions.can_administer),
]


class Can:
    """`can.<check>` in templates: each named check of dip/permissions.py for the signed-in user, on demand."""

    def __init__(self, user):
        self._user = user
        self._answers = {}

    def __getitem__(self, name: str) -> bool:
        if name not in self._answers:
            self._answers[name] = permissions.USER_CHECKS[name](self._user)  # KeyError: a misspelt check
        return self._answers[name]


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for label, url_name, check in NAV:
        if check(user):
            try:
                url = reverse(url_name)
            except NoReverseMatch:  # an app whose pages are still being built
                continue
            active = request.path == url if url == "/" else request.path.startswith(url)
            items.append({"label": label, "url": url, "active": active})
    return {"nav_items": items}


def can(request) -> dict:
    return {"can": Can(getattr(request, "user", None))}
