"""Round-3 law and credit points: feared lawsuits, several creditors, the only home, hiding
income from enforcement, credit inquiries (not the 5-year overdue rule), 呆账 timing, identity
theft, 非恶意逾期证明, a 个性化分期 broken, paying in full, WeChat/Alipay use: the topic chosen and
what the first two sentences say (or must not say)."""

from __future__ import annotations

import pytest
from direct import TODAY, assert_direct, first_two

from bot.engine import Engine

# (question, intent.topic expected, first two sentences contain)
DIRECT = [
    # feared, not happening: whether it may happen, not the steps after a summons
    ("信用卡欠了三个月真的会被银行告吗，怎么应对", "lawsuit", ["可能会", "由各机构自己决定"]),
    ("网贷被起诉怎么应对", "lawsuit.summons", ["出庭", "缺席判决"]),
    # what being sued leads to: judgment, enforcement, 限高 first
    ("欠网贷被法院起诉后会怎么样", "lawsuit.after_sued", ["判决", "强制执行", "限制高消费"]),
    # several creditors: each sues on its own contract
    ("欠了四家银行的信用卡会一起起诉我吗", "lawsuit.several_creditors", ["各自的合同", "法院文书"]),
    # the only home: the court's documents decide; no invented rule
    ("名下只有一套房子会被法院拍卖吗", "lawsuit.home_auction", ["马上被收走", "执行法院"]),
    # hiding wages from enforcement: not coached, the risks and the lawful way
    ("怕被强制执行，工资改成领现金行不行", "lawsuit.hide_assets", ["不建议", "失信被执行人"]),
    # a court freeze: how long is the court's call
    ("银行卡被法院冻了一般冻多久", "lawsuit.court_freeze", ["执行法院"]),
    # credit inquiries are not overdue records
    ("征信查询次数太多了多久能恢复", "credit_report.inquiries", ["不是一回事", "以征信中心"]),
    # 呆账: how long until it is one has no legal number
    ("信用卡欠款多久会变成呆账", "credit_report.bad_debt", ["没有统一的天数"]),
    # an overdue on the report: the steps first
    ("我的征信报告有逾期记录了该怎么办", "credit_report.what_now", ["先做三件事", "异议"]),
    # a loan taken in one's name: dispute, free
    ("身份证被别人冒用借了网贷怎么办", "credit_repair.identity_theft", ["先别认", "异议"]),
    # 非恶意逾期证明: the institution's rules; it deletes nothing
    ("去银行开非恶意逾期证明有用吗", "credit_repair.certificate", ["该机构的规定", "不会删除"]),
    # a 个性化分期 broken: collection may resume, the agreement decides
    (
        "信用卡停息挂账以后又逾期了怎么办",
        "negotiate_repayment.plan_default",
        ["恢复催收", "第七十条"],
    ),
    # wanting to pay in full: how to do it safely
    (
        "逾期的网贷我打算一次性还清，要注意什么",
        "negotiate_repayment.settle_full",
        ["结清金额", "官方"],
    ),
    # the lender demands a lump sum
    ("借呗逾期后被要求一次结清怎么办", "negotiate_repayment.lump_sum", ["分期", "如实"]),
    # the borrower's WeChat/Alipay use, not the loan's credit line only
    ("网贷逾期了支付宝会不会被封号", "account_restrictions.wallet_app", ["借款本身", "用户协议"]),
    # 'what counts as 恶意逾期' without a card: the civil-matter rule, not the 失信 list
    ("网贷怎样才算恶意逾期", "lawsuit.jail", ["不会因为还不上钱就坐牢"]),
    # late but already repaid: what follows now, not 'strictly it is overdue'
    ("逾期五天后来还上了，应该没事吧", "grace_period.repaid_late", ["已经还上就好"]),
    # an agreed deferral: the agreement decides; a pending request does not stop the clock
    (
        "银行同意我延期还款了，这期间算逾期吗",
        "negotiate_repayment.deferral_overdue",
        ["看协议", "书面确认"],
    ),
    # banned from trains: when it ends is the enforcing court's call
    ("被限制乘坐高铁以后何时恢复", "lawsuit.lift_ban", ["执行法院"]),
    # off the 失信 list: the credit record is separate, 5 years from repayment
    ("失信解除了，银行那边征信多久恢复", "lawsuit.dishonest_credit", ["两回事", "5年"]),
    # interest caps: the figures in the first sentence
    ("网贷年化36%合法吗", "penalty_fees.caps", ["24%", "4倍"]),
    # what can be frozen: the platform's credit line vs own money (courts only), both first
    ("分期乐逾期了会冻结我哪些东西", "account_restrictions.what_frozen", ["借款额度", "有权机关"]),
    # a collector's discount offer: official confirmation, official channel
    ("催收说能减免一半，怎么分辨真假", "negotiate_repayment.verify_offer", ["官方", "个人账户"]),
]


@pytest.mark.parametrize(("question", "where", "needles"), DIRECT)
def test_first_two_sentences_answer_the_point(
    engine: Engine, question: str, where: str, needles: list[str]
) -> None:
    assert_direct(engine, question, where, needles)


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


def test_a_feared_lawsuit_is_not_answered_as_one_already_filed(engine: Engine) -> None:
    """'会被起诉吗…如何应对' has not happened: no opening with the summons steps."""
    reply = engine.answer("逾期半年真的会被起诉吗？如何应对", today=TODAY)
    assert reply.intent == "lawsuit"
    assert not first_two(reply.answer).startswith("被起诉了别躲"), reply.answer


def test_a_property_fee_lawsuit_is_not_a_loan_lawsuit(engine: Engine) -> None:
    """Suing over unpaid property fees is not an overdue loan: no loan-lawsuit answer."""
    reply = engine.answer("物业费一直没交，物业会起诉我吗", today=TODAY)
    assert reply.intent != "lawsuit", reply.answer


def test_a_card_paid_to_its_minimum_is_not_called_overdue(engine: Engine) -> None:
    """'只还最低还款算不算逾期' must not get '过了还款日没还清就算逾期'."""
    reply = engine.answer("信用卡只还了最低还款额，算逾期吗")
    assert reply.topic == "grace_period.minimum_payment"
    assert "一般不算逾期" in first_two(reply.answer)
    assert "没还清就算逾期" not in reply.answer
