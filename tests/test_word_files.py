"""The word lists of faq/ (jurisdiction, scope, crisis) are validated when they load."""

from pathlib import Path

import pytest

from bot.knowledge import KnowledgeError, load

CASES = [
    ("jurisdiction.yaml", "    - 联征 ", "    - 聯徵 ", "simplified characters"),
    ("jurisdiction.yaml", "    - 联征 ", "    - '' ", "non-empty"),
    ("jurisdiction.yaml", "    - 港币\n", "    - 港币\n    - 台币\n", "already a word of 台湾"),
    ("scope.yaml", "  - 是什么\n", "  - 是什麼\n", "simplified characters"),
    ("scope.yaml", "  - 怎么算\n", "  - 怎么算\n  - 怎么算\n", "listed twice"),
    ("scope.yaml", "  - 逾期\n", "  - ''\n", "non-empty"),
    ("crisis.yaml", "  - 想死\n", "  - 想死\n  - 輕生\n", "simplified characters"),
]


@pytest.mark.parametrize(("name", "old", "new", "problem"), CASES)
def test_a_bad_word_is_named_with_its_file(
    faq_copy: Path, name: str, old: str, new: str, problem: str
):
    path = faq_copy / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(KnowledgeError, match=problem) as error:
        load(faq_copy)
    assert error.value.file == f"faq/{name}"


@pytest.mark.parametrize("name", ["jurisdiction.yaml", "scope.yaml", "crisis.yaml"])
def test_a_missing_word_file_is_named(faq_copy: Path, name: str):
    (faq_copy / name).unlink()
    with pytest.raises(KnowledgeError, match="missing") as error:
        load(faq_copy)
    assert error.value.file == f"faq/{name}"
