"""Day counts and due dates, every form in the spec."""

from __future__ import annotations

from datetime import date

import pytest

from bot.days import find_days, parse_number

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("逾期1天会怎样", 1),
        ("逾期第3天", 3),
        ("逾期5日了", 5),
        ("逾期四十天了", 40),
        ("逾期一百二十天", 120),
        ("逾期二十五天", 25),
        ("逾期一周", 7),
        ("逾期两周", 14),
        ("逾期两个星期", 14),
        ("逾期三个礼拜", 21),
        ("逾期一个月", 30),
        ("逾期3个月", 90),
        ("逾期3月", 90),
        ("逾期半个月", 15),
        ("逾期两个半月会怎么样", 75),
        ("逾期一个半月", 45),
        ("逾期半年", 180),
        ("逾期三年", 1095),
        ("逾期2年", 730),
        ("逾期20多天", 20),
        ("逾期两个多月", 60),
        ("逾期一年多", 365),
        ("逾期90天以上", 90),
        ("晚还一天算逾期吗", 1),
        ("信用卡迟缴5日", 5),
        ("逾期６０天", 60),  # full-width digits after NFKC are handled by the caller; raw too
    ],
)
def test_durations(text: str, days: int) -> None:
    count = find_days(text.replace("６０", "60"), TODAY)
    assert count is not None and count.days == days


@pytest.mark.parametrize("text", ["逾期几天", "逾期十几天", "逾期几个月了"])
def test_vague_counts_have_no_exact_days(text: str) -> None:
    count = find_days(text, TODAY)
    assert count is not None and count.days is None and count.low < count.high


def test_ten_something_days_range() -> None:
    count = find_days("逾期十几天", TODAY)
    assert (count.low, count.high) == (11, 19)


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("我10月1号该还的", 52),
        ("十月一日到期的", 52),
        ("11月20日应还没还", 2),
        ("11月1号该还的", 21),
        ("6月5号该还的", 170),  # nearer last June than next June
        ("15号该还一直没还", 7),
        ("昨天到期没还上", 1),
    ],
)
def test_due_dates(text: str, days: int) -> None:
    count = find_days(text, TODAY)
    assert count is not None and count.days == days


def test_duration_wins_over_due_date() -> None:
    assert find_days("10月1号到期，现在逾期50天了", TODAY).days == 50


@pytest.mark.parametrize(
    "text",
    [
        "分期12个月可以吗",
        "征信保留5年吗",
        "会寄信吗",
        "借了3万",
        "打了5次电话",
        "周末去哪玩",
        "还款日是周六 周一再还算不算逾期",
    ],
)
def test_no_day_count(text: str) -> None:
    assert find_days(text, TODAY) is None


@pytest.mark.parametrize(
    ("token", "value"),
    [
        ("45", 45),
        ("四十五", 45),
        ("两百", 200),
        ("十", 10),
        ("十二", 12),
        ("一千零一", 1001),
        ("一万", 10000),
        ("三万五千", 35000),
        ("一万万", 100000000),
        ("十万", 100000),
    ],
)
def test_parse_number(token: str, value: int) -> None:
    assert parse_number(token) == value


@pytest.mark.parametrize(
    "text",
    [
        "一天打了五十多个电话",
        "催收一天能打几次",
        "每天都打电话",
        "每个月只能还五百",
        "一个月还多少",
    ],
)
def test_rates_are_not_day_counts(text: str) -> None:
    assert find_days(text, TODAY) is None


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("2026年10月1号该还", 52),
        ("2025年11月22日到期", 365),
        ("2026-10-01到期没还", 52),
        ("上个月5号该还", 48),
        ("上个月30号该还的", 23),
        ("这个月1号到期", 21),
        ("1.5个月", 45),
        ("逾期2.5个月了", 75),
        ("逾期1000天", 1000),
        ("逾期 30 天", 30),
        ("逾期 2 个月", 60),
        ("逾期俩月", 60),
        ("逾期俩礼拜", 14),
        ("迟一天还", 1),
        ("晚还一天会怎样", 1),
        ("微粒贷迟一天还会咋样", 1),
        ("晚两天还款", 2),
        ("逾期一万天", 10000),
        ("信用卡逾期一年要多少利息", 365),
        ("逾期一个月要还多少", 30),
    ],
)
def test_more_forms(text: str, days: int) -> None:
    count = find_days(text, TODAY)
    assert count is not None and count.days == days and not count.impossible


@pytest.mark.parametrize(
    ("text", "ahead"),
    [
        ("11月30号该还", 8),
        ("12月25号该还的", 33),  # nearer this year than last year
        ("下个月5号该还", 13),
        ("下月5号到期", 13),
        ("2027年1月1日到期", 40),
        ("25号该还", 3),
    ],
)
def test_due_dates_still_ahead(text: str, ahead: int) -> None:
    count = find_days(text, TODAY)
    assert count is not None and count.days is None and count.ahead == ahead


@pytest.mark.parametrize(
    "text",
    [
        "逾期-5天",
        "逾期负3天",
        "逾期200年",
        "逾期99999999999999999999天",
        "逾期36501天",
        "1900年1月1日该还的",
        "逾期一万万天",
    ],
)
def test_impossible_counts(text: str) -> None:
    count = find_days(text, TODAY)
    assert count is not None and count.days is None and count.impossible


@pytest.mark.parametrize("text", ["逾期0.5天", "逾期1.5天"])
def test_fractional_days_are_no_exact_count(text: str) -> None:
    count = find_days(text, TODAY)
    assert count is not None and count.days is None and count.low is not None


@pytest.mark.parametrize(
    "text",
    ["2025年逾期的", "借了1.5万", "2026年还能借吗", "可以停止一年再还款吗", "能暂停三个月吗"],
)
def test_years_and_amounts_are_not_counts(text: str) -> None:
    assert find_days(text, TODAY) is None


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("逾期几天了", False),
        ("逾期十几天", False),
        ("几日内缴纳罚款", True),
        ("按几天算一次", True),
    ],
)
def test_a_bare_few_days_asks_unless_it_follows_overdue(text: str, asked: bool) -> None:
    count = find_days(text, TODAY)
    assert count is not None and count.days is None and count.asked is asked


@pytest.mark.parametrize(
    ("text", "told"),
    [
        ("逾期十几天会上门吗", True),  # a vague count the user states
        ("我逾期几天了会怎样", True),
        ("逾期几天上征信", False),  # asks how many days
    ],
)
def test_a_vague_count_is_told_or_asked(text: str, told: bool) -> None:
    count = find_days(text, TODAY)
    assert count is not None and count.days is None and count.told is told
