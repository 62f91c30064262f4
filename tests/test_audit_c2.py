"""Audit rows (audit-2026-11) about the contact and collection intents stay fixed, the issue's
misrouted real questions reach the right intent and topic, and every piece cites what it lists."""

from __future__ import annotations

import re

import pytest
from kb_pieces import answer_pieces

from bot.engine import Engine
from bot.knowledge import load

KB = load()
MINE = (
    "contact_family",
    "contact_address_book",
    "contact_legality",
    "phone_calls",
    "unanswered_calls",
    "door_visit",
    "mail_notice",
    "harassment_complaint",
    "third_party_collection",
    "scam_warning",
)


def _kb_text(path: str) -> str:
    """The text at `path`: 'intent' (answer, short and platform notes) or 'intent.topic'."""
    intent_id, _, topic_id = path.partition(".")
    intent = KB.intents[intent_id]
    if topic_id == "*":
        return "\n".join([intent.answer, intent.short, *(t.answer for t in intent.topics)])
    if topic_id:
        return next(t.answer for t in intent.topics if t.id == topic_id)
    return "\n".join([intent.answer, intent.short, *intent.platform_notes.values()])


# (audit row, question, intent.topic expected (None: not checked), must contain, must not contain)
REPLY_ROWS = [
    ("contact_address_book#4", "逾期会爆通讯录吗", None, ["第一千零三十八条"], ["第二十三条"]),
    (
        "contact_address_book#7",
        "借款时授权了通讯录会被挨个打吗",
        "contact_address_book.authorised",
        ["必要个人信息", "第十六条", "撤回"],
        [],
    ),
    (
        "contact_address_book#8",
        "通讯录被爆了怎么办",
        "contact_address_book.blast",
        ["12321", "地方金融管理局", "12378"],
        [],
    ),
    (
        "contact_family#1",
        "逾期多少天网贷会打电话给家人",
        "contact_family.when_days",
        ["连续三次", "不是法律"],
        ["很可能会"],
    ),
    (
        "contact_family#6",
        "催收会联系我老公吗",
        "contact_family.spouse",
        ["第一千零六十四条", "夫妻共同债务"],
        ["不应被要求替你还钱"],
    ),
    (
        "contact_family#6",
        "逾期了会联系我的家人吗",
        "contact_family",
        ["配偶", "第一千零六十四条"],
        ["不应被要求替你还钱"],
    ),
    (
        "contact_family#6",
        "催收找我爸妈要钱",
        None,
        ["配偶", "第一千零六十四条"],
        [],
    ),
    ("contact_legality#2", "催收联系紧急联系人合法吗", None, ["连续三次"], []),
    (
        "contact_legality#3",
        "催收把我欠钱的事告诉别人合法吗",
        None,
        ["第一千零三十八条"],
        ["第二十三条"],
    ),
    (
        "contact_legality#8",
        "网贷读取我的通讯录合法吗",
        "contact_legality.address_book_access",
        ["必要个人信息", "撤回", "第十六条"],
        [],
    ),
    ("door_visit#3", "逾期会有人上门催收吗", "door_visit", ["第二十二条", "行业自律"], []),
    (
        "door_visit#8",
        "催收上门我可以不开门吗",
        "door_visit.door_open",
        ["可以不开门", "第二百四十五条", "110"],
        [],
    ),
    (
        "harassment_complaint#5",
        "投诉催收找哪个部门",
        "harassment_complaint.where",
        ["12321", "地方金融管理局", "12378", "12363"],
        [],
    ),
    (
        "harassment_complaint#5",
        "遇到暴力催收、威胁辱骂，我该怎么办",
        None,
        ["12321", "地方金融管理局"],
        [],
    ),
    ("mail_notice#3", "逾期后会给我寄通知或催收函吗", "mail_notice", ["12368"], []),
    ("mail_notice#3", "收到律师函是真的吗，会被起诉吗", "mail_notice.lawyer_letter", ["12368"], []),
    ("mail_notice#6", "催收信会寄到我老家或单位吗", "mail_notice.to_hometown", ["张贴"], []),
    (
        "phone_calls#3",
        "催收电话一天打几次",
        "phone_calls.frequency",
        ["不宜超过6次", "行业自律"],
        ["一天最多拨打6次", "最多能打6次"],
    ),
    ("phone_calls#3", "逾期后平台会打电话给我吗", "phone_calls", ["不宜超过6次"], ["最多拨打6次"]),
    ("phone_calls#6", "半夜还在打催收电话", "phone_calls.hours", ["12321", "22:00"], []),
    (
        "scam_warning#4",
        "有人说交钱能洗白征信、消除逾期，可信吗",
        "scam_warning.credit_fix",
        ["一次性信用修复政策", "2026年3月31日"],
        ["央广网", "信用救济"],
    ),
    ("scam_warning#6", "短信里带链接说我被法院立案了", None, ["12368"], []),
    (
        "third_party_collection#6",
        "委托催收要提前告诉我吗",
        "third_party_collection.notice",
        ["第四十一条", "告知", "私人手机"],
        [],
    ),
    (
        "third_party_collection#7",
        "我的欠款被卖掉了吗",
        "third_party_collection.assignment",
        ["第五百四十六条", "通知"],
        [],
    ),
    (
        "unanswered_calls#3",
        "信用卡逾期了换号码不接电话会怎样",
        "unanswered_calls.credit_card_silence",
        ["非法占有", "第六条第二款", "第七十条"],
        ["不会因为还不上就坐牢"],
    ),
    ("unanswered_calls#3", "不接催收电话会怎么样", "unanswered_calls", ["信用卡", "非法占有"], []),
    ("unanswered_calls#4", "手机关机躲着会怎样", "unanswered_calls.switch_off", ["缺席判决"], []),
    ("unanswered_calls#5", "不接会怎样", None, ["不宜"], ["最多打6次", "最多拨打6次"]),
    # The misrouted real questions: who gets called, employers, scams, rules.
    ("issue7", "分期乐逾期会打给我填的联系人吗", "contact_family.emergency_contact", [], ["会。"]),
    (
        "issue7",
        "信用卡逾期三个月，银行会打电话到我公司吗",
        "contact_address_book.employer",
        [],
        ["会。"],
    ),
    ("issue7", "网贷逾期会不会通知我单位领导", "contact_address_book.employer", [], []),
    (
        "issue7",
        "信用卡欠款换了号码银行找不到我会怎样",
        "unanswered_calls.credit_card_silence",
        [],
        [],
    ),
    ("issue7", "借钱的平台发短信催我还款，是真的吗", "scam_warning.verify", ["官方"], []),
    ("issue7", "逃废债的短信怎么知道是不是真的", "scam_warning.verify", ["个人账户"], []),
    ("issue7", "催收的五大禁令有哪些", "harassment_complaint.red_lines", ["虚构", "张贴"], []),
    # round 11: SMS bombing has its own topic, which opens with 12321 too
    ("issue7", "被短信轰炸了怎么投诉", "harassment_complaint.bombing", ["12321"], []),
]


@pytest.mark.parametrize(("row", "question", "where", "must", "must_not"), REPLY_ROWS)
def test_audit_row_reply(
    engine: Engine, row: str, question: str, where: str | None, must: list, must_not: list
) -> None:
    reply = engine.answer(question)
    if where is not None:
        intent_id, _, topic_id = where.partition(".")
        assert reply.intent == intent_id, (row, reply.intent)
        assert reply.topic == (where if topic_id else None), (row, reply.topic)
    for text in must:
        assert text in reply.answer, (row, text)
    for text in must_not:
        assert text not in reply.answer, (row, text)


# (audit row, knowledge-base path, must contain, must not contain); 'intent.*' is every text.
KB_ROWS = [
    (
        "contact_address_book#4",
        "contact_address_book.*",
        ["《个人信息保护法》第十条"],
        ["第二十三条"],
    ),
    ("contact_legality#3", "contact_legality.*", ["《个人信息保护法》第十条"], ["第二十三条"]),
    ("contact_family#6", "contact_family.*", ["第一千零六十四条"], ["就不应被要求替你还钱"]),
    ("phone_calls#3", "phone_calls.*", ["不宜超过6次"], ["一天最多拨打6次"]),
    ("unanswered_calls#5", "unanswered_calls.*", ["不宜"], ["一天最多打6次"]),
    ("scam_warning#4", "scam_warning.*", [], ["央广网"]),
    ("scam_warning#5", "scam_warning.*", ["一次性信用修复政策"], ["信用救济"]),
    ("door_visit#8", "door_visit.door_open", ["不得进入你的住宅", "第二百四十五条"], []),
    ("harassment_complaint#5", "harassment_complaint", ["12321", "地方金融管理局"], []),
    ("third_party_collection#6", "third_party_collection.notice", ["第四十一条"], []),
    ("third_party_collection#7", "third_party_collection.assignment", ["第五百四十六条"], []),
    ("mail_notice#6", "mail_notice", ["张贴"], []),
    (
        "audit§5.8 collector conduct",
        "harassment_complaint.red_lines",
        ["虚构的“黑名单”", "私人手机或社交软件", "进入你的住宅或办公区域", "张贴催收公告"],
        ["五大禁令是"],
    ),
    ("audit§5 smaller: 12321", "phone_calls.frequency", ["12321", "不宜超过6次"], ["最多6次（"]),
    ("audit§4 platform notes", "contact_family", [], ["第六十八条）。\n信用卡"]),
]


@pytest.mark.parametrize(("row", "path", "must", "must_not"), KB_ROWS)
def test_audit_row_knowledge_base(row: str, path: str, must: list, must_not: list) -> None:
    text = _kb_text(path)
    for piece in must:
        assert piece in text, (row, piece)
    for piece in must_not:
        assert piece not in text, (row, piece)


def test_no_source_the_audit_rejected_is_listed() -> None:
    """The unverifiable outlet, the wrong policy name and 个保法第23条 for disclosure stay out."""
    for path, _, sources in answer_pieces(KB, MINE):
        for source in sources:
            assert "央广网" not in source and "信用救济" not in source, (path, source)
            assert "第二十三条" not in source or "个人信息保护法" not in source, (path, source)


@pytest.mark.parametrize(
    ("path", "question"),
    [
        ("credit card note", "信用卡逾期会联系我家人吗"),
        ("credit card note", "信用卡逾期会爆通讯录吗"),
    ],
)
def test_credit_card_note_does_not_repeat_the_answer(
    engine: Engine, path: str, question: str
) -> None:
    # audit §4: the 信用卡 notes of the contact intents repeated a sentence of the answer
    body = engine.answer(question).answer.split("依据：")[0]
    assert body.count("信用卡只能向债务人和担保人催收") <= 1, path
    assert body.count("不得向无关第三人催收（《商业银行信用卡业务监督管理办法》第六十八条）") <= 1


_LAW = re.compile(r"《([^》]+)》")
_ARTICLE = re.compile(r"第[一二三四五六七八九十百千零]+条(?:之一)?(?:第[一二三四五六七八九十]+款)?")


@pytest.mark.parametrize(
    ("path", "text", "sources"),
    answer_pieces(KB, MINE),
    ids=[p for p, _, _ in answer_pieces(KB, MINE)],
)
def test_sources_list_exactly_what_the_text_cites(path: str, text: str, sources: tuple) -> None:
    listed = [s for s in sources if not s.startswith("seed:")]
    # every law named in the text is listed, and every listed source is named in the text
    for law in set(_LAW.findall(text)):
        assert any(law in s for s in listed), (path, law)
    for source in listed:
        if "催收工作指引" in source:
            assert "催收指引" in text or "指引" in text, (path, source)
            continue
        names = _LAW.findall(source)
        if names:
            assert any(n in text for n in names), (path, source)
        article = _ARTICLE.search(source)
        if article:
            assert article.group(0).split("第")[1] in text, (path, source)
        elif not names:
            assert any(word in text for word in ("人民银行", "媒体")), (path, source)
    # every article number cited in the text appears in some listed source
    for article in set(_ARTICLE.findall(text)):
        head = "第" + article.split("第")[1]
        assert any(head in s for s in listed), (path, article)


# Finer points real borrowers ask (public Q&A titles): each reaches its own topic, point first.
TOPIC_ROWS = [
    ("借呗说要派人去我户籍所在地", "door_visit.hometown", "至少2人"),
    ("收到说要上门走访的短信，是真的吗", "door_visit.sms_threat", "说要上门不等于一定会来"),
    ("家人收到催款电话怎么办", "contact_family.family_called", "不用替你还"),
    ("催收电话打我家人算违法吗", "contact_legality.family", "本身不一定违法"),
    ("逾期好几天了，为什么没人打电话催我", "phone_calls.no_calls", "没人催不等于没事"),
    ("催收电话一般几点开始打", "phone_calls.hours", "22:00至次日8:00"),
    ("欠网贷有人加我微信催款", "scam_warning.wechat", "私人手机或社交软件"),
    ("自称客服让我注销校园贷账户", "scam_warning.cancel_account", "是诈骗的常见套路"),
    ("平台把我的债卖给资产管理公司了还要还吗", "third_party_collection.assignment", "必须通知你"),
    ("外包催收公司找我催款合法吗", "third_party_collection.legal", "可以找你催，但不能乱来"),
    ("手机号换了平台还能找到我吗", "unanswered_calls.change_number", "换号不会让欠款消失"),
    ("信用卡逾期三个月会有人到我单位找我吗", "door_visit.workplace", "不得进入你的办公区域"),
]


@pytest.mark.parametrize(("question", "where", "opening"), TOPIC_ROWS)
def test_finer_point_is_answered_first(
    engine: Engine, question: str, where: str, opening: str
) -> None:
    reply = engine.answer(question)
    assert f"{reply.intent}.{reply.topic.split('.')[-1] if reply.topic else ''}" == where
    assert opening in reply.answer.split("\n")[0]
