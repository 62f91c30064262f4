"""Real questions' own words: a regional or variant word (faq/synonyms.yaml) gets the same
intent as its usual twin, and the lenders real questions name are platforms
(faq/platforms.yaml). One table per kind; rows from every gathering."""

from __future__ import annotations

import pytest

from bot.engine import Engine

# (the word it guards, question with that word, its twin with the usual word, the intent both
# get). Taiwan, Hong Kong and Cantonese wording (third gathering):
TWINS = [
    ("存證信函", "收到存證信函不理會會怎麼樣", "收到催收函不理会会怎么样", "mail_notice"),
    ("遲繳", "信用卡遲繳多久會上聯徵", "信用卡逾期多久会上征信", "credit_report"),
    ("討債公司", "討債公司上門怎麼辦", "催收公司上门怎么办", "door_visit"),
    ("收數公司, 會唔會", "收數公司會唔會上門", "催收公司会不会上门", "door_visit"),
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
    # variants from the fourth gathering
    ("付清", "网贷被要求一次性付清怎么办", "网贷被要求一次性结清怎么办", "negotiate_repayment"),
    ("一次结清", "逾期欠款必须一次结清吗", "逾期欠款必须一次性结清吗", "negotiate_repayment"),
    ("还全款", "催收公司能要求还全款吗", "催收公司能要求全额还款吗", "negotiate_repayment"),
    ("村委", "催收说要去村委贴告示", "催收说要去村委会贴告示", "door_visit"),
    ("坏账", "坏账多久能消除", "呆账多久能消除", "credit_repair"),
    ("没贷过款", "没贷过款却收到催收短信", "没借过却收到催收短信", "scam_warning"),
    ("自救", "欠了很多网贷如何自救", "欠了很多网贷还有救吗", "negotiate_repayment"),
    ("协调", "信用卡逾期怎么和银行协调分期", "信用卡逾期怎么和银行协商分期", "negotiate_repayment"),
    ("商事调解", "商事调解的短信是真的吗", "调解中心的短信是真的吗", "third_party_collection"),
    ("债务公司", "债务公司打电话来怎么应对", "催收公司打电话来怎么应对", "third_party_collection"),
    ("被关", "借呗被关了还能恢复吗", "借呗关闭了还能恢复吗", "account_restrictions"),
    ("遲繳紀錄", "信用卡遲繳紀錄會保留多久", "信用卡逾期记录会保留多久", "credit_repair"),
    ("招行", "招行信用卡逾期会上门吗", "招商银行信用卡逾期会上门吗", "door_visit"),
    ("没人联系", "信用卡逾期了怎么没人联系我", "信用卡逾期了怎么没人催", "phone_calls"),
    ("行政救濟", "銀行催收違法如何行政救濟", "银行催收违法如何投诉", "harassment_complaint"),
    ("保全", "财产被保全了怎么查", "财产被查封了怎么查", "lawsuit"),
    (
        "亲人走了",
        "亲人走了留下的信用卡欠款要还吗",
        "亲人去世留下的信用卡欠款要还吗",
        "death_inheritance",
    ),
    ("未还", "网贷半年未还怎么办", "网贷逾期半年怎么办", "timeline"),
    (
        "没有还款能力",
        "信用卡现在没有还款能力怎么办",
        "信用卡现在无力偿还怎么办",
        "negotiate_repayment",
    ),
    ("手机网贷", "手机网贷逾期了怎么办", "网贷逾期了怎么办", "timeline"),
    ("可以问什么", "你好，这里可以问什么", "你好，这里能问什么", "greeting"),
]

# (question naming a lender, the platform reported)
LENDERS = [
    ("拍拍贷逾期了七天", "拍拍贷"),
    ("平安普惠逾期后果会怎么样", "平安普惠"),
    ("捷信逾期30天怎么办", "捷信"),
    ("马上消费金融逾期会上征信吗", "安逸花"),
    ("中信信用卡逾期4天会打电话吗", "信用卡"),
    ("抖音放心借逾期了会上门吗", "放心借"),
    ("携程拿去花逾期会怎么样", "拿去花"),
    ("五一人品贷逾期一天还了影响征信吗", "人品贷"),
    ("宜享花逾期了会上门吗", "宜享花"),
    ("信用飞逾期家人会接到电话吗", "信用飞"),
    ("小米金融怎么协商分期还款", "小米金融"),
    ("國美易卡晚還兩天上征信嗎", "国美易卡"),
    ("小赢卡贷款逾期1天到底有没有事", "小赢卡贷"),
]


@pytest.mark.parametrize(("word", "variant", "usual", "intent"), TWINS, ids=[t[0] for t in TWINS])
def test_a_variant_gets_the_intent_of_its_usual_word(
    engine: Engine, word: str, variant: str, usual: str, intent: str
) -> None:
    assert engine.answer(usual).intent == intent, word
    assert engine.answer(variant).intent == intent, word


@pytest.mark.parametrize(("question", "platform"), LENDERS)
def test_a_named_lender_is_the_platform(engine: Engine, question: str, platform: str) -> None:
    assert engine.answer(question).platform == platform


@pytest.mark.parametrize(
    ("question", "without_lender"),
    [
        ("晋商消费金融逾期了会上门吗", "逾期了会上门吗"),
        ("锦程消金逾期一天会打给家人吗", "逾期一天会打给家人吗"),
        ("我在蒙商消费金融借的钱逾期会起诉吗", "我借的钱逾期会起诉吗"),
    ],
)
def test_a_lender_named_by_its_suffix_says_nothing_about_the_topic(
    engine: Engine, question: str, without_lender: str
) -> None:
    # any '…消费金融' company, listed or not, is matched as if it were not named
    assert engine.answer(question).intent == engine.answer(without_lender).intent
    analyse = engine.matcher.analyse
    assert analyse(question).tokens == analyse(without_lender).tokens
