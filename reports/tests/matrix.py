"""Report URLs in the URL x role matrix (dip/tests/matrix.py).

Readers: PCC analysts (published, their area), team managers and the DPO (also unsuppressed, their area),
the national analyst (published, every area and ALL). `other` is an unsuppressed run of another area: no
persona may see it.
"""

import datetime

from dip.tests.matrix import Route

READERS = frozenset({"pcc_analyst", "team_manager", "dpo", "national_analyst"})


def _run(area, *, published: bool):
    from reports.models import ReportFile, ReportRun

    run = ReportRun.objects.create(
        period_start=datetime.date(2025, 4, 1), period_end=datetime.date(2025, 5, 1), area=area, area_ref=area.ref,
        as_at=datetime.date(2025, 7, 1), published=published, status=ReportRun.Status.DONE,
        snapshot={"figures": {"T1||": [7, None, None]}, "trend": {}},
    )
    content = b"area,metric,breakdown,category,value,numerator,denominator\n"
    ReportFile.objects.create(run=run, format="csv", name=f"{run.file_stem}.csv", content=content, size=len(content),
                              sha256=ReportFile.checksum(content))
    return run


def build(world) -> None:
    world.report_run = _run(world.area, published=True)
    world.other_report_run = _run(world.other_area, published=False)


ROUTES = [
    Route("reports:index", get=READERS),
    Route("reports:run-request", get=READERS, post=READERS),
    Route("reports:run-detail", get=READERS, kwargs=lambda w: {"pk": w.report_run.pk},
          other=lambda w: {"pk": w.other_report_run.pk}),
    Route("reports:run-regenerate", post=READERS, kwargs=lambda w: {"pk": w.report_run.pk},
          other=lambda w: {"pk": w.other_report_run.pk}),
    Route("reports:file-download", get=READERS, audited=True, kwargs=lambda w: {"pk": w.report_run.pk, "fmt": "csv"},
          other=lambda w: {"pk": w.other_report_run.pk, "fmt": "csv"}),
    Route("reports:subscriptions", post=READERS, data=lambda w: {"area": w.area.ref, "action": "subscribe"}),
]
