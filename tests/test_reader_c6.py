"""Reader verdicts (second round): the first two sentences answer the point asked."""

from __future__ import annotations

import re

import pytest

from bot.engine import Engine

_SENTENCE = re.compile(r".+?(?:[。！？]|\n|$)", re.S)


def _lead(answer: str) -> str:
    """The first two sentences of a reply: what a reader sees first."""
    return "".join(_SENTENCE.findall(answer.strip())[:2])


# (reader case, question, topic chosen or None for the general answer, must lead, must not lead)
CASES = [
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
    engine: Engine,
    case: str,
    question: str,
    topic: str | None,
    present: str,
    absent: str | None,
) -> None:
    reply = engine.answer(question)
    assert reply.topic == topic, case
    lead = _lead(reply.answer)
    assert present in lead, case
    if absent is not None:
        assert absent not in lead, case
