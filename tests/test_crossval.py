"""Cross-validation over faq/asked answers each gathered question by an engine that never saw it."""

from __future__ import annotations

from pathlib import Path

from bot.crossval import crossval, folds, without
from bot.knowledge import load


def _kb_with_asked(faq_copy: Path):
    asked = faq_copy / "asked"
    for old in asked.glob("*.txt"):
        old.unlink()
    (asked / "door_visit.txt").write_text(
        "# test\n催收说明天带人来我家堵我\n催收员说周末去我单位找我\n", encoding="utf-8"
    )
    (asked / "out_of_scope.txt").write_text("信用卡年费怎么免\n", encoding="utf-8")
    return load(faq_copy)


def test_each_question_is_held_out_from_its_own_fold(faq_copy: Path) -> None:
    kb = _kb_with_asked(faq_copy)
    parts = folds(kb, 2)
    assert sorted(q for part in parts for q, _ in part) == sorted(
        ["催收说明天带人来我家堵我", "催收员说周末去我单位找我", "信用卡年费怎么免"]
    )
    smaller = without(kb, parts[0])
    for question, intent in parts[0]:
        assert question not in smaller.intents[intent].phrasings
    assert kb.intents["door_visit"].asked  # the original is untouched


def test_rows_say_what_was_wanted_and_what_came(faq_copy: Path) -> None:
    rows = crossval(_kb_with_asked(faq_copy), k=3)
    assert len(rows) == 3
    by_query = {r["query"]: r for r in rows}
    door = by_query["催收说明天带人来我家堵我"]
    assert (door["want"], door["got"], door["ok"]) == ("door_visit", "door_visit", True)
    fee = by_query["信用卡年费怎么免"]
    assert fee["want"] == "out_of_scope" and fee["ok"] == (fee["got"] is None)
