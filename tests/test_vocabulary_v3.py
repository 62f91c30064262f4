"""Taiwan, Hong Kong and Cantonese wording from the third gathering of real questions: a
question in those words gets the same intent as its mainland twin (faq/synonyms.yaml), and
lenders it named are platforms (faq/platforms.yaml)."""

from __future__ import annotations

import pytest

from bot.engine import Engine

# (the words it guards, question as written there, its mainland twin, the intent both get)
TWINS = [
    ("存證信函", "收到存證信函不理會會怎麼樣", "收到催收函不理会会怎么样", "mail_notice"),
    ("遲繳", "信用卡遲繳多久會上聯徵", "信用卡逾期多久会上征信", "credit_report"),
    ("討債公司", "討債公司上門怎麼辦", "催收公司上门怎么办", "door_visit"),
    ("收數公司, 會唔會", "收數公司會唔會上門", "催收公司会不会上门", "third_party_collection"),
    ("打俾, 屋企人", "逾期會唔會打俾我屋企人", "逾期会不会打电话给我家人", "contact_family"),
    ("卡數唔還會點", "卡數唔還會點", "信用卡不还会怎样", "timeline"),
    ("債協", "債協失敗怎麼辦", "协商失败怎么办", "negotiate_repayment"),
    ("前置協商", "前置協商要準備什麼", "协商要准备什么", "negotiate_repayment"),
    ("呆帳", "呆帳會消除嗎", "呆账会消除吗", "credit_repair"),
    ("轉帳, 帳戶", "催收叫我轉帳到個人帳戶", "催收叫我转账到个人账户", "scam_warning"),
    ("通緝", "欠卡債會被通緝嗎", "欠卡债会被抓吗", "lawsuit"),
    ("要緊", "逾期一個月要緊嗎", "逾期一个月严重吗", "timeline"),
    ("是真是假", "收到法院短信是真是假", "收到法院短信是真的假的", "lawsuit"),
    ("還唔起, 點算", "卡債還唔起點算", "信用卡还不起怎么办", "negotiate_repayment"),
    ("去家里", "拍拍贷逾期会去家里吗", "拍拍贷逾期会上门吗", "door_visit"),
    ("会怎么处理", "微粒贷逾期一个月会怎么处理", "微粒贷逾期一个月会怎样", "timeline"),
    ("会如何", "分期乐逾期三天会如何", "分期乐逾期三天会怎样", "timeline"),
    ("卡費, 繳不出來", "卡費繳不出來怎麼辦", "信用卡还不上怎么办", "negotiate_repayment"),
]


@pytest.mark.parametrize(("words", "local", "mainland", "intent"), TWINS, ids=[t[0] for t in TWINS])
def test_local_wording_gets_the_mainland_intent(
    engine: Engine, words: str, local: str, mainland: str, intent: str
) -> None:
    assert engine.answer(mainland).intent == intent, words
    assert engine.answer(local).intent == intent, words


@pytest.mark.parametrize(
    ("question", "platform"),
    [
        ("抖音放心借逾期了会上门吗", "放心借"),
        ("携程拿去花逾期会怎么样", "拿去花"),
        ("五一人品贷逾期一天还了影响征信吗", "人品贷"),
        ("宜享花逾期了会上门吗", "宜享花"),
        ("信用飞逾期家人会接到电话吗", "信用飞"),
        ("小米金融怎么协商分期还款", "小米金融"),
    ],
)
def test_lenders_of_the_third_gathering(engine: Engine, question: str, platform: str) -> None:
    assert engine.answer(question).platform == platform


def test_a_product_name_is_not_read_as_words(engine: Engine) -> None:
    # '放心借' split into 放心/借 added two words no intent uses; as a platform it is dropped.
    tokens = engine.matcher.analyse("放心借逾期了会上门吗").tokens
    assert "放心" not in tokens and "上门" in tokens


def test_what_will_happen_is_not_how_is_it(engine: Engine) -> None:
    # '会怎么样' asks what happens next (会怎样); a bare '怎么样' ('天气怎么样') names no topic.
    tokens = engine.matcher.analyse("逾期三天会怎么样").tokens
    assert "会怎样" in tokens and "怎么样" not in tokens
    assert engine.answer("逾期三天会怎么样").intent == "timeline"
