"""Taiwan / Hong Kong wording: the reply says first that it describes mainland rules, in a
bracket before its first sentence, so that sentence still answers the point."""

from dataclasses import replace

import pytest

from bot.compose import first_sentence
from bot.engine import Engine
from bot.jurisdiction import Jurisdiction
from bot.text import to_simplified, to_traditional


def _note(engine: Engine, region: str, traditional: bool) -> str:
    text = engine.kb.messages["jurisdiction_note"].format(region=region)
    return to_traditional(text) if traditional else text


@pytest.fixture(scope="module")
def mainland_only(engine: Engine) -> Engine:
    """The same knowledge base without any region words: the reply as before the note."""
    return Engine(replace(engine.kb, jurisdiction=Jurisdiction()), today=engine._today)


@pytest.mark.parametrize(
    ("question", "region"),
    [
        ("信用卡遲繳三天會不會報聯徵", "台湾"),
        ("卡債還不出來銀行會告我嗎", "台湾"),
        ("想跟銀行談前置協商要準備什麼", "台湾"),
        ("被法院扣薪三分之一合法嗎", "台湾"),
        ("債協談不攏會被強制執行嗎", "台湾"),
        ("卡费缴不出来会被起诉吗", "台湾"),  # Taiwan words in simplified characters count too
        ("财务公司追数会唔会打去公司", "香港"),
        ("欠了香港財務公司和台灣銀行的卡債會被告嗎", "台湾、香港"),
    ],
)
def test_regional_wording_opens_with_the_note(engine: Engine, question: str, region: str):
    reply = engine.answer(question)
    assert reply.intent is not None
    note = _note(engine, region, reply.traditional)
    assert reply.answer.startswith(note) and reply.answer.count(note) == 1
    assert first_sentence(reply.answer) != note  # the point follows in the same sentence


@pytest.mark.parametrize(
    "question",
    [
        # mainland questions typed in traditional characters: script alone says nothing
        "信用卡逾期會坐牢嗎",
        "網貸逾期會聯繫家人嗎",
        "逾期三個月會被起訴嗎",
        "催收打電話給我同事合法嗎",
        # mainland words that contain a regional one
        "欠债协商不成会被起诉吗",
        "信用卡债务逾期会被起诉吗",
        "信用卡债权被转让后怎么应对",
        # the debt is a mainland one, wherever the asker lives
        "我在香港，内地的网贷逾期了会上门吗",
    ],
)
def test_mainland_questions_get_no_note(engine: Engine, question: str):
    reply = engine.answer(question)
    assert reply.intent is not None
    assert "中国大陆" not in reply.answer and "中國大陸" not in reply.answer


def test_traditional_writers_get_the_note_in_traditional(engine: Engine):
    reply = engine.answer("聯徵紀錄會不會影響我辦房貸")
    assert reply.traditional
    note = to_traditional(_note(engine, "台湾", False))
    assert reply.answer.startswith(note)
    assert "中國大陸" in note and "当地" not in note


def test_simplified_writers_get_the_note_in_simplified(engine: Engine):
    reply = engine.answer("联征纪录会不会影响我办房贷")
    assert reply.answer.startswith(_note(engine, "台湾", False))


@pytest.mark.parametrize(
    "question",
    ["信用卡遲繳會被聯繫家人嗎", "財務公司追數會唔會上門", "卡費繳不出來逾期45天會怎樣", "扣薪"],
)
def test_only_the_answer_text_changes(engine: Engine, mainland_only: Engine, question: str):
    noted, plain = engine.answer(question).to_json(), mainland_only.answer(question).to_json()
    assert {k: v for k, v in noted.items() if k != "answer"} == {
        k: v for k, v in plain.items() if k != "answer"
    }
    if noted["intent"] is not None:
        note, rest = noted["answer"].split("）", 1)
        assert "中国大陆" in to_simplified(note) and note.startswith("（")
        assert rest == plain["answer"]  # then the reply as it would be on the mainland
    else:
        assert noted["answer"] == plain["answer"]


@pytest.mark.parametrize("question", ["卡債壓得我想死", "香港有什么好吃的", "你好，我在台灣"])
def test_no_note_on_crisis_unknown_or_greeting(engine: Engine, mainland_only: Engine, question):
    assert engine.answer(question).answer == mainland_only.answer(question).answer
