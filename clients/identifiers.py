"""Police National Computer ids, NHS numbers and postcodes: parse, validate and write in full form.

Each is the one rule for its identifier: the client form and the interchange import both call it."""

import re

from django.core.exceptions import ValidationError

PNC_CHECK_LETTERS = "ZABCDEFGHJKLMNPQRTUVWXY"
_PNC = re.compile(r"^(\d{4})/(\d{1,7})([A-Z])$")


def pnc_check_letter(year: str, serial: str) -> str:
    return PNC_CHECK_LETTERS[int(year[-2:] + serial.zfill(7)) % 23]


def normalise_pnc(value: str) -> str:
    """Return the full form `YYYY/NNNNNNNA` (7-digit serial) or raise ValidationError."""
    text = re.sub(r"\s+", "", value or "").upper()
    match = _PNC.match(text)
    if not match:
        raise ValidationError("Enter a PNC ID in the format 2001/0123456F", code="pnc_format")
    year, serial, letter = match.groups()
    if pnc_check_letter(year, serial) != letter:
        raise ValidationError("Enter a PNC ID with the correct check letter", code="pnc_check")
    return f"{year}/{serial.zfill(7)}{letter}"


def nhs_check_digit(nine_digits: str) -> int | None:
    """Modulus 11 check digit, or None when the first nine digits can have no valid number."""
    total = sum(int(d) * w for d, w in zip(nine_digits, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    return None if check == 10 else check


def normalise_nhs(value: str) -> str:
    """Return the 10-digit NHS number without spaces or raise ValidationError."""
    digits = re.sub(r"[\s-]", "", value or "")
    if not re.fullmatch(r"\d{10}", digits):
        raise ValidationError("Enter an NHS number of 10 digits, like 943 476 5919", code="nhs_format")
    if nhs_check_digit(digits[:9]) != int(digits[9]):
        raise ValidationError("Enter a valid NHS number (the check digit does not match)", code="nhs_check")
    return digits


_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")


def normalise_postcode(value: str) -> str:
    """Return a UK postcode in its usual form (upper case, one space before the inward code) or raise."""
    compact = re.sub(r"\s+", "", value or "").upper()
    match = _POSTCODE.match(compact)
    if not match:
        raise ValidationError("Enter a real UK postcode, like SW1A 1AA", code="postcode_format")
    return f"{match[1]} {match[2]}"
