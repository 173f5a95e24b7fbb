"""Client pages for `manage.py bench` (see dip/benchmarks.py); the clients come from dip/benchmark_data.py."""

from dip.benchmarks import page

page("clients:client-search")
page("clients:client-detail", kwargs=lambda w: {"pk": w.client.pk})
