"""Stress gets a calm coping reply; words of self-harm keep the crisis text exactly."""

import re

import pytest

from bot.compose import first_sentence, script
from bot.engine import Engine
from bot.text import to_traditional

# The only numbers a coping reply may give: the hotlines and complaint line of facts.md.
KNOWN_NUMBERS = {"12356", "12378", "120", "110"}


def _coping(engine: Engine):
    return next(t for t in engine.kb.intents["distress"].topics if t.id == "coping")


def _crisis(engine: Engine) -> str:
    return engine.kb.intents["distress"].answer.strip()


@pytest.mark.parametrize(
    "question",
    [
        "压力好大怎么办",
        "每天焦虑睡不着",
        "被催收骚扰到崩溃",
        "欠了二十万，压力大得喘不过气",
        "网贷逾期以后天天失眠，心态崩了",
        "負債壓力好大，每天都睡不著",
    ],
)
def test_stress_gets_the_coping_reply(engine: Engine, question: str):
    reply = engine.answer(question)
    assert (reply.intent, reply.topic) == ("distress", "distress.coping")
    crisis = _crisis(engine)
    assert first_sentence(crisis) not in reply.answer
    opening = first_sentence(_coping(engine).answer)
    assert reply.answer.startswith(script(opening, reply.traditional))


@pytest.mark.parametrize(
    "question",
    [
        "我真的不想活了",
        "压力好大，想死",
        "焦虑得睡不着，不想活了",
        "被催收逼到崩溃，想轻生",
        "我想自杀",
        "欠了太多活不下去了",
        "每天都睡不着，真的撑不下去了",
    ],
)
def test_self_harm_words_keep_the_crisis_text_exactly(fresh_engine: Engine, question: str):
    reply = fresh_engine.answer(question)
    assert reply.intent == "distress" and reply.topic is None and reply.also is None
    assert reply.answer == _crisis(fresh_engine)


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("逾期三个月了压力好大会被起诉吗", "lawsuit"),
        ("催收天天打电话我快崩溃了，他们会上门吗", "door_visit"),
    ],
)
def test_a_debt_point_asked_beside_stress_comes_first(engine: Engine, question: str, intent):
    reply = engine.answer(question)
    assert (reply.intent, reply.also) == (intent, "distress")
    gist = first_sentence(_coping(engine).answer)
    assert gist in reply.answer
    assert reply.answer.index(gist) > len(first_sentence(reply.answer))  # the point first
    assert first_sentence(_crisis(engine)) not in reply.answer


def test_coping_gives_no_stage_and_only_known_numbers(engine: Engine):
    reply = engine.answer("逾期三个月了压力好大怎么办")
    assert reply.topic == "distress.coping" and reply.days == 90
    assert "阶段" not in reply.answer  # calm next steps, not what the next stage brings
    assert set(re.findall(r"\d{3,}", _coping(engine).answer)) <= KNOWN_NUMBERS
    assert "12356" in first_sentence(reply.answer)


def test_coping_in_traditional(engine: Engine):
    reply = engine.answer("壓力好大怎麼辦")
    assert reply.traditional and reply.topic == "distress.coping"
    assert reply.answer.startswith(to_traditional(first_sentence(_coping(engine).answer)))


def test_every_crisis_word_gets_the_crisis_text(engine: Engine):
    """faq/crisis.yaml and distress's keywords agree: each crisis word, after a debt or after
    stress words, chooses distress and its crisis text."""
    crisis = _crisis(engine)
    for word in engine.kb.crisis.words:
        for question in (f"欠了很多钱，{word}", f"压力好大，{word}"):
            reply = engine.answer(question)
            assert (reply.intent, reply.answer) == ("distress", crisis), question
