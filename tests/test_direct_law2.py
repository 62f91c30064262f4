"""Round-2 law points: 诉前调解, 支付令 objections, enforcement periods, same-bank deductions,
own assets frozen, limitation, already sued, paid-but-overdue, 呆账, 停催: the topic chosen and
what the first two sentences say (or must not say)."""

from __future__ import annotations

import pytest
from direct import TODAY, assert_direct, first_two

from bot.engine import Engine

# (question, intent.topic expected, first two sentences contain)
DIRECT = [
    # a court's pre-litigation mediation: may be real or fake, verify on 12368
    ("收到法院的诉前调解短信怎么办", "lawsuit.pre_mediation", ["可能是真的", "12368"]),
    ("网贷说要诉前调解是真的吗", "lawsuit.pre_mediation", ["冒充", "12368"]),
    # 支付令 / Taiwan 支付命令: object in writing within 15 days
    ("法院寄来支付命令该怎么处理", "lawsuit.payment_order", ["15日内", "书面提出异议"]),
    # a judgment does not lapse because it is not paid: 2 years to apply for enforcement
    ("判决下来了对方一直不申请执行会失效吗", "lawsuit.enforcement_period", ["失效", "2年内"]),
    # the card holder's own savings card at the same bank: the contract, not a court
    ("信用卡欠款银行直接扣了我工资卡里的钱", "lawsuit.bank_deduction", ["不一定是法院", "合同"]),
    ("信用卡逾期银行从我储蓄卡扣钱合法吗", "lawsuit.bank_deduction", ["以合同约定为准"]),
    # own assets frozen: an authority (court), not the platform
    ("支付宝余额被有权机关冻结了", "lawsuit.court_freeze", ["有权机关", "12368"]),
    ("工资卡被冻结了能留多少生活费", "lawsuit.living_costs", ["执行法院的决定"]),
    # limitation: the debt does not lapse by itself
    ("欠网贷八年了怎么一直不起诉我", "lawsuit.limitation", ["不会", "诉讼时效是3年"]),
    ("欠款拖得久了是不是就不用还了", "lawsuit.limitation", ["不会", "时效"]),
    ("信用卡欠了十几年还要还吗", "lawsuit.limitation", ["不会", "时效"]),
    # already sued: the steps first, not whether it will happen
    ("被银行起诉了怎么办", "lawsuit.summons", ["出庭", "缺席判决"]),
    ("网贷被起诉了怎么还", "lawsuit.settle", ["能", "分期"]),
    ("欠款逾期多久会收到法院传票", "lawsuit.when_sued", ["没有法定的天数"]),
    # paid every month yet shown overdue
    ("每期都按时还了为什么还显示逾期", "grace_period.paid_still_overdue", ["账单", "到账"]),
    # 呆账: what it is → credit_report; removing it → credit_repair
    ("征信上显示呆账是什么意思", "credit_report.bad_debt", ["不良记录", "5年"]),
    ("呆账多久能消除", "credit_repair.how_long", ["5年"]),
    # asking customer service to stop collection: a plan, not a word
    ("跟客服说停催管用吗", "negotiate_repayment.stop_collection", ["不一定停", "还款方案"]),
    # the lender asks for a lump sum: say what you can pay, ask for instalments
    ("银行要我一次性还清全部欠款怎么办", "negotiate_repayment.lump_sum", ["分期", "如实"]),
    # money kept back at lending (砍头息): repay what reached you
    ("借3000实际到手2100正常吗", "penalty_fees.upfront_deduction", ["到手的金额"]),
    # one's own card frozen: a court matter, with the court to ask
    ("逾期后储蓄卡被冻结了", "lawsuit.court_freeze", ["执行法院"]),
    # late already: repay now first, the rules after
    ("忘了还款已经过了还款日怎么办", "grace_period.what_now", ["马上把欠款还上"]),
    # a mortgage application after an overdue: the credit report, not the platform's limits
    ("花呗逾期了以后还能申请房贷吗", "credit_report.loan_impact", ["审批"]),
]


@pytest.mark.parametrize(("question", "where", "needles"), DIRECT)
def test_first_two_sentences_answer_the_point(
    engine: Engine, question: str, where: str, needles: list[str]
) -> None:
    assert_direct(engine, question, where, needles)


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


def test_a_wechat_balance_freeze_is_not_a_credit_line_freeze(engine: Engine) -> None:
    reply = engine.answer("微信零钱突然被冻结了怎么回事", today=TODAY)
    assert (reply.intent, reply.topic) == ("lawsuit", "lawsuit.court_freeze")
    assert "额度" not in first_two(reply.answer)


def test_the_minimum_payment_is_not_read_as_an_overdue(engine: Engine) -> None:
    assert engine.answer("信用卡最低还款有什么影响", today=TODAY).intent != "timeline"


def test_taiwan_payment_order_keeps_the_note_then_the_objection(engine: Engine) -> None:
    answer = engine.answer("收到支付命令怎麼辦", today=TODAY).answer
    lead = first_two(answer)
    assert "臺灣" in lead and "異議" in lead, lead
