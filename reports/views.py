"""Report pages: the list and subscriptions, asking for a report, a run's progress and files, downloads.

Reports hold no person-level record: the pages show aggregate figures only, and every download is audited
(reports.services.report_file_download). Access: reports/access.py.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from reports import access, figures, forms, services
from reports.models import ReportFile, ReportRun, Subscription
from reports.periods import Period

PAGE_SIZE = 25
REFRESH_SECONDS = 3


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    access.require_reports(request.user)
    runs = access.runs_for(request.user).select_related("area", "requested_by").defer("snapshot")
    page = Paginator(runs, PAGE_SIZE).get_page(request.GET.get("page"))
    subscribed = set(Subscription.objects.filter(user=request.user).values_list("area_ref", flat=True))
    areas = [(ref, name, ref in subscribed) for ref, name in access.area_choices(request.user)]
    return render(request, "reports/index.html", {"page": page, "areas": areas})


@require_http_methods(["GET", "POST"])
def run_request(request: HttpRequest) -> HttpResponse:
    access.require_reports(request.user)
    form = forms.ReportRequestForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        runs = []
        try:
            for area_ref in form.cleaned_data["areas"]:
                runs.append(services.report_run_request(
                    user=request.user, period=form.cleaned_data["period"], area_ref=area_ref,
                    published=form.wants_published(),
                ))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            if len(runs) == 1:
                return redirect(runs[0])
            messages.success(request, f"{len(runs)} reports requested")
            return redirect("reports:index")
    return render(request, "reports/request.html", {"form": form}, status=400 if form.errors else 200)


def _apply_errors(form, error: ValidationError) -> None:
    field_map = {"area": "areas", "as_at": None}
    for field, errs in error.message_dict.items():
        target = field_map.get(field, field)
        form.add_error(target if target in form.fields else None, errs)


@require_GET
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = access.get_run_for_user(request.user, pk)
    files = list(run.files.defer("content").order_by("format"))
    versions = list(
        access.runs_for(request.user).same_as(run).exclude(pk=run.pk).only("pk", "version", "status", "requested_at")
    )
    headline = []
    if run.status == ReportRun.Status.DONE and run.snapshot:
        headline = [r for r in figures.rows(run.snapshot["figures"], published=run.published) if not r.breakdown]
    context = {
        "run": run, "files": files, "versions": versions, "headline": headline,
        "parts_done": run.parts.count() if run.is_national and not run.is_finished else None,
        "refresh": None if run.is_finished else REFRESH_SECONDS,
        "may_regenerate": run.is_finished and access.may_request(request.user, area_ref=run.area_ref,
                                                                 published=run.published),
    }
    return render(request, "reports/run_detail.html", context)


@require_POST
def run_regenerate(request: HttpRequest, pk: int) -> HttpResponse:
    run = access.get_run_for_user(request.user, pk)
    try:
        new = services.report_run_request(
            user=request.user, period=Period(run.period_start, run.period_end), area_ref=run.area_ref,
            as_at=run.as_at, published=run.published, regenerate=True,
        )
    except ValidationError as error:
        messages.error(request, " ".join(m for ms in error.message_dict.values() for m in ms))
        return redirect(run)
    return redirect(new)


@require_GET
def file_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    run = access.get_run_for_user(request.user, pk)
    if fmt not in ReportFile.Format.values or run.status != ReportRun.Status.DONE:
        raise Http404("No such file")
    try:
        report_file = services.report_file_download(user=request.user, run=run, fmt=fmt, request=request)
    except ReportFile.DoesNotExist:
        raise Http404("No such file") from None
    except ValidationError:
        return HttpResponse("The stored file does not match its checksum; regenerate the report.", status=503,
                            content_type="text/plain")
    response = HttpResponse(bytes(report_file.content), content_type=report_file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{report_file.name}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
def subscriptions(request: HttpRequest) -> HttpResponse:
    access.require_reports(request.user)
    area_ref = request.POST.get("area", "")
    subscribe = request.POST.get("action") == "subscribe"
    try:
        services.subscription_set(user=request.user, area_ref=area_ref, subscribed=subscribe)
    except ValidationError:
        raise Http404("No such area") from None
    if subscribe and not request.user.email:
        messages.success(request, f"Subscribed to {area_ref}. Add an e-mail address to your account to get the e-mails.")
    else:
        messages.success(request, f"{'Subscribed to' if subscribe else 'Unsubscribed from'} {area_ref}")
    return redirect("reports:index")
