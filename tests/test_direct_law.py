"""Lawsuits, frozen money, credit records and overdue timing, beyond the table of
tests/data/direct_answers.yaml: what the lead must not open with, the intent a neighbouring
question must not take, and notes that must come first."""

from __future__ import annotations

import pytest
from direct import TODAY, first_two

from bot.engine import Engine


@pytest.mark.parametrize(
    ("question", "absent"),
    [
        # already sued: no "可能会" about whether they will sue
        ("被银行起诉了怎么办", "可能会"),
        # a same-bank deduction is not sent to a court first
        ("信用卡欠款银行直接扣了我工资卡里的钱", "强制执行"),
        # an arbitration award: no court appeal period borrowed from judgments
        ("网贷仲裁裁决书下来了不服怎么办", "15日内可以上诉"),
        # a month overdue is not "a day or two late"
        ("借呗逾期一个月要紧吗", "晚一两天"),
    ],
)
def test_first_two_sentences_do_not_open_with_a_neighbour(
    engine: Engine, question: str, absent: str
) -> None:
    lead = first_two(engine.answer(question, today=TODAY).answer)
    assert absent not in lead, (question, lead)


@pytest.mark.parametrize("question", ["网贷逾期两年了还会被起诉吗", "信用卡欠了五年银行还会告我吗"])
def test_years_overdue_do_not_open_with_may_or_may_not(engine: Engine, question: str) -> None:
    lead = first_two(engine.answer(question, today=TODAY).answer)
    assert "仍然可能起诉" in lead and not lead.startswith("可能会"), (question, lead)


def test_a_feared_lawsuit_is_not_answered_as_one_already_filed(engine: Engine) -> None:
    """'会被起诉吗…如何应对' has not happened: no opening with the summons steps."""
    reply = engine.answer("逾期半年真的会被起诉吗？如何应对", today=TODAY)
    assert reply.intent == "lawsuit"
    assert not first_two(reply.answer).startswith("被起诉了别躲"), reply.answer


def test_a_property_fee_lawsuit_is_not_a_loan_lawsuit(engine: Engine) -> None:
    """Suing over unpaid property fees is not an overdue loan: no loan-lawsuit answer."""
    reply = engine.answer("物业费一直没交，物业会起诉我吗", today=TODAY)
    assert reply.intent != "lawsuit", reply.answer


def test_taiwan_payment_order_keeps_the_note_then_the_objection(engine: Engine) -> None:
    answer = engine.answer("收到支付命令怎麼辦", today=TODAY).answer
    lead = first_two(answer)
    assert "臺灣" in lead and "異議" in lead, lead


def test_court_frozen_wage_card_is_not_a_platform_freeze(engine: Engine) -> None:
    reply = engine.answer("工资卡被冻结了还能发工资吗", today=TODAY)
    assert reply.intent == "lawsuit"
    assert "平台和催收解不了" in first_two(reply.answer)


def test_a_wechat_balance_freeze_is_not_a_credit_line_freeze(engine: Engine) -> None:
    reply = engine.answer("微信零钱突然被冻结了怎么回事", today=TODAY)
    assert (reply.intent, reply.topic) == ("lawsuit", "lawsuit.court_freeze")
    assert "额度" not in first_two(reply.answer)


@pytest.mark.parametrize("question", ["京东白条逾期了京东App还能用吗", "借呗逾期了支付宝还能用吗"])
def test_an_overdue_loan_is_not_said_to_shut_the_whole_app(engine: Engine, question: str) -> None:
    lead = first_two(engine.answer(question, today=TODAY).answer)
    assert "别指望" not in lead, (question, lead)


@pytest.mark.parametrize(
    "question", ["贷款查询记录太多怎么恢复征信", "网贷申请被拒多次，多久能恢复"]
)
def test_inquiries_do_not_get_the_overdue_record_rule(engine: Engine, question: str) -> None:
    """Too many inquiries or refusals: the reply says the 5-year rule is for overdue records
    and does not open with it as if it applied."""
    reply = engine.answer(question, today=TODAY)
    assert reply.topic == "credit_report.inquiries", (question, reply.topic)
    lead = first_two(reply.answer)
    assert not lead.startswith("还清之后满5年"), lead
    assert "不良信息" in lead, lead


def test_borrowing_again_implies_no_five_year_wait(engine: Engine) -> None:
    lead = first_two(engine.answer("网贷还清了多久可以办房贷", today=TODAY).answer)
    assert "没有" in lead and "要等5年" not in lead, lead


def test_a_relatives_overdue_stays_a_family_question(engine: Engine) -> None:
    assert engine.answer("家人网贷逾期会影响我买房吗", today=TODAY).intent == "family_liability"


def test_the_minimum_payment_is_not_read_as_an_overdue(engine: Engine) -> None:
    assert engine.answer("信用卡最低还款有什么影响", today=TODAY).intent != "timeline"


def test_a_card_paid_to_its_minimum_is_not_called_overdue(engine: Engine) -> None:
    """'只还最低还款算不算逾期' must not get '过了还款日没还清就算逾期'."""
    reply = engine.answer("信用卡只还了最低还款额，算逾期吗")
    assert reply.topic == "grace_period.minimum_payment"
    assert "一般不算逾期" in first_two(reply.answer)
    assert "没还清就算逾期" not in reply.answer
