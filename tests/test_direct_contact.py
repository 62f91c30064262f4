"""Replies about contact, letters, visits, scams, family and death answer the point first."""

from __future__ import annotations

import pytest
from direct import first_two

from bot.engine import Engine

# (row, question, topic or intent answered, words the first two sentences must contain,
#  words they must not contain)
FIRST_TWO = [
    ("will they send a lawyer's letter: yes-ish practice first", "网贷逾期会寄律师函吗",
     "mail_notice.will_send_lawyer_letter", ["可能会", "不是法院文书"], []),
    ("a letter already received is not 'will they send'", "借呗逾期寄律师函过来要处理吗",
     "mail_notice.what_to_do", ["先核对"], ["可能会"]),
    ("will they mail anything home: may or may not", "网贷逾期会寄信到家吗",
     "mail_notice", ["可能会", "合同"], []),
    ("a letter to the workplace", "欠京东1000块钱会不会发通告函到单位",
     "mail_notice.to_hometown", ["单位"], ["先核对"]),
    ("is the collection letter real", "贷款逾期催收函可信吗",
     "mail_notice.is_real", ["冒充", "官方"], []),
    ("how long counts as unreachable", "逾期多久算失联",
     "unanswered_calls.what_counts", ["没有", "连续三次"], []),
    ("an online-loan borrower is not warned about card fraud first", "微粒贷逾期催收电话必须接吗",
     "unanswered_calls.must_answer", ["建议接"], ["恶意透支"]),
    ("many out-of-town numbers", "网贷逾期怎么那么多外地电话",
     "phone_calls.many_numbers", ["外包", "6次"], []),
    ("will they call my emergency contact: when, first", "甜橙借钱逾期一天会打联系人吗",
     "contact_family.emergency_contact", ["可能会", "联系不上"], []),
    ("family was called: what the borrower does", "逾期催收打电话给家里怎么办",
     "contact_family.family_called", ["转告", "主动联系平台"], []),
    ("will family get calls: whether, not what to say", "够花逾期还款,家人会收到催收电话吗",
     "contact_family", ["先找你本人"], []),
    ("how long until the address book is blasted: no legal day", "借呗逾期两千多多久会被爆通讯录",
     "contact_address_book.when_days", ["没有", "不应该"], []),
    ("will they call my company: the rule about employers", "会打给我公司吗",
     "contact_address_book.employer", ["单位", "不得"], []),
    ("collectors came: what now", "催收上门了该怎么办",
     "door_visit.visited", ["核实", "不开门"], ["不一定会上门"]),
    ("a feared visit is not 'already visited'", "催收电话天天打,是不是马上就要上门了",
     "door_visit", ["不一定会上门"], ["已经上门了"]),
    ("a couple's mortgage: the co-borrower exception in the lead", "房贷逾期会影响夫妻两人的征信吗",
     "family_liability.credit", ["共同借款人"], []),
    ("what a home visit is", "网贷逾期走访是干什么的",
     "door_visit.what_is", ["不是法院程序"], ["不一定会上门"]),
    ("must I receive them", "平安普惠逾期上门要接待吗",
     "door_visit.door_open", ["可以不开门"], []),
    ("never borrowed, got a demand", "没有贷款却收到催款短信怎么办",
     "scam_warning.not_borrowed", ["不转账", "征信报告"], ["你借款的平台"]),
    ("is this number really the lender", "湖南打来的是美团催收吗",
     "scam_warning", ["可能是真的催收", "官方"], []),
    ("where to complain: the channels themselves", "违规催收哪里投诉最有效",
     "harassment_complaint.where", ["12378", "地方金融管理局", "12321"], []),
    ("a guarantor's duty first", "网贷担保人到底担啥责",
     "family_liability.guarantor", ["连带责任保证", "一般保证"], []),
    ("the guarantee period", "担保人承担的责任期限",
     "family_liability.guarantee_period", ["6个月"], []),
    ("signed for a friend", "我不过是帮朋友签了个字,怎么就要替他还钱",
     "family_liability.guarantor", ["担保人"], []),
    ("a borrower asking about the spouse's loan", "老公黑户会影响妻子贷款吗",
     "family_liability.credit", ["不会出现在他们的报告里"], ["夫妻共同债务"]),
    ("does it affect finding a job", "逾期影响找工作吗",
     "life_impact.job", ["金融单位"], []),
    ("a dead borrower's debt: heirs only up to the estate", "借款人去世了还要还吗",
     "death_inheritance", ["遗产", "放弃继承的不用还"], []),
    ("the guarantor of a dead borrower", "贷款人死了担保人必须还款吗",
     "death_inheritance.guarantor", ["担保责任"], ["家人一般不用"]),
    ("sold debt: the rule first", "债务人该还谁的钱?不良资产倒手后法院如何判?",
     "third_party_collection.assignment", ["通知"], []),
]


@pytest.mark.parametrize(("row", "question", "answered", "must", "must_not"), FIRST_TWO)
def test_first_two_sentences_answer_the_point(
    engine: Engine, row: str, question: str, answered: str, must: list[str], must_not: list[str]
) -> None:
    reply = engine.answer(question)
    if "." in answered:
        assert reply.topic == answered, row
    else:
        assert reply.intent == answered, row
        assert reply.topic is None or not reply.topic.endswith("family_called"), row
    lead = first_two(reply.answer)
    for text in must:
        assert text in lead, (row, text, lead)
    for text in must_not:
        assert text not in lead, (row, text, lead)


def test_card_fraud_warning_stays_marked_for_cards(engine: Engine) -> None:
    """The 恶意透支 warning moved out of an online-loan reply's lead is still said, for cards."""
    answer = engine.answer("微粒贷逾期催收电话必须接吗").answer
    assert "只针对信用卡" in answer
    assert answer.index("只针对信用卡") < answer.index("恶意透支")


def test_traditional_question_gets_the_same_topic(engine: Engine) -> None:
    reply = engine.answer("擔保人承擔的責任期限?")
    assert reply.topic == "family_liability.guarantee_period"
    assert "6個月" in first_two(reply.answer)
