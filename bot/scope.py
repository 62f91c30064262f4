"""General-fact questions next to the domain, answered as out of scope (faq/scope.yaml)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .kb_read import _read_mapping
from .platforms import PlatformFinder
from .wordclass import WordClass, read_words

FILE = "scope.yaml"


@dataclass(frozen=True)
class Scope:
    """What asks for a general fact ('是什么', '利息多少') and what names a debt problem."""

    definition_asks: WordClass = field(default_factory=lambda: WordClass(()))
    fact_asks: WordClass = field(default_factory=lambda: WordClass(()))
    trouble: WordClass = field(default_factory=lambda: WordClass(()))
    debt_words: WordClass = field(default_factory=lambda: WordClass(()))
    other_dues: WordClass = field(default_factory=lambda: WordClass(()))
    loan_words: WordClass = field(default_factory=lambda: WordClass(()))

    def general_fact(self, text: str) -> bool:
        """Whether the simplified `text` asks for a general fact and names no debt trouble:
        '花呗是什么' does, '逾期一天利息多少' does not. A debt ('欠款') is trouble unless the
        question asks only what the word means ('什么是欠款')."""
        defines = bool(self.definition_asks.found(text))
        if not (defines or self.fact_asks.found(text)) or self.trouble.found(text):
            return False
        return not self.debt_words.found(text) or (defines and not self.fact_asks.found(text))

    def other_due(self, text: str, platforms: PlatformFinder) -> bool:
        """Whether the simplified `text` is about something overdue that is not a loan or a
        card ('护照逾期会怎么样', '物业费多久不交可以起诉'): it names such a thing and no loan,
        card or lender (`platforms` finds the lenders of platforms.yaml)."""
        if not self.other_dues.found(text) or self.loan_words.found(text):
            return False
        return platforms.find(text.lower()) is None


def load_scope(base: Path) -> Scope:
    """faq/scope.yaml, validated: words non-empty, in simplified characters, listed once."""
    data, file = _read_mapping(base, FILE)
    return Scope(
        definition_asks=WordClass(read_words(data, file, "definition_asks")),
        fact_asks=WordClass(read_words(data, file, "fact_asks")),
        trouble=WordClass(
            read_words(data, file, "trouble"), read_words(data, file, "not_trouble", False)
        ),
        debt_words=WordClass(read_words(data, file, "debt_words", False)),
        other_dues=WordClass(read_words(data, file, "other_dues", False)),
        loan_words=WordClass(read_words(data, file, "loan_words", False)),
    )
