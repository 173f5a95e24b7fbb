from django import template

from referrals.models import wait_band

register = template.Library()

TAG_CLASS = {"red": "govuk-tag--red", "amber": "govuk-tag--orange", "green": "govuk-tag--green"}


@register.inclusion_tag("referrals/_wait_tag.html")
def wait_tag(days):
    """The waiting-time clock as a GOV.UK tag: amber from 14 days, red after 21."""
    band = wait_band(days)
    return {"days": days, "band": band, "css": TAG_CLASS.get(band, "")}

