"""Post dates: the forms editors (and Jekyll) write, parsed strictly, offsets kept."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# 2024-10-14 | 2024-10-14 20:00 | 2024-10-14 20:00:00 +0700 | 2024-10-14T20:00:00+07:00 | ...Z
DATE_PATTERN = re.compile(
    r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[T ]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.(?P<F>\d{1,6}))?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?)?$"
)
EXAMPLE = "2024-10-14, 2024-10-14 20:00 or 2024-10-14 20:00:00 +0700"
# The dates Python can also show in every other zone (offsets reach +-23:59, so a date
# within a day of datetime.min/max overflows when converted): OverflowError otherwise.
EARLIEST, LATEST = datetime(1, 1, 3), datetime(9999, 12, 29)


class DateError(ValueError):
    """A date that is not one; the message says what to write instead."""


def _check_range(moment: datetime, text: str) -> None:
    if not EARLIEST <= moment <= LATEST:
        raise DateError(
            f"{text!r} is outside the dates a post can have "
            f"({EARLIEST.date()} to {LATEST.date()}); write it as {EXAMPLE}"
        )


def parse_post_date(value: object) -> datetime:
    """Parse a front matter date. Naive results mean 'no offset given'."""
    if isinstance(value, date):
        moment = value if isinstance(value, datetime) else datetime.combine(value, time())
        _check_range(moment.replace(tzinfo=None), str(value))
        return moment
    text = str(value).strip()
    match = DATE_PATTERN.match(text)
    if not match:
        if re.match(r"^\d{1,2}[/.]\d{1,2}[/.]\d{2,4}$", text):
            raise DateError(
                f"{text!r} is ambiguous (day/month or month/day?); "
                f"write the date as YYYY-MM-DD, e.g. {EXAMPLE}"
            )
        raise DateError(f"{text!r} is not a date; write it as {EXAMPLE}")
    parts = match.groupdict()
    try:
        result = datetime(
            int(parts["y"]),
            int(parts["m"]),
            int(parts["d"]),
            int(parts["H"] or 0),
            int(parts["M"] or 0),
            int(parts["S"] or 0),
            int((parts["F"] or "0").ljust(6, "0")),
        )
    except ValueError as exc:
        raise DateError(f"{text!r} is not a real date ({exc}); write it as {EXAMPLE}") from None
    _check_range(result, text)
    tz = parts["tz"]
    if tz:
        if tz == "Z":
            return result.replace(tzinfo=UTC)
        sign = -1 if tz[0] == "-" else 1
        digits = tz[1:].replace(":", "")
        hours, minutes = int(digits[:2]), int(digits[2:])
        if hours > 23 or minutes > 59:
            raise DateError(f"{text!r} has an impossible offset {tz!r}; write it as +HHMM")
        offset = timedelta(hours=hours, minutes=minutes) * sign
        return result.replace(tzinfo=timezone(offset))
    return result


def as_aware(moment: datetime, default_tz: tzinfo) -> datetime:
    """The instant a post date names: naive dates are in the site's timezone."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=default_tz)


def parse_offset(text: str) -> timezone:
    """A site timezone written as an offset: '+07:00', '+0700', 'UTC' or 'Z'."""
    text = text.strip()
    if text.upper() in ("UTC", "Z", "+00:00", "+0000", ""):
        return UTC
    match = re.match(r"^([+-])(\d{2}):?(\d{2})$", text)
    if not match:
        raise DateError(f"timezone {text!r} must be an offset such as '+07:00' or 'UTC'")
    delta = timedelta(hours=int(match[2]), minutes=int(match[3]))
    return timezone(-delta if match[1] == "-" else delta)


def site_timezone(text: str) -> tzinfo:
    """``newsdesk_timezone``: an offset ('+07:00', 'UTC') or a zone name ('Asia/Bangkok',
    whose offset then follows daylight saving time for each date)."""
    try:
        return parse_offset(text)
    except DateError:
        pass
    try:
        return ZoneInfo(text.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise DateError(
            f"timezone {text!r} is neither an offset such as '+07:00' or 'UTC' "
            "nor a zone name such as 'Asia/Bangkok'"
        ) from None
