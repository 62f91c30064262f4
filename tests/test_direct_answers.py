"""Each question of tests/data/direct_answers.yaml gets the answer it names, and the reply's first
two sentences contain its `must` words and none of its `must_not` words."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from direct import assert_direct

from bot.engine import Engine

DATA = Path(__file__).parent / "data" / "direct_answers.yaml"
ROWS: list[dict[str, Any]] = yaml.safe_load(DATA.read_text(encoding="utf-8"))
REQUIRED = {"question", "answers", "must"}
FIELDS = REQUIRED | {"must_not"}


@pytest.mark.parametrize("row", ROWS, ids=[str(row.get("question")) for row in ROWS])
def test_first_two_sentences_answer_the_point(engine: Engine, row: dict[str, Any]) -> None:
    assert_direct(engine, row["question"], row["answers"], row["must"], row.get("must_not", ()))


def _words(value: object) -> bool:
    """A non-empty list of non-empty strings."""
    return isinstance(value, list) and bool(value) and all(isinstance(w, str) and w for w in value)


def test_the_table_is_well_formed(engine: Engine) -> None:
    """Every row has a question, the answer it expects and the words its lead must contain (and,
    if any, words it must not); the intent and topic it names exist; no question comes twice."""
    assert isinstance(ROWS, list) and ROWS
    seen: set[str] = set()
    for row in ROWS:
        assert isinstance(row, dict) and REQUIRED <= row.keys() <= FIELDS, row
        question = row["question"]
        assert isinstance(question, str) and question, row
        assert question not in seen, ("asked twice", question)
        seen.add(question)
        assert _words(row["must"]), row
        assert "must_not" not in row or _words(row["must_not"]), row
        intent_id, _, topic_id = str(row["answers"]).partition(".")
        intent = engine.kb.intents.get(intent_id)
        assert intent is not None, ("no such intent", question, row["answers"])
        if topic_id:
            topics = {topic.id for topic in intent.topics}
            assert topic_id in topics, ("no such topic", question, row["answers"])
