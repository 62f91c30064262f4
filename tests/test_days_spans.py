"""Day counts real questions got wrong: spans of two numbers, durations of not paying, an
amount before the duration, a Taiwan year."""

from __future__ import annotations

from datetime import date

import pytest

from bot.days import find_days

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("逾期一两天会怎样", 1, 2),  # not 12
        ("晚了三五天", 3, 5),  # not 35
        ("逾期两三个月", 60, 90),
        ("四五个月没还", 120, 150),
        ("逾期二三十天", 20, 30),
        ("逾期十一二天", 11, 12),
        ("逾期1-2天", 1, 2),
        ("逾期3到5天", 3, 5),
    ],
)
def test_a_span_of_two_numbers_is_no_exact_count(text: str, low: int, high: int) -> None:
    count = find_days(text, TODAY)
    assert count is not None and count.days is None
    assert (count.low, count.high) == (low, high) and count.told and not count.impossible


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("逾期十二天", 12),  # one number, even with two digits
        ("逾期三十五天", 35),
        ("逾期12天", 12),
        ("逾期二十天", 20),
    ],
)
def test_one_number_is_still_exact(text: str, days: int) -> None:
    count = find_days(text, TODAY)
    assert count is not None and count.days == days


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("两个月没还会怎样", 60),
        ("半年没还", 180),
        ("拍拍贷两个月没还会去家里吗", 60),  # 贷 before the count is a product name here
        ("网商贷3个月没还", 90),
        ("网贷三个月还不上了", 90),
        ("放心借半年都没还", 180),
    ],
)
def test_a_duration_of_not_paying_is_a_count(text: str, days: int) -> None:
    count = find_days(text, TODAY)
    assert count is not None and count.days == days


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("逾期1万半年没还", 180),
        ("欠了5万半年了", 180),
        ("欠了三万两年了", 730),
        ("借了1.5万半年", 180),
        ("网商贷逾期两万半年多了会被起诉吗", 180),  # not 20000 years and a half
        ("欠了一万三个月", 90),
        ("欠两万半年", 180),
    ],
)
def test_an_amount_does_not_block_the_count(text: str, days: int) -> None:
    count = find_days(text, TODAY)
    assert count is not None and count.days == days and not count.impossible


@pytest.mark.parametrize("text", ["分期12个月没还", "贷3个月", "网贷借12个月利息多少"])
def test_a_loan_term_stays_no_count(text: str) -> None:
    assert find_days(text, TODAY) is None


@pytest.mark.parametrize("text", ["借呗一万元一个月利息多少", "网贷一年的利息是多少"])
def test_interest_for_a_month_is_a_rate(text: str) -> None:
    assert find_days(text, TODAY) is None


def test_interest_after_overdue_keeps_the_count() -> None:
    assert find_days("信用卡逾期一个月利息多少", TODAY).days == 30


def test_a_taiwan_year_is_no_count() -> None:
    assert find_days("已达成95年度的前置协商", TODAY) is None
    assert find_days("95年度协商后逾期3天", TODAY).days == 3


@pytest.mark.parametrize(
    "text",
    ["日利率0.04%一万一天多少钱", "借呗一天多少利息", "一天多少钱", "日息万分之三一年是多少"],
)
def test_a_price_per_day_is_no_count(text: str) -> None:
    # the 多 of 多少 is not '一天多' (a day and more), and 一万 before it is an amount
    assert find_days(text, TODAY) is None


@pytest.mark.parametrize(("text", "days"), [("逾期一万天", 10000), ("逾期一年多了", 365)])
def test_a_number_with_wan_alone_is_still_the_count(text: str, days: int) -> None:
    assert find_days(text, TODAY).days == days


@pytest.mark.parametrize(
    "text", ["一审收到判决书15天怎么算时间", "收到传票3天了怎么办", "被起诉15天了会怎样"]
)
def test_time_since_a_court_step_is_no_count(text: str) -> None:
    # how long since the judgment, summons or suit, not how long the loan is overdue
    assert find_days(text, TODAY) is None


@pytest.mark.parametrize(("text", "days"), [("逾期15天被起诉了", 15), ("逾期90天会起诉吗", 90)])
def test_a_count_before_the_court_step_stays(text: str, days: int) -> None:
    assert find_days(text, TODAY).days == days


@pytest.mark.parametrize(
    "text", ["我借了五年债，利息合法吗", "贷了三年的房贷还不上", "一天收到上百条催收短信"]
)
def test_a_loan_term_or_a_daily_rate_is_no_count(text: str) -> None:
    # '借了五年' is how long the loan runs; '一天收到上百条' is how often, not how long overdue
    assert find_days(text, TODAY) is None


@pytest.mark.parametrize(
    ("text", "days"), [("花呗晚还了三天", 3), ("迟还了一天有影响吗", 1), ("借了三个月没还", 90)]
)
def test_late_or_unpaid_after_le_still_counts(text: str, days: int) -> None:
    assert find_days(text, TODAY).days == days


@pytest.mark.parametrize(
    ("text", "days"),
    [
        # 'N年前的…', 'N年前借的' date the loan; '三天前逾期了' dates the overdue
        ("我两年前的车贷有3次逾期", None),
        ("三年前借的网贷没还", None),
        ("三天前逾期了", 3),
        # the law's periods, unless the duration comes right after 逾期
        ("民事诉讼时效三年和二十年的区别", None),
        ("诉讼时效是三年吗", None),
        ("诉讼时效过了，逾期五年了", 1825),
        # a stretch of time ('这两年', '最近三个月', '过去一年') or a rate ('一年能查几次')
        ("我这两年网贷点多了，征信花了", None),
        ("最近三个月一直被催", None),
        ("过去一年逾期了三次", None),
        ("个人征信一年能查几次", None),
        ("逾期这两个月了", 60),
        # the length of a legal period
        ("破产后4年破产期内有什么影响", None),
        ("判了三年缓刑期内欠款怎么办", None),
    ],
)
def test_a_date_a_stretch_a_rate_or_a_period_of_the_law_is_no_count(
    text: str, days: int | None
) -> None:
    count = find_days(text, TODAY)
    assert (count.days if count else None) == days
