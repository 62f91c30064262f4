"""Read how long a loan is overdue: day counts, durations and due dates (simplified text)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

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
# A Chinese numeral starts with a digit or 十: the 万 of an amount ('1万半年') starts none.
NUM = r"(?:\d+(?:\.\d+)?|[零〇一二两俩三仨四五六七八九十][零〇一二两俩三仨四五六七八九十百千万]*)"
MAX_DAYS = 100 * 365  # a count beyond a hundred years is not a real one


def parse_number(token: str) -> int | None:
    """Arabic or Chinese numerals ('45', '四十五', '两百', '一万', '一万万') as an int."""
    if token.isdigit():
        return int(token)
    total, section, current = 0, 0, None
    for char in token:
        if char in _DIGITS:
            current = _DIGITS[char] if current is None else current * 10 + _DIGITS[char]
        elif char in _UNITS:
            section += (1 if current is None else current) * _UNITS[char]
            current = None
        elif char == "万":
            total = (total + section + (current or 0)) * 10000 or 10000
            section, current = 0, None
        else:
            return None
    return total + section + (current or 0)


def _value(token: str) -> float | None:
    """A number that may be a decimal ('1.5')."""
    if re.fullmatch(r"\d+\.\d+", token):
        return float(token)
    return parse_number(token)


@dataclass(frozen=True)
class DayCount:
    """How long overdue: an exact count; only a range (`days` None) for '十几天'; a due date
    still `ahead` (days until it); or a count that cannot be true (`impossible`)."""

    days: int | None
    low: int | None = None
    high: int | None = None
    span: tuple[int, int] = (0, 0)
    ahead: int | None = None
    impossible: bool = False
    asked: bool = False  # '几日内缴纳': '几' with no overdue word before it asks, not tells
    told: bool = False  # a vague count stated ('十几天', '几天了'), not asked ('几天上征信')


_DURATION = re.compile(
    rf"(?P<neg>(?<![\d.])-|负)?(?P<first>第)?(?P<n>{NUM})?(?:(?<=\d)\s)?(?P<approx>几|多|来)?(?P<half1>大?半)?"
    r"(?P<ge>个)?(?P<mid>多|半)?(?:(?<=[\d个])\s)?(?P<unit>天|日|周|星期|礼拜|月|年)(?P<half2>半)?(?P<more>多(?!少)|以上|有余)?"
)
_YEAR = r"(?:(?P<y>(?:19|20)\d\d)\s?年\s?)?"
_DATE = re.compile(
    rf"(?:{_YEAR}(?:(?P<rel>上上|上|下|这|本)个?月|(?P<m>{NUM})\s?月)\s?)?(?P<d>{NUM})\s?(?:号|日)"
    r"|(?P<y2>(?:19|20)\d\d)[-/.](?P<m2>\d{1,2})[-/.](?P<d2>\d{1,2})"
)
# '2025年逾期的', '95年度' (a Taiwan year): a year, not 2025 or 95 years.
_A_YEAR = re.compile(r"(?:19|20)\d\d\s?年|\d+\s?年度")
_DUE_WORDS = re.compile(r"该还|应还|要还|到期|还款日|账单日|没还|最后还款")
# A duration after these words is not how long the loan is overdue (分期12个月, 保留5年).
_NOT_OVERDUE = re.compile(
    r"(分期|分|延期|延长|保留|保存|留存|消除|删除|停止|停|暂停|推迟|缓|还|借|贷"
    r"|判决书|判决|传票|起诉|立案|开庭|上诉|答辩"  # '收到判决书15天': since the court's step
    r"|分之)了?\s*$"  # '日息万分之三一年多少': a rate, not a count; '借了五年': a loan term
)
# A duration right after these is how long overdue, even before '要多少' ('逾期一年要多少利息').
_OVERDUE_BEFORE = re.compile(r"(逾期|逾期了|拖了|拖欠|欠了)\s*$")
_LATE = re.compile(r"(晚还|迟还|晚了|迟了|晚交|迟缴|晚缴|迟|晚)了?\s*$")  # '晚还一天', '迟一天还'
# '拍拍贷两个月没还': a duration of not paying is how long overdue, even after a word that
# otherwise gives a loan term ('贷3个月').
_UNPAID_AFTER = re.compile(
    r"^\s*了?\s*(?:都|也|一直|还|仍|仍然)?\s*(?:没有?|未|不)(?:还|交|缴|还款|还钱|还上)|^\s*了?\s*还不[上起]"
)
# '一两天', '三五天', '两三个月', '二三十天', '十一二天': a span of two numbers, no exact count.
_SPAN = re.compile(
    r"(?P<tens>十)?(?P<a>[一二两三四五六七八九])(?P<b>[二两三四五六七八九])(?P<unit>十|百)?"
)
# '1-2天', '3到5天': a span written with digits; the part before the duration's number.
_SPAN_BEFORE = re.compile(r"(\d+)\s*(?:-|~|～|到|至)\s*$")
_RELATIVE = {"昨天": 1, "前天": 2, "大前天": 3}
# '一天打几十个电话', '一天收到上百条', '每个月还五百', '一个月利息多少': a rate, not how
# long the loan is overdue.
_RATE_AFTER = re.compile(
    r"^\s*(?:能|要|就|都|最多|至少|可以|只能)?\s*"
    r"(?:打|接|发|收|来|还|催|查|几|多少|利息|利率|的利息|\d+次|[一二三四五六七八九十两几]+次)"
)
# '这两年网贷点多了', '最近三个月', '过去一年': a stretch of time, not how long overdue.
_FRAME_BEFORE = re.compile(r"(?:这|最近|过去)\s*$")
# '两年前的车贷有3次逾期', '三年前借的': when a loan was taken, not how long it is overdue
# ('三天前逾期了' still counts).
_AGO_THING = re.compile(r"^\s*(?:之)?前(?:的|借|贷|办|申请|买|开)")
# '4年破产期内', '三年缓刑期': the length of a legal period, not how long overdue.
_PERIOD_AFTER = re.compile(r"^\s*的?(?:破产|缓刑|刑|考察|观察)期")
_CLAUSE_START = re.compile(r"[，。？！,.?!；;\s]")
_UNIT_DAYS = {"天": 1, "日": 1, "周": 7, "星期": 7, "礼拜": 7, "月": 30, "年": 365}
_HALF = {1: 0, 7: 3, 30: 15, 365: 180}  # 半个月 = 15, 半年 = 180 as the spec counts them
_MONTH_SHIFT = {"上上": -2, "上": -1, "下": 1, "这": 0, "本": 0}


def _due_date(text: str, today: date) -> DayCount | None:
    for match in _DATE.finditer(text):
        if match.group("y2"):
            year, month, day = (int(match.group(k)) for k in ("y2", "m2", "d2"))
            return _count_to(today, _make_date(year, month, day), match.span())
        month_raw, day_raw, rel = match.group("m"), match.group("d"), match.group("rel")
        tail = text[match.end() : match.end() + 8]
        if (
            month_raw is None
            and rel is None
            and not _DUE_WORDS.search(tail + text[max(0, match.start() - 6) :])
        ):
            continue  # a bare '5号' is a due date only when the user says it was due then
        day = parse_number(day_raw)
        month = parse_number(month_raw) if month_raw else None
        if not day or day > 31 or (month is not None and not 1 <= month <= 12):
            continue
        if match.group("y") and month is not None:
            candidate = _make_date(int(match.group("y")), month, day)
        elif rel is not None:
            candidate = _shifted(today, _MONTH_SHIFT[rel], day)
        else:
            candidate = _nearest(today, month, day)
        if candidate is not None:
            return _count_to(today, candidate, match.span())
    for word, offset in _RELATIVE.items():
        at = text.find(word)
        if at >= 0 and _DUE_WORDS.search(text[at : at + 10]):
            return DayCount(days=offset, span=(at, at + len(word)))
    return None


def _count_to(today: date, due: date | None, span: tuple[int, int]) -> DayCount | None:
    """The count from a due date: overdue days, or the days still ahead."""
    if due is None:
        return None
    days = (today - due).days
    if abs(days) > MAX_DAYS:
        return DayCount(days=None, span=span, impossible=True)
    if days < 0:
        return DayCount(days=None, span=span, ahead=-days)
    return DayCount(days=days, span=span)


def _make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _shifted(today: date, months: int, day: int) -> date | None:
    """Day `day` of the month `months` away from today's ('下个月5号')."""
    index = today.year * 12 + today.month - 1 + months
    return _make_date(index // 12, index % 12 + 1, day)


def _nearest(today: date, month: int | None, day: int) -> date | None:
    """The date with this month/day (or this day of a month) nearest to today."""
    if month is None:
        options = [_shifted(today, shift, day) for shift in (-1, 0, 1)]
    else:
        options = [_make_date(today.year + shift, month, day) for shift in (-1, 0, 1)]
    valid = [d for d in options if d is not None]
    if not valid:
        return None
    # Nearest first; on a tie the past date (a due date people mention has usually passed).
    return min(valid, key=lambda d: (abs((d - today).days), d > today))


def _durations(text: str):
    """Yield (match, days, low, high) for each duration; days is None for '十几天'."""
    for match in _DURATION.finditer(text):
        raw, unit = match.group("n"), match.group("unit")
        if raw and "万" in raw:
            raw = _after_amount(raw, _UNIT_DAYS[unit], bool(match.group("half1")))
        before = text[max(0, match.start() - 3) : match.start()]
        after = text[match.end() :]
        late = bool(_LATE.search(before))
        overdue_before = bool(_OVERDUE_BEFORE.search(before))
        term = _NOT_OVERDUE.search(before)
        # 贷/借 ending a product name ('拍拍贷两个月没还') is no loan term when not paying follows.
        if term and term.group(1) in "贷借" and _UNPAID_AFTER.match(after):
            term = None
        if term and not late:
            continue
        if (
            _AGO_THING.match(after)
            or _PERIOD_AFTER.match(after)
            or (_FRAME_BEFORE.search(before) and not late and "逾期" not in before)
        ):
            continue
        if "时效" in _CLAUSE_START.split(text[: match.start()])[-1] and not overdue_before:
            continue  # '诉讼时效三年和二十年的区别': the law's periods, not how long overdue
        if text[match.start() - 1 : match.start()] == "每" or (
            not late and not overdue_before and raw in ("一", "1") and _RATE_AFTER.match(after)
        ):
            continue
        approx = match.group("approx") or match.group("mid")
        per = _UNIT_DAYS[unit]
        half = _HALF[per]
        if raw is None:
            if match.group("half1"):  # '半个月', '半年', '大半年'
                yield match, half, None, None
            elif approx == "几":  # '几天', '几个月': no exact count
                yield match, None, per, 9 * per
            continue
        span = _span(raw, text[max(0, match.start() - 8) : match.start()])
        if span is not None:
            yield match, None, span[0] * per, span[1] * per
            continue
        number = _value(raw)
        if number is None:
            continue
        if match.group("neg"):
            yield match, -1, None, None  # impossible: the caller rejects it
            continue
        if approx == "几":  # '十几天', '二十几天'
            yield match, None, int((number + 1) * per), int((number + 9) * per)
            continue
        days = number * per
        if approx == "半" or match.group("half2"):
            days += half
        if days != int(days):  # '0.5天': no whole day count
            yield match, None, int(days), int(days) + 1
            continue
        yield match, int(days), None, None


def _after_amount(raw: str, per: int, half: bool) -> str | None:
    """The numeral of the duration when `raw` starts with an amount in 万: '欠了三万两年' (an
    amount, then two years), '两万半年' (then half a year: no numeral), '一万一天多少钱' (then
    one day); '一万天' and '一万万天' stay one number."""
    head, _, tail = raw.rpartition("万")
    if not tail:
        return None if half else raw
    number = parse_number(raw)
    if len(tail) == 1 or (number is not None and number * per > MAX_DAYS):
        return tail
    return raw


def _span(raw: str, before: str) -> tuple[int, int] | None:
    """(low, high) when `raw` (or the digits before it) gives two numbers: '一两', '三五',
    '二三十', '十一二', '1-2'; None for one number."""
    digits = _SPAN_BEFORE.search(before)
    if digits and raw.isdigit() and int(digits.group(1)) < int(raw):
        return int(digits.group(1)), int(raw)
    match = _SPAN.fullmatch(raw)
    if match is None or (match.group("tens") and match.group("unit")):
        return None
    low, high = _DIGITS[match.group("a")], _DIGITS[match.group("b")]
    if low >= high:
        return None
    if match.group("tens"):
        return 10 + low, 10 + high
    scale = _UNITS.get(match.group("unit") or "", 1)
    return low * scale, high * scale


def find_days(text: str, today: date) -> DayCount | None:
    """The day count in `text` (simplified, NFKC), from a duration or a due date."""
    # Mask full dates first so the '1日' of '10月1日' is not read as a duration, and years.
    masked = _DATE.sub(
        lambda m: (
            " " * len(m.group()) if m.group("m") or m.group("y2") or m.group("rel") else m.group()
        ),
        text,
    )
    masked = _A_YEAR.sub(lambda m: " " * len(m.group()), masked)
    for match, days, low, high in _durations(masked):
        if days is not None and not 0 <= days <= MAX_DAYS:
            return DayCount(days=None, span=match.span(), impossible=True)
        before = masked[max(0, match.start() - 3) : match.start()]
        asked = days is None and match.group("n") is None and not _OVERDUE_BEFORE.search(before)
        told = days is None and (match.group("n") is not None or masked[match.end() :][:1] == "了")
        return DayCount(days=days, low=low, high=high, span=match.span(), asked=asked, told=told)
    return _due_date(text, today)


def due_date_of(today: date, count: DayCount) -> date | None:
    """The due date a count ahead points to."""
    return today + timedelta(days=count.ahead) if count.ahead is not None else None


def strip_days(text: str) -> str:
    """`text` without its durations and dates, so '3天' and '90天' match the same phrasings."""

    def blank(match: re.Match) -> str:
        return " " if match.group("n") or match.group("half1") else match.group()

    return _DURATION.sub(blank, _DATE.sub(" ", _A_YEAR.sub(" ", text)))
