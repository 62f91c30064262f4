"""Round-4 law and credit points: 'still sued after years' says yes first, a suit already
received gets the steps, enforcement timing has no fixed days, a loan overdue limits the loan
line (not the whole app), borrowing again needs no set wait, own assets (公积金, 社保卡) frozen
only by a court, 滞纳金 defined, stage replies open with the consequences."""

from __future__ import annotations

import pytest
from direct import TODAY, assert_direct, first_two

from bot.engine import Engine

# (question, intent.topic expected, first two sentences contain)
DIRECT = [
    # years overdue: 'yes, can still be sued' before the limitation mechanics
    ("借呗欠了四年没还还会被起诉吗", "lawsuit.limitation", ["仍然可能起诉", "3年"]),
    # already sued: the steps, not 'may they sue'
    ("信用卡收到起诉书了还有补救办法吗", "lawsuit.summons", ["出庭", "缺席判决"]),
    # asking WHEN enforcement starts: no fixed days, what decides it
    ("强制执行多久能立案", "lawsuit.when_enforced", ["没有固定的天数", "申请"]),
    # what suing leads to, when the question says 起诉会怎样
    ("花呗逾期起诉会怎样处理", "lawsuit.after_sued", ["判决", "强制执行"]),
    ("借呗把我起诉了接下来会怎样", "lawsuit.after_sued", ["判决", "强制执行"]),
    ("信用卡被银行起诉了还能分期吗", "lawsuit.settle", ["能", "和解"]),
    ("判决生效多久开始执行", "lawsuit.when_enforced", ["没有固定的天数"]),
    # the borrower's own assets: only a court
    ("欠网贷公积金会被冻结吗", "lawsuit.court_freeze", ["有权机关"]),
    ("社保卡会因为欠信用卡被冻结吗", "lawsuit.court_freeze", ["有权机关"]),
    # same-bank deduction from a savings card: the contract, not a court freeze
    ("工行信用卡欠款会从本行储蓄卡扣钱吗", "lawsuit.bank_deduction", ["以合同约定为准"]),
    # the loan line is what a lender limits
    ("借呗逾期了支付宝还能用吗", "account_restrictions.while_overdue", ["借款额度"]),
    ("信用卡逾期后额度看不到了", "account_restrictions.no_limit", ["风控"]),
    # borrowing again: no set wait
    ("逾期还清以后多久能贷款买房", "credit_report.loan_impact", ["要等几年", "审批"]),
    ("协商分期以后还能贷款吗", "negotiate_repayment.borrow_after", ["没有规定", "各机构"]),
    # 滞纳金: what it is, abolished for cards
    ("信用卡滞纳金啥意思", "penalty_fees.late_fee", ["滞纳金是", "2017年1月1日取消"]),
    # a stage reply: consequences first
    ("网贷逾期两个月会怎么样", "timeline", ["罚息", "征信"]),
    ("借呗逾期80天会有什么后果", "timeline", ["征信", "起诉"]),
    # comparing two durations: no legal line, longer is heavier (not the 90-day rumour)
    ("逾期半个月和逾期两个月有什么不同", "timeline.compare", ["没有按天数", "拖得越久"]),
]


@pytest.mark.parametrize(("question", "where", "needles"), DIRECT)
def test_first_two_sentences_answer_the_point(
    engine: Engine, question: str, where: str, needles: list[str]
) -> None:
    assert_direct(engine, question, where, needles)


@pytest.mark.parametrize("question", ["网贷逾期两年了还会被起诉吗", "信用卡欠了五年银行还会告我吗"])
def test_years_overdue_do_not_open_with_may_or_may_not(engine: Engine, question: str) -> None:
    lead = first_two(engine.answer(question, today=TODAY).answer)
    assert "仍然可能起诉" in lead and not lead.startswith("可能会"), (question, lead)


@pytest.mark.parametrize("question", ["京东白条逾期了京东App还能用吗", "借呗逾期了支付宝还能用吗"])
def test_an_overdue_loan_is_not_said_to_shut_the_whole_app(engine: Engine, question: str) -> None:
    lead = first_two(engine.answer(question, today=TODAY).answer)
    assert "别指望" not in lead, (question, lead)


def test_borrowing_again_implies_no_five_year_wait(engine: Engine) -> None:
    lead = first_two(engine.answer("网贷还清了多久可以办房贷", today=TODAY).answer)
    assert "没有" in lead and "要等5年" not in lead, lead
