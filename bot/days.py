"""Read how long a loan is overdue: day counts, durations and due dates (simplified text)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

# cn2an would do the numerals, but its import alone costs ~0.2 s of the 0.5 s cold-start
# budget; the numbers users write about overdue loans are small.
_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "俩": 2,
    "三": 3,
    "仨": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNITS = {"十": 10, "百": 100, "千": 1000}
NUM = r"(?:\d+|[零〇一二两俩三仨四五六七八九十百千]+)"


def parse_number(token: str) -> int | None:
    """Arabic or Chinese numerals up to the thousands ('45', '四十五', '两百') as an int."""
    if token.isdigit():
        return int(token)
    total, current = 0, None
    for char in token:
        if char in _DIGITS:
            current = _DIGITS[char] if current is None else current * 10 + _DIGITS[char]
        elif char in _UNITS:
            total += (1 if current is None else current) * _UNITS[char]
            current = None
        else:
            return None
    return total + (current or 0)


@dataclass(frozen=True)
class DayCount:
    """How long overdue: an exact count, or only a range (`days` None) for '十几天'."""

    days: int | None
    low: int | None = None
    high: int | None = None
    span: tuple[int, int] = (0, 0)


_DURATION = re.compile(
    rf"(?P<first>第)?(?P<n>{NUM})?(?P<approx>几|多|来)?(?P<half1>大?半)?(?P<ge>个)?(?P<mid>多|半)?"
    r"(?P<unit>天|日|周|星期|礼拜|月|年)(?P<half2>半)?(?P<more>多|以上|有余)?"
)
_DATE = re.compile(rf"(?:(?P<m>{NUM})月)?(?P<d>{NUM})(?:号|日)")
_DUE_WORDS = re.compile(r"该还|应还|要还|到期|还款日|账单日|没还|最后还款")
# A duration after these words is not how long the loan is overdue (分期12个月, 保留5年).
_NOT_OVERDUE = re.compile(r"(分期|分|延期|延长|保留|保存|留存|消除|删除|还|借|贷)\s*$")
_LATE = re.compile(r"(晚还|迟还|晚了|迟了|晚交|迟缴|晚缴)\s*$")  # '晚还一天' is a day late
_RELATIVE = {"昨天": 1, "前天": 2, "大前天": 3}
# '一天打几十个电话', '每个月还五百': a rate, not how long the loan is overdue.
_RATE_AFTER = re.compile(
    r"^\s*(?:能|要|就|都|最多|至少)?\s*(?:打|接|发|还|催|几|多少|\d+次|[一二三四五六七八九十两几]+次)"
)
_UNIT_DAYS = {"天": 1, "日": 1, "周": 7, "星期": 7, "礼拜": 7, "月": 30, "年": 365}
_HALF = {1: 0, 7: 3, 30: 15, 365: 180}  # 半个月 = 15, 半年 = 180 as the spec counts them


def _due_date(text: str, today: date) -> DayCount | None:
    for match in _DATE.finditer(text):
        month_raw, day_raw = match.group("m"), match.group("d")
        tail = text[match.end() : match.end() + 8]
        if month_raw is None and not _DUE_WORDS.search(tail + text[max(0, match.start() - 6) :]):
            continue  # a bare '5号' is a due date only when the user says it was due then
        day = parse_number(day_raw)
        month = parse_number(month_raw) if month_raw else None
        if not day or day > 31 or (month is not None and not 1 <= month <= 12):
            continue
        candidate = _resolve_date(today, month, day)
        if candidate is not None:
            return DayCount(days=(today - candidate).days, span=match.span())
    for word, offset in _RELATIVE.items():
        at = text.find(word)
        if at >= 0 and _DUE_WORDS.search(text[at : at + 10]):
            return DayCount(days=offset, span=(at, at + len(word)))
    return None


def _resolve_date(today: date, month: int | None, day: int) -> date | None:
    """The most recent past-or-today date with this month/day."""
    if month is None:
        year, month = today.year, today.month
        if day > today.day:
            month -= 1
            if month == 0:
                year, month = year - 1, 12
    else:
        year = today.year if (month, day) <= (today.month, today.day) else today.year - 1
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _durations(text: str):
    """Yield (match, days, low, high) for each duration; days is None for '十几天'."""
    for match in _DURATION.finditer(text):
        before = text[max(0, match.start() - 3) : match.start()]
        if _NOT_OVERDUE.search(before) and not _LATE.search(before):
            continue
        if text[match.start() - 1 : match.start()] == "每" or (
            match.group("n") in ("一", "1") and _RATE_AFTER.match(text[match.end() :])
        ):
            continue
        raw, unit = match.group("n"), match.group("unit")
        approx = match.group("approx") or match.group("mid")
        per = _UNIT_DAYS[unit]
        half = _HALF[per]
        if raw is None:
            if match.group("half1"):  # '半个月', '半年', '大半年'
                yield match, half, None, None
            elif approx == "几":  # '几天', '几个月': no exact count
                yield match, None, per, 9 * per
            continue
        number = parse_number(raw)
        if number is None:
            continue
        if approx == "几":  # '十几天', '二十几天'
            yield match, None, (number + 1) * per, (number + 9) * per
            continue
        days = number * per
        if approx == "半" or match.group("half2"):
            days += half
        yield match, days, None, None


def find_days(text: str, today: date) -> DayCount | None:
    """The day count in `text` (simplified, NFKC), from a duration or a due date."""
    # Mask full dates first so the '1日' of '10月1日' is not read as a duration.
    masked = _DATE.sub(lambda m: " " * len(m.group()) if m.group("m") else m.group(), text)
    for match, days, low, high in _durations(masked):
        return DayCount(days=days, low=low, high=high, span=match.span())
    return _due_date(text, today)


def strip_days(text: str) -> str:
    """`text` without its durations and dates, so '3天' and '90天' match the same phrasings."""

    def blank(match: re.Match) -> str:
        return " " if match.group("n") or match.group("half1") else match.group()

    return _DURATION.sub(blank, _DATE.sub(" ", text))
