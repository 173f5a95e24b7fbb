"""Template filters for dip.dates: the only date formats templates use (a builtin, see settings.TEMPLATES).

    {{ day|govuk_date }}            1 December 2026
    {{ day|govuk_date:"short" }}    1 Dec 2026 (dense tables)
    {{ when|govuk_datetime }}       1 December 2026 14:30
    {{ when|govuk_time }}           14:30
"""

from django import template

from dip import dates

register = template.Library()


@register.filter
def govuk_date(value, style="long"):
    return dates.date(value, style)


@register.filter
def govuk_datetime(value, style="long"):
    return dates.date_time(value, style)


@register.filter
def govuk_time(value):
    return dates.time(value)
