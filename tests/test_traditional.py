"""Traditional output is exact: every string of the knowledge base, converted, is checked."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import yaml

from bot.knowledge import KnowledgeBase, default_faq_dir, load
from bot.text import FIXES_FILE, load_fixes, to_traditional

KB = load()
TABLE = yaml.safe_load((default_faq_dir() / FIXES_FILE).read_text(encoding="utf-8"))


def kb_strings(kb: KnowledgeBase) -> Iterator[tuple[str, str]]:
    """(where, text) for every text the bot can show or match."""
    for intent in kb.intents.values():
        where = f"faq/intents/{intent.id}.yaml"
        for text in (intent.question, *intent.questions, intent.answer, intent.short):
            yield where, text
        for platform, note in intent.platform_notes.items():
            yield f"{where}: platform_notes.{platform}", note
        for topic in intent.topics:
            for text in (topic.question, *topic.questions, topic.answer):
                yield f"{where}: {intent.id}.{topic.id}", text
    for stage in kb.stages:
        for text in (stage.title, stage.happens, stage.todo):
            yield f"faq/timeline.yaml: {stage.id}", text
    for key, value in kb.messages.items():
        for text in value if isinstance(value, list) else [value]:
            yield f"faq/messages.yaml: {key}", str(text)


def mistranslations(text: str) -> list[str]:
    """Known wrong forms, and watched characters outside the allowed words, in `text`."""
    converted = to_traditional(text)
    found = [wrong for wrong in TABLE["fixes"] if wrong in converted]
    masked = converted
    for word in sorted(TABLE["allowed"], key=len, reverse=True):
        masked = masked.replace(word, "·" * len(word))
    for at, char in enumerate(masked):
        if char in TABLE["watch"]:
            found.append(converted[max(0, at - 2) : at + 3])
    return found


def test_every_knowledge_base_string_converts_exactly() -> None:
    offenders = [
        f"{where}: {text[:30]!r} -> {bad}"
        for where, text in kb_strings(KB)
        if (bad := mistranslations(text))
    ]
    assert not offenders, "\n".join(offenders)


@pytest.mark.parametrize(
    ("simplified", "traditional"),
    [
        ("请联系发卡行", "請聯繫發卡行"),
        ("银发〔2003〕251号", "銀發〔2003〕251號"),
        ("最多只能分60期", "最多只能分60期"),
        ("以非法占有为目的", "以非法占有為目的"),
        ("我老公背着我借的网贷", "我老公背著我借的網貸"),
        ("银行卡里的钱会被划走吗", "銀行卡裡的錢會被劃走嗎"),
        (
            "《关于公布失信被执行人名单信息的若干规定》",
            "《關於公布失信被執行人名單信息的若干規定》",
        ),
    ],
)
def test_known_mistakes_are_corrected(simplified: str, traditional: str) -> None:
    assert to_traditional(simplified) == traditional


def test_the_checker_catches_an_unlisted_mistake() -> None:
    # OpenCC turns 一只 into 一隻 correctly (allowed), but a watched character elsewhere is caught
    assert mistranslations("一只猫") == []
    assert mistranslations("头发") == []
    assert mistranslations("干净") == []
    assert "隻" in "".join(mistranslations("船只"))


def test_fix_table_is_valid(tmp_path) -> None:
    assert load_fixes(default_faq_dir() / FIXES_FILE)
    bad = tmp_path / FIXES_FILE
    bad.write_text("fixes: {髮卡: 髮卡}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="different right forms"):
        load_fixes(bad)
    bad.write_text("fixes: {發: 發卡}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="undo"):
        load_fixes(bad)
