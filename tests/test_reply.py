"""The reply: finer topics, two-part questions, stories, sources, context, dates ahead."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from bot.engine import Engine
from bot.evaluate import read_cases
from bot.knowledge import load

TODAY = date(2026, 11, 22)
DATA = Path(__file__).parent / "data"

TOPICS = """
topics:
  - id: card_only
    question: 信用卡逾期银行会打给我同事吗
    when: [同事]
    platforms: [信用卡]
    answer: 信用卡专属的说法。
    sources: [《民法典》第一千零三十三条]
  - id: workplace
    question: 催收会打到我单位找同事吗
    when: [同事, 单位]
    answer: 关于单位和同事的说法。依据《个人信息保护法》第二十三条。
    sources: [《个人信息保护法》第二十三条]
  - id: friends
    question: 催收会给我朋友打电话吗
    when: [朋友]
    answer: 关于朋友的说法。
    sources: []
"""


def set_field(path: Path, key: str, value: object) -> None:
    """Replace one field of a YAML mapping file in a copy of the knowledge base."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data[key] = value
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _with_topics(faq: Path) -> Engine:
    set_field(
        faq / "intents" / "contact_address_book.yaml",
        "topics",
        yaml.safe_load(TOPICS)["topics"],  # the fixture's own topics instead of the real ones
    )
    return Engine(load(faq), today=lambda: TODAY)


def test_topic_answer_comes_first_with_its_sources(faq_copy: Path) -> None:
    engine = _with_topics(faq_copy)
    reply = engine.answer("逾期了催收会打给我同事吗")
    assert reply.intent == "contact_address_book"
    assert reply.topic == "contact_address_book.workplace"
    assert reply.answer.startswith("关于单位和同事的说法")
    assert "依据：《个人信息保护法》第二十三条" in reply.answer
    assert reply.to_json()["topic"] == "contact_address_book.workplace"


def test_topic_words_match_through_synonyms(faq_copy: Path) -> None:
    engine = _with_topics(faq_copy)
    # '领导' is a variant of '同事' in synonyms.yaml
    assert engine.answer("催收会联系我领导吗").topic == "contact_address_book.workplace"


def test_topic_for_a_platform_only_when_it_is_named(faq_copy: Path) -> None:
    engine = _with_topics(faq_copy)
    assert engine.answer("信用卡逾期会打给我同事吗").topic == "contact_address_book.card_only"
    assert engine.answer("花呗逾期会打给我同事吗").topic == "contact_address_book.workplace"


def test_general_question_gets_the_general_answer(faq_copy: Path) -> None:
    engine = _with_topics(faq_copy)
    reply = engine.answer("逾期会爆通讯录吗")
    assert reply.topic is None
    assert reply.answer.startswith(engine.kb.intents["contact_address_book"].answer[:20])


def test_a_question_that_asks_two_things_gets_both(engine: Engine) -> None:
    reply = engine.answer("不接电话会爆通讯录吗")
    assert {reply.intent, reply.also} == {"contact_address_book", "unanswered_calls"}
    second = engine.kb.intents[reply.also]
    lead = engine.kb.messages["also_lead"].split("{")[0]
    assert lead in reply.answer
    gist = second.short or second.answer
    assert gist.strip()[:15] in reply.answer
    # main point first: the reply opens with the primary intent's own text
    first = engine.kb.intents[reply.intent]
    assert reply.answer.startswith(first.answer[:15]) or reply.topic
    assert reply.to_json()["also"] == reply.also


def test_claims_reported_together_are_both_answered(engine: Engine) -> None:
    reply = engine.answer("收到短信说要起诉还要去村委会，是真的吗")
    assert reply.also is not None and reply.also != reply.intent


@pytest.mark.parametrize(
    "question",
    [
        "逾期会联系我家人吗",
        "有人自称催收 让我转到他个人账户 说可以减免 能信吗",
        "今天收到一个快递，打开是分期乐的催收函，说再不还就起诉，以后还会一直寄吗",
        "对方说自己是法院的，让我加QQ交保证金就不起诉我了",
    ],
)
def test_one_question_is_not_two(engine: Engine, question: str) -> None:
    assert engine.answer(question).also is None


@pytest.mark.parametrize(
    "name",
    [
        "questions.tsv",
        "heldout_a.tsv",
        "heldout_b.tsv",
        "heldout_c.tsv",
        "heldout_d.tsv",
        "real_dev.tsv",
    ],
)
def test_second_points_are_rare_on_ordinary_questions(engine: Engine, name: str) -> None:
    cases = read_cases(DATA / name)
    also = sum(engine.answer(c.query).also is not None for c in cases)
    assert also / len(cases) <= 0.03, also


def test_the_question_inside_a_story(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    story = "催收天天打电话给我同事，我分期乐现在逾期两个月，会不会被起诉"
    reply = engine.answer(story)
    assert (reply.intent, reply.days, reply.platform) == ("lawsuit", 60, "分期乐")
    import bot.engine

    monkeypatch.setattr(bot.engine, "FOCUS_WEIGHT", 0.0)  # the story alone points elsewhere
    assert engine.answer(story).intent != "lawsuit"


def test_an_amount_in_a_story_is_no_topic_word(engine: Engine) -> None:
    reply = engine.answer("我在分期乐借了3000，现在逾期二十多天了，他们会不会打电话给我妈")
    assert (reply.intent, reply.days, reply.platform) == ("contact_family", 20, "分期乐")
    assert engine.matcher.analyse("借了3000块 欠5万 1.5万").tokens == ("借", "欠")


@pytest.mark.parametrize(
    "question", ["欠了5万逾期了", "欠了十几万逾期了怎么办", "我欠了二十万网贷"]
)
def test_an_amount_owed_is_not_distress(engine: Engine, question: str) -> None:
    assert engine.answer(question).intent != "distress"


def test_distress_reply_is_only_the_crisis_text(fresh_engine: Engine) -> None:
    fresh_engine.answer("分期乐逾期20天", user="u")
    reply = fresh_engine.answer("信用卡逾期60天了，我真的不想活了", user="u")
    assert reply.intent == "distress"
    assert reply.answer == fresh_engine.kb.intents["distress"].answer.strip()
    assert len(reply.suggestions) <= 1
    assert "依据" not in reply.answer and "阶段" not in reply.answer


def test_a_new_question_does_not_inherit_days_or_platform(fresh_engine: Engine) -> None:
    fresh_engine.answer("分期乐逾期20天", user="u")
    reply = fresh_engine.answer("信用卡会上征信吗", user="u")
    assert (reply.intent, reply.days, reply.platform) == ("credit_report", None, "信用卡")
    reply = fresh_engine.answer("逾期会上门吗", user="u")
    assert (reply.days, reply.platform) == (None, None)


def test_a_follow_up_inherits_days_and_platform(fresh_engine: Engine) -> None:
    fresh_engine.answer("分期乐逾期20天", user="u")
    reply = fresh_engine.answer("那会寄律师函吗", user="u")
    assert (reply.intent, reply.days, reply.platform) == ("mail_notice", 20, "分期乐")


def test_a_due_date_still_ahead(engine: Engine) -> None:
    reply = engine.answer("11月30号该还，还不上怎么办")
    assert reply.days is None
    expected = engine.kb.messages["not_due"].format(ahead=8, month=11, day=30).strip()
    assert expected in reply.answer
    reply = engine.answer("11月30号该还")
    assert reply.intent == "timeline" and reply.answer.startswith(expected)


@pytest.mark.parametrize(
    "question", ["逾期99999999999999999999天", "逾期-5天会怎样", "逾期300年了"]
)
def test_an_impossible_count_asks_for_the_real_number(engine: Engine, question: str) -> None:
    reply = engine.answer(question)
    assert reply.days is None
    assert reply.answer.startswith(engine.kb.messages["impossible_days"].strip())


@pytest.mark.parametrize(
    ("question", "days"),
    [("2026年10月1号该还", 52), ("逾期1,000天", 1000), ("逾期1.5个月", 45), ("逾期 30 天", 30)],
)
def test_day_counts_through_the_engine(engine: Engine, question: str, days: int) -> None:
    assert engine.answer(question).days == days


def test_stage_reply_cites_the_stage_sources(faq_copy: Path) -> None:
    path = faq_copy / "timeline.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    stage = next(
        s for s in data["stages"] if s["from"] <= 45 and (s["to"] is None or s["to"] >= 45)
    )
    stage["sources"] = ["测试来源甲"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    engine = Engine(load(faq_copy), today=lambda: TODAY)
    reply = engine.answer("逾期45天")
    following = engine.kb.next_stage(engine.kb.stage_for(45))
    cited = dict.fromkeys(["测试来源甲", *following.sources])  # the next stage is shown too
    assert reply.answer.splitlines()[-1] == engine.kb.messages["sources"] + "；".join(cited)
