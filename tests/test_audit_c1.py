"""Regression checks for the 2026-11 audit rows on law and money (lawsuit, fees, credit)."""

from __future__ import annotations

import re

import pytest
from kb_pieces import answer_pieces

from bot.engine import Engine
from bot.knowledge import KnowledgeBase, load

OWN_INTENTS = (
    "lawsuit",
    "penalty_fees",
    "credit_report",
    "credit_repair",
    "account_restrictions",
    "negotiate_repayment",
    "grace_period",
    "timeline",
)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load()


def _piece(kb: KnowledgeBase, path: str) -> tuple[str, tuple[str, ...]]:
    """The text and sources of one piece: 'intent', 'intent.topic' or 'stage:<id>'."""
    if path.startswith("stage:"):
        stage = next(s for s in kb.stages if s.id == path[6:])
        return stage.happens + stage.todo, stage.sources
    intent_id, _, topic_id = path.partition(".")
    intent = kb.intents[intent_id]
    if not topic_id:
        return intent.answer, intent.sources
    topic = next(t for t in intent.topics if t.id == topic_id)
    return topic.answer, topic.sources


# (audit row, piece of the knowledge base, must contain, must not contain)
KB_ROWS = [
    ("account_restrictions#4", "account_restrictions", "要先有判决", "只针对判决后有能力履行"),
    ("account_restrictions#4", "lawsuit.dishonest_list", "违反财产报告制度", "只针对"),
    ("account_restrictions#7", "account_restrictions.blacklist_threat", "虚构的黑名单", None),
    ("credit_repair#8", "credit_repair.one_time_policy", "一次性信用修复政策", "信用救济"),
    ("credit_repair#8", "credit_repair", None, "信用救济"),
    ("credit_repair#10", "credit_report.check_report", "征信中心官方网站", None),
    ("credit_repair#11", "credit_repair.paid_repair", "时代周报", "央广网"),
    ("credit_repair#11", "credit_repair", None, "央广网"),
    ("credit_report#1", "credit_report", "持牌机构一般会", "很可能会"),
    (
        "credit_report#1",
        "credit_report.when_reported",
        "没有“逾期几天上征信”的统一天数",
        "很可能会",
    ),
    ("lawsuit#2", "lawsuit.jail", "第三百一十三条", "例外只有两类"),
    ("lawsuit#2", "lawsuit.jail", "第二百五十二条", None),
    ("lawsuit#3", "lawsuit.malicious_overdraft", "第六至九条", None),
    ("lawsuit#4", "lawsuit.malicious_overdraft", "可以不起诉", "第十条"),
    ("lawsuit#7", "lawsuit.dishonest_list", "违反财产报告制度", "只有有能力履行"),
    ("lawsuit#8", "lawsuit.spending_ban", "不只是失信被执行人", None),
    ("lawsuit#8", "lawsuit", "第一条", "只有有能力履行"),
    ("lawsuit#8", "lawsuit.dishonest_exit", "限制高消费仍在", None),
    ("lawsuit#9", "lawsuit.spending_ban", "G字头动车组的所有座位", "高铁一等座"),
    ("lawsuit#12", "lawsuit.court_sms", "12368", None),
    ("lawsuit#12", "lawsuit.court_sms", "不要置之不理", None),
    ("lawsuit#13", "lawsuit.summons", "15日内可以提交答辩状", None),
    ("lawsuit#13", "lawsuit.summons", "缺席判决", None),
    ("lawsuit#13", "lawsuit.summons", "调解", None),
    ("lawsuit#13", "lawsuit.enforcement", "如实申报财产", None),
    ("audit§5.1", "lawsuit.malicious_overdraft", "第六条第二款", None),
    ("negotiate_repayment#4", "negotiate_repayment.card_plan", "不是自动停息", None),
    ("negotiate_repayment#4", "negotiate_repayment.card_plan", "不向任何银行申请新的信用卡", None),
    ("negotiate_repayment#5", "negotiate_repayment.agents", "不要转账", None),
    ("issue7:card-plan", "negotiate_repayment", None, "第七十条"),
    ("issue7:card-plan", "negotiate_repayment", None, "个性化分期"),
    ("issue7:card-plan", "stage:escalation", None, "第七十条"),
    ("penalty_fees#3", "penalty_fees.card_fees", "关于推进信用卡透支利率市场化改革的通知", None),
    ("penalty_fees#4", "penalty_fees.caps", "法释〔2020〕27号", None),
    ("penalty_fees#7", "penalty_fees.compound", "复利", None),
    ("penalty_fees#7", "penalty_fees.usury", "第六百八十条", None),
    ("penalty_fees#7", "penalty_fees.caps", "36%是2017年", "36%以上违法"),
    ("penalty_fees#7", "penalty_fees.card_fees", "最高年化利率", None),
    ("issue7:罚息", "penalty_fees.how_computed", "30%至50%", None),
    ("issue7:罚息", "penalty_fees", "银发〔2003〕251号", None),
    ("timeline#5", "timeline", "不如实申报财产", "才会被列为失信"),
    ("stage:early_collection", "stage:early_collection", "不宜超过6次", "最多拨打6次"),
    ("stage:early_collection", "stage:early_collection", "看机构做法", "有的机构在这段时间报送"),
    ("stage:contacts", "stage:contacts", "看机构做法", "可能已经或即将出现在征信上"),
    ("stage:legal_action", "stage:legal_action", "第六至九条", "《刑法》第一百九十六条"),
    ("stage:judgment", "stage:judgment", "限制高消费", "只有有能力履行"),
    ("stage:judgment", "stage:judgment", "第二百五十二条", None),
]


@pytest.mark.parametrize(("row", "path", "present", "absent"), KB_ROWS)
def test_audit_row_in_knowledge_base(
    kb: KnowledgeBase, row: str, path: str, present: str | None, absent: str | None
) -> None:
    text, _ = _piece(kb, path)
    if present is not None:
        assert present in text, row
    if absent is not None:
        assert absent not in text, row


# (audit row, question, intent, topic, must contain, must not contain)
REPLY_ROWS = [
    ("lawsuit#9", "被限高了还能坐高铁吗", "lawsuit", "spending_ban", "G字头", "高铁一等座"),
    ("lawsuit#13", "收到法院传票怎么办", "lawsuit", "summons", "答辩", "例外只有两类"),
    ("lawsuit#12", "收到短信说我被起诉了，是真的吗", "lawsuit", "court_sms", "12368", None),
    ("lawsuit#2", "欠网贷会不会被拘留", "lawsuit", "jail", "司法拘留", "例外只有两类"),
    ("audit§5.1", "信用卡逾期会坐牢吗", "lawsuit", "malicious_overdraft", "换号码", None),
    ("lawsuit#7", "网贷逾期会成为老赖吗", "lawsuit", "dishonest_list", "违反限制消费令", None),
    ("issue7:管辖", "网贷在外地法院起诉我怎么办", "lawsuit", "jurisdiction", "管辖权异议", None),
    ("issue7:时效", "欠钱三年不还就不用还了吗", "lawsuit", "limitation", "第一百九十五条", None),
    ("issue7:冻结", "法院判了还是没钱还怎么办", "lawsuit", "enforcement", "如实申报财产", None),
    (
        "credit_report#1",
        "逾期3天会上征信吗",
        "credit_report",
        "when_reported",
        "不一定",
        "很可能会",
    ),
    (
        "credit_repair#8",
        "一次性信用修复现在还能申请吗",
        "credit_repair",
        "one_time_policy",
        "已经结束",
        None,
    ),
    ("credit_repair#11", "花钱修复征信可以吗", "credit_repair", "paid_repair", "骗局", "央广网"),
    ("issue7:罚息", "罚息怎么算", "penalty_fees", "how_computed", "银发〔2003〕251号", None),
    ("penalty_fees#7", "逾期会算复利吗", "penalty_fees", "compound", "复利", None),
    (
        "penalty_fees#7",
        "年化超过36%还要还吗",
        "penalty_fees",
        "caps",
        "不是今天法院保护的上限",
        None,
    ),
    (
        "issue7:砍头息",
        "网贷砍头息合法吗",
        "penalty_fees",
        "upfront_deduction",
        "第六百七十条",
        None,
    ),
    ("issue7:card-plan", "网商贷还不上了怎么办", "negotiate_repayment", None, None, "第七十条"),
    (
        "issue7:card-plan",
        "建行房贷还不上了怎么协商",
        "negotiate_repayment",
        "bank_loan",
        "银发〔2003〕251号",
        "个性化分期",
    ),
    ("issue7:card-plan", "网贷逾期了还不上怎么办", "negotiate_repayment", None, None, "第七十条"),
    (
        "negotiate_repayment#4",
        "信用卡个性化分期要什么条件",
        "negotiate_repayment",
        "card_plan",
        "第七十条",
        None,
    ),
    (
        "negotiate_repayment#5",
        "有人说交钱能停息挂账",
        "negotiate_repayment",
        "agents",
        "不要转账",
        None,
    ),
    (
        "account_restrictions#7",
        "催收说要把我拉进全国黑名单",
        "account_restrictions",
        "blacklist_threat",
        "虚构的黑名单",
        None,
    ),
    ("stage:judgment", "逾期200天了", "timeline", None, "第二百五十二条", "只有有能力履行"),
    ("stage:legal_action", "逾期100天了", "timeline", None, "12368", "《刑法》第一百九十六条"),
]


@pytest.mark.parametrize(("row", "question", "intent", "topic", "present", "absent"), REPLY_ROWS)
def test_audit_row_in_reply(
    engine: Engine,
    row: str,
    question: str,
    intent: str,
    topic: str | None,
    present: str | None,
    absent: str | None,
) -> None:
    reply = engine.answer(question)
    assert reply.intent == intent, row
    assert reply.topic == (f"{intent}.{topic}" if topic else None), row
    if present is not None:
        assert present in reply.answer, row
    if absent is not None:
        assert absent not in reply.answer, row


def test_card_texts_avoid_the_hair_clip_conversion(kb: KnowledgeBase) -> None:
    """grace_period#6, negotiate_repayment#6: '发卡银行' became '髮卡銀行' in traditional script."""
    for intent_id in OWN_INTENTS:
        intent = kb.intents[intent_id]
        texts = [intent.answer, intent.short, *intent.platform_notes.values()]
        texts += [t.answer for t in intent.topics]
        assert not any("发卡" in t for t in texts), intent_id


ARTICLE = re.compile(r"第[一二三四五六七八九十百千零至]+条")
DOC_NO = re.compile(r"〔\d{4}〕\d+号")
TITLE = re.compile(r"《[^》]+》")
HOTLINES = ("12368", "12363", "12321")
# A title the text may name by its short form ('行业催收指引'): title -> the short form.
SHORT_TITLES = {
    "《金融机构个人消费类贷款催收工作指引（试行）》": "指引",
    "《关于审理民间借贷案件适用法律若干问题的规定》": "民间借贷规定",
    "《中国人民银行关于实施一次性信用修复政策有关安排的通知》": "一次性信用修复政策",
}


def test_each_piece_cites_what_its_sources_list(kb: KnowledgeBase) -> None:
    """Audit engine note: a reply's sources line lists exactly what its text cites."""
    for name, text, sources in answer_pieces(kb, OWN_INTENTS, stages=True):
        listed = [s for s in sources if not s.startswith("seed:")]
        joined = "".join(listed)
        for cited in ARTICLE.findall(text) + DOC_NO.findall(text) + TITLE.findall(text):
            assert cited in joined, f"{name}: {cited} cited but not in sources"
        for hotline in HOTLINES:
            assert (hotline in text) == (hotline in joined), f"{name}: {hotline}"
        for source in listed:
            # a document is cited by its number ('银发〔2016〕111号') or else by its title
            named = DOC_NO.findall(source) or TITLE.findall(source)
            for part in ARTICLE.findall(source) + named:
                cited = part in text or SHORT_TITLES.get(part, part) in text
                assert cited, f"{name}: source {source} not cited in the text"


def test_big_intents_have_short_gist_and_topics(kb: KnowledgeBase) -> None:
    for intent_id in OWN_INTENTS:
        intent = kb.intents[intent_id]
        assert intent.short, intent_id
        wanted = (
            4
            if intent_id
            in {"lawsuit", "penalty_fees", "credit_report", "credit_repair", "negotiate_repayment"}
            else 1
        )
        assert len(intent.topics) >= wanted, intent_id


def test_platform_notes_cite_nothing(kb: KnowledgeBase) -> None:
    """A platform note is shown without sources of its own, so it must not cite anything."""
    for intent_id in OWN_INTENTS:
        for platform, note in kb.intents[intent_id].platform_notes.items():
            cited = ARTICLE.findall(note) + DOC_NO.findall(note) + TITLE.findall(note)
            assert not cited, f"{intent_id} note {platform}: {cited}"
