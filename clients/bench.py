"""Client pages for `manage.py bench` (see dip/benchmarks.py); the clients come from dip/benchmark_data.py."""

from dip.benchmarks import page

page("clients:client-search")
# A common family name: about one client in eleven of the caseload matches (dip.benchmark_data.FAMILY).
page("clients:client-search", method="post", data=lambda w: {"name": "Smith"}, label="clients:client-search POST")
page("clients:client-detail", kwargs=lambda w: {"pk": w.client.pk})
