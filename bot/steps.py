"""What else a question asks for: steps (faq/steps.yaml), its stage (faq/twopart.yaml)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .kb_read import _read_mapping
from .wordclass import WordClass, read_words

FILE = "steps.yaml"
STAGE_FILE = "twopart.yaml"


@dataclass(frozen=True)
class Steps:
    """Words that say a thing is already happening ('被', '已经', '上门了') and words that
    say it is only feared ('如果', '会不会')."""

    happening: WordClass = field(default_factory=lambda: WordClass(()))
    hypothetical: WordClass = field(default_factory=lambda: WordClass(()))

    def happening_now(self, text: str) -> bool:
        """Whether the simplified `text` says the thing it asks about is already happening."""
        return bool(self.happening.found(text)) and not self.hypothetical.found(text)


def load_steps(base: Path) -> Steps:
    """faq/steps.yaml, validated; an empty `Steps` (never happening) when it is absent."""
    if not (base / FILE).is_file():
        return Steps()
    data, file = _read_mapping(base, FILE)
    return Steps(
        happening=WordClass(read_words(data, file, "happening")),
        hypothetical=WordClass(read_words(data, file, "hypothetical", required=False)),
    )


def load_stage_asks(base: Path) -> WordClass:
    """faq/twopart.yaml's `stage_asks` ('后果', '有事吗'): with a day count, the question also
    asks about its stage. Empty when the file is absent."""
    if not (base / STAGE_FILE).is_file():
        return WordClass(())
    data, file = _read_mapping(base, STAGE_FILE)
    return WordClass(read_words(data, file, "stage_asks"))
