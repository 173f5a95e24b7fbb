"""dip's benchmark pages (see dip/benchmarks.py): the baseline first, then the home page."""

from dip.benchmarks import page

page("dip:hello")
page("dip:home", ok=frozenset({200, 302}))
