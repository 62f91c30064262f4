"""Contact questions of round 3: how collectors got the numbers, how to prevent calls, who is
called and who calls, police at the door, posted letters: the first two sentences say it."""

from __future__ import annotations

import pytest
from direct import TODAY, assert_direct, first_two

from bot.engine import Engine

# (question, intent.topic expected, the first two sentences contain, ... and do not contain)
CASES = [
    # how they got the numbers: where the numbers come from, not whether it is allowed
    (
        "催收是从哪弄到我通讯录的",
        "contact_address_book.how_it_happens",
        ["通讯录权限", "紧急联系人"],
        ["一般不会也不应该"],
    ),
    (
        "讨债的怎么找到我爸妈的电话",
        "contact_family.how_found",
        ["紧急联系人", "通讯录权限"],
        ["可以只说会转告你"],
    ),
    (
        "催收公司怎么拿到我家人的号码",
        "third_party_collection.how_found",
        ["委托", "紧急联系人"],
        ["上门"],
    ),
    # how to prevent: the steps first
    ("怎样防止网贷爆通讯录", "contact_address_book.prevent", ["关闭", "撤回同意"], ["一般不会"]),
    (
        "网贷逾期如何避免打扰到通讯录里的人",
        "contact_address_book.prevent",
        ["关闭", "主动"],
        ["通讯录被打了"],
    ),
    # who gets called / who is calling / where a number is from / collection gone quiet
    ("催收会打给我身边的哪些人", "contact_family.who_is_called", ["你本人", "紧急联系人"], []),
    ("信用卡催收电话是银行打的还是外包", "phone_calls.who_calls", ["都有可能", "外包"], []),
    ("0571开头的电话是哪里的催收", "phone_calls.many_numbers", ["区号", "外包"], []),
    ("信用卡逾期两个月了怎么没人联系我", "phone_calls.no_calls", ["不等于没事"], []),
    ("网贷突然停止催收了是什么原因", "phone_calls.no_calls", ["不等于没事"], ["停催"]),
    ("一天接到连环call怎么办", "phone_calls.frequency", ["6次"], []),
    # is it illegal: the rule asked about first
    (
        "网贷逾期打给全村人合法吗",
        "contact_legality.village",
        ["不正当", "第一千零三十八条"],
        ["要分情况"],
    ),
    (
        "催收用个人手机号给我打电话合法吗",
        "contact_legality.private_phone",
        ["私人手机", "违规"],
        [],
    ),
    ("催收打我电话合法吗", "contact_legality.self_calls", ["不违法", "22:00"], ["透露你的欠款"]),
    ("法律催收合法吗", "contact_legality.collector_company", ["不违法", "不能乱来"], ["要分情况"]),
    ("催收把我欠钱的事说出去违法吗", "contact_legality.disclose", ["第一千零三十八条"], []),
    # police, posted letters, letters sent to the residents' committee
    ("逾期了会不会有警察上门", "door_visit.police", ["一般不会", "法院"], ["不一定会上门"]),
    ("网贷逾期派出所会找我吗", "door_visit.police", ["一般不会", "民事"], []),
    ("催收在我家门口张贴催收函", "mail_notice.posted", ["不合规", "张贴"], ["可能会"]),
    ("催收把律师函寄到村委会了", "mail_notice.sent_to_others", ["不应该", "村委会"], ["可能会"]),
]


@pytest.mark.parametrize(("question", "where", "must", "must_not"), CASES)
def test_first_two_sentences(
    engine: Engine, question: str, where: str, must: list[str], must_not: list[str]
) -> None:
    assert_direct(engine, question, where, must)
    lead = first_two(engine.answer(question, today=TODAY).answer)
    assert not [text for text in must_not if text in lead], (question, lead)


def test_the_general_legality_answer_opens_with_what_is_not_allowed(engine: Engine) -> None:
    reply = engine.answer("催收联系我的亲友，合法吗", today=TODAY)
    assert reply.intent == "contact_legality" and reply.topic is None
    assert first_two(reply.answer).startswith("向别人透露你的欠款")


def test_a_fake_police_call_stays_a_scam_question(engine: Engine) -> None:
    reply = engine.answer("警察打电话说我涉嫌诈骗", today=TODAY)
    assert reply.intent == "scam_warning", (reply.intent, reply.topic)


# (question, intent.topic expected (intent alone: the general answer), first two sentences contain)
MORE = [
    # a mediation centre's text is a collection question: verify it
    ("收到某某调解中心的短信是什么意思", "third_party_collection.law_firm", ["核实", "调解中心"]),
    ("某某商事调解发来的短信是真的吗", "third_party_collection.law_firm", ["核实"]),
    # should I answer / respond at all
    ("微粒贷催收要不要理", "unanswered_calls.must_answer", ["建议接"]),
    ("网贷催收电话一直没接怎么办", "unanswered_calls.what_now", ["留言", "书面记录"]),
    # feared, not happening: whether, not what to tell the caller
    ("家人会不会接到催收电话", "contact_family", ["先找你本人"]),
    ("我爸接到了催收电话", "contact_family.family_called", ["转告"]),
    ("我妈收到催收电话了", "contact_family.family_called", ["转告"]),
    ("网贷逾期单位可以开除我吗", "life_impact.current_job", ["一般不会"]),
    # a relative died: the estate, not family calls
    ("父亲走了以后留下的信用卡欠款怎么办", "death_inheritance.credit_card", ["遗产"]),
    # no debt, yet an overdue text
    ("没有欠款为什么收到逾期短信", "scam_warning.not_borrowed", ["不转账"]),
    # paid 'we handle your overdue' ads
    ("网上那些帮人处理逾期的广告靠谱吗", "scam_warning.paid_agent", ["免费", "代理协商"]),
    ("银行把逾期的信用卡打包卖给了资产公司", "third_party_collection.assignment", ["转让"]),
    # one's own overdue and enlisting is not a parent's overdue and a child's vetting
    ("网贷逾期会不会影响当兵政审", "life_impact.own_military", ["征兵"]),
    ("我妈逾期会影响我当兵政审吗", "life_impact.child_politics", ["一般不会"]),
    # a demand to repay in full is a negotiation question, not the family's liability
    ("银行要求我还全款怎么办", "negotiate_repayment.lump_sum", ["分期"]),
    # what rules collectors must keep
    ("催收应遵守什么规范", "harassment_complaint.red_lines", ["冒充警察"]),
]


@pytest.mark.parametrize(("question", "where", "must"), MORE)
def test_more_first_two_sentences(
    engine: Engine, question: str, where: str, must: list[str]
) -> None:
    assert_direct(engine, question, where, must)
