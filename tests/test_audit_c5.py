"""Regression checks for the reader's verdicts: the first two sentences answer the point asked."""

from __future__ import annotations

import re

import pytest

from bot.engine import Engine

_SENTENCE = re.compile(r".+?(?:[。！？]|\n|$)", re.S)


def _lead(answer: str) -> str:
    """The first two sentences of a reply: what a reader sees first."""
    return "".join(_SENTENCE.findall(answer.strip())[:2])


# (reader case, question, topic chosen, must be in the first two sentences, must not be there)
CASES = [
    (
        "card interest: when",
        "华夏信用卡逾期多久有利息",
        "penalty_fees.card_fees",
        "没有规定逾期几天内不收利息",
        None,
    ),
    (
        "card interest: one day",
        "信用卡逾期一天怎样算利息",
        "penalty_fees.card_fees",
        "领用合约的利率",
        None,
    ),
    (
        "card interest: years",
        "信用卡逾期几年利息怎么算",
        "penalty_fees.card_years",
        "年化24%",
        None,
    ),
    (
        "36% not a licence to skip",
        "网贷年利率36%可以不还吗",
        "penalty_fees.caps",
        "本金和上限以内的利息仍要还",
        None,
    ),
    ("usury standard", "高利贷是怎么认定的", "penalty_fees.usury", "4倍", None),
    (
        "网贷 rule first",
        "网贷逾期怎么算利息和罚息的",
        "penalty_fees.online_fees",
        "借款合同",
        "银行贷款（含房贷",
    ),
    (
        "travel with a record",
        "有逾期记录可以坐高铁吗",
        "lawsuit.overdue_travel",
        "不影响坐高铁",
        None,
    ),
    ("listed: the way out", "网贷逾期成了老赖怎么办呢", "lawsuit.dishonest_exit", "删除", None),
    ("time to judgment", "网贷逾期后起诉要多久判", "lawsuit.duration", "没有固定的时间", None),
    ("when sued", "逾期多久会被起诉", "lawsuit.when_sued", "没有法定的天数", None),
    ("card frozen after suit", "被起诉后信用卡会被冻结吗", "lawsuit.card_frozen", "停卡", None),
    ("wages on a card", "被法院强制执行扣薪", "lawsuit.enforcement", "工资", None),
    (
        "settle after suit",
        "信用卡被起诉如何协商分期",
        "negotiate_repayment.after_lawsuit",
        "调解",
        None,
    ),
    ("refused: steps", "银行不愿意个性化分期怎么办", "negotiate_repayment.refused", "再申请", None),
    (
        "card refused: steps",
        "信用卡个性化分期不同意怎么办",
        "negotiate_repayment.card_plan",
        "银行不同意时",
        None,
    ),
    (
        "mortgage, not 网贷",
        "建行房贷可以延期几天",
        "negotiate_repayment.bank_loan",
        "贷款银行",
        "平台",
    ),
    (
        "no self-declared pause",
        "安逸花可以停止一年再还款吗",
        "negotiate_repayment.pause",
        "仍算逾期",
        None,
    ),
    (
        "停息挂账 pros and cons",
        "支付宝停息挂账的好处和危害",
        "negotiate_repayment.pros_cons",
        "代价",
        None,
    ),
    (
        "no 5-year ban",
        "逾期处理后多久能恢复贷款资格",
        "credit_repair.loan_eligibility",
        "没有固定的等待期",
        None,
    ),
    (
        "a few days late",
        "网商贷逾期一天影响大不,会影响自己的征信吗",
        "credit_report.when_reported",
        "不一定",
        None,
    ),
    (
        "interest after death",
        "人死后贷款利息还在涨?",
        "death_inheritance.interest",
        "死亡证明",
        None,
    ),
    (
        "how contacts are reached",
        "逾期怎么爆通讯录的",
        "contact_address_book.how_it_happens",
        "权限",
        None,
    ),
    (
        "outsourced visit",
        "光大信用卡第三方上门催收怎么办",
        "third_party_collection.door",
        "至少2人",
        None,
    ),
    (
        "civil servant at work",
        "网贷逾期会打电话给单位吗?公务员会不会受影响?",
        "life_impact.serving_civil_servant",
        "单位",
        None,
    ),
    (
        "rumoured rules",
        "2021年欠债不还五种新规是什么",
        "timeline.rumoured_rules",
        "没有对应的法律",
        None,
    ),
    ("car loan", "车贷逾期多久会拖车", "timeline.car_loan", "合同", None),
    (
        "jail and family together",
        "网贷逾期后是否会坐牢?亲属需要承担还款责任吗?",
        "family_liability.jail_and_family",
        "不会坐牢",
        None,
    ),
    ("call hours", "催收电话拨打的时限是什么", "phone_calls.hours", "22:00", None),
    (
        "calls alone: complain",
        "催收一天打几十个电话可以报警吗",
        "harassment_complaint.police",
        "12321",
        "可以，马上报警",
    ),
    # second reader round (c6): topics added for the point asked
    (
        "calls stop",
        "催收电话什么时候才会停",
        "phone_calls.calls_end",
        "没有法定的停止时间",
        "没有统一的天数",
    ),
    ("calls stop 2", "借呗催款电话要打多久停止", "phone_calls.calls_end", "还清", None),
    ("calls start", "逾期多久会开始打电话", "phone_calls.when_start", "没有统一的天数", None),
    (
        "current job",
        "信用卡逾期会影响我上班吗",
        "life_impact.current_job",
        "一般不会直接影响你现在的工作",
        None,
    ),
    ("job hunting", "网贷逾期会影响找工作吗", "life_impact.job", "书面同意", None),
    (
        "letter timing",
        "逾期多少天寄催收函到老家",
        "mail_notice.when_sent",
        "没有法律规定的时间",
        None,
    ),
    (
        "court papers where",
        "法院的起诉材料会寄到哪里",
        "mail_notice.where_sent",
        "由法院送达",
        None,
    ),
    ("limit gone", "借呗额度没了是怎么回事", "account_restrictions.no_limit", "风控", "可能能"),
    (
        "use while overdue",
        "花呗逾期了还能使用吗",
        "account_restrictions.while_overdue",
        "平台可以按合同暂停",
        None,
    ),
    ("frozen", "白条被冻结了还能用吗", "account_restrictions.frozen", "被冻结期间一般用不了", None),
    (
        "borrow again",
        "还清以后还能再借吗",
        "account_restrictions.borrow_again",
        "由平台重新审批决定",
        "可能能",
    ),
    (
        "card interest legal",
        "信用卡逾期利息这么高合不合法",
        "penalty_fees.card_legal",
        "一般是合法的",
        None,
    ),
    (
        "bank penalty rate",
        "银行贷款逾期罚息利率标准是多少",
        "penalty_fees.how_computed",
        "30%至50%",
        None,
    ),
    ("named agency", "某某资产催收正规吗", "third_party_collection.legal", "本身不违法", None),
    ("door visit calm", "网贷逾期会有人上门吗", None, "不一定会上门", "可能会"),
    ("already visited", "催收昨天已经上门了怎么办", "door_visit.visited", "核实", None),
    ("must answer", "催收电话一定要接吗", "unanswered_calls.must_answer", "建议接", None),
    ("harassment: act first", "遇到暴力催收怎么处理", None, "110", None),
    ("how to repay", "逾期了钱去哪还", "negotiate_repayment.pay_overdue", "官方App", None),
]


@pytest.mark.parametrize(("case", "question", "topic", "present", "absent"), CASES)
def test_reply_leads_with_the_point(
    engine: Engine, case: str, question: str, topic: str | None, present: str, absent: str | None
) -> None:
    reply = engine.answer(question)
    assert reply.topic == topic, case
    lead = _lead(reply.answer)
    assert present in lead, case
    if absent is not None:
        assert absent not in lead, case


def test_general_phone_answer_is_not_a_bare_yes(engine: Engine) -> None:
    """'会。' alone read as 'yes' to questions the intent only half matched."""
    reply = engine.answer("逾期后平台会打电话给我吗")
    assert not reply.answer.startswith("会。")


def test_card_askers_get_the_overdraft_caveat_with_no_jail(engine: Engine) -> None:
    """A credit-card asker told '不会坐牢' also hears that going silent can count as 恶意透支."""
    reply = engine.answer("信用卡逾期会被起诉吗")
    assert reply.platform == "信用卡"
    if "不会因为还不上就坐牢" in reply.answer:
        assert "恶意透支" in reply.answer


def test_half_year_stage_is_conditional(engine: Engine) -> None:
    """A small debt at day 200 is not told about 失信 lists and 刑法第313条 as if they were due."""
    reply = engine.answer("逾期200天了")
    assert "第三百一十三条" not in reply.answer
    assert "判决后仍不履行" in reply.answer
