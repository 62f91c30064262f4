"""Numbers typed by users and sent by clients: ASCII digits only, and never absurdly long."""

from __future__ import annotations

MAX_TIMELINE_DAYS = 36_500  # a hundred years: anything larger is not a day count


def is_number(value: str, max_digits: int = 20) -> bool:
    """Whether `value` is 1 to `max_digits` ASCII digits (`isdigit()` alone accepts '²' and '①')."""
    return 0 < len(value) <= max_digits and value.isascii() and value.isdigit()


def day_count(value: str) -> int | None:
    """The day count of `/timeline N` ('45' or '45天'), None when it is not one."""
    value = value.strip().removesuffix("天")
    if not is_number(value, len(str(MAX_TIMELINE_DAYS))) or int(value) > MAX_TIMELINE_DAYS:
        return None
    return int(value)
