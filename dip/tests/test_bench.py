"""manage.py bench runs every registered page against generated data and reports ratios to dip:hello."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from dip import benchmarks


def test_bench_reports_every_registered_page_at_each_size(django_db_blocker, tmp_path):
    benchmarks.page("dip:health")  # an app's bench.py registers its pages like this
    out = io.StringIO()
    try:
        # One run (it makes and drops its own database, outside any test transaction): a ratio limit
        # no page can meet makes it fail, after it has reported.
        # (dip:health is reported last when another test imported the apps' bench modules first.)
        with django_db_blocker.unblock(), pytest.raises(CommandError, match="limit: .*dip:home at 3") as refused:
            call_command(
                "bench", "--sizes", "3,6", "--runs", "3", "--warmup", "1", "--max-ratio", "0.01",
                "--json", str(tmp_path / "bench.json"), stdout=out,
            )
        assert "dip:health at 3" in str(refused.value)
    finally:
        benchmarks.PAGES.pop("dip:health")
    results = json.loads((tmp_path / "bench.json").read_text())
    assert {"dip:hello", "dip:home", "clients:client-detail", "dip:health"} <= {r["page"] for r in results}
    assert {r["size"] for r in results} == {3, 6}
    hello = [r for r in results if r["page"] == "dip:hello"]
    assert all(r["ratio"] == 1.0 and r["queries"] >= 2 for r in hello)  # signed in: session and user at least
    assert all(r["median_ms"] > 0 for r in results)
    assert results[0]["page"] == "dip:hello"
    assert "ratio = time / median of dip:hello" in out.getvalue()
