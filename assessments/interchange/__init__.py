"""Interchange types of custody and court work (found by autodiscover_modules("interchange")): one module each."""

from assessments.interchange import bail, caution, required  # noqa: F401  (importing registers the types)
