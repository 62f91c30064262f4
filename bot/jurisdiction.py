"""Taiwan and Hong Kong wording: which other region a question is about (faq/jurisdiction.yaml)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .kb_read import KnowledgeError, _read_mapping, _str_list, _variants
from .text import to_simplified

FILE = "jurisdiction.yaml"


@dataclass(frozen=True)
class Jurisdiction:
    """The words of regions whose rules differ from the mainland rules the answers describe."""

    words: dict[str, str]  # word -> region ('联征' -> '台湾')
    not_inside: tuple[str, ...] = ()  # longer mainland words that hold one ('信用卡债务')
    mainland: tuple[str, ...] = ()  # the question says its debt is a mainland one

    def regions(self, text: str) -> tuple[str, ...]:
        """The regions whose words the simplified `text` uses, in the file's order; none when
        it names none or says the debt is a mainland one ('内地的网贷')."""
        if any(word in text for word in self.mainland):
            return ()
        for longer in self.not_inside:
            text = text.replace(longer, " ")
        found = {region for word, region in self.words.items() if word in text}
        return tuple(dict.fromkeys(r for r in self.words.values() if r in found))


def load_jurisdiction(base: Path) -> Jurisdiction:
    """faq/jurisdiction.yaml, validated: every word in simplified characters (the question is
    converted before it is looked up) and listed once."""
    data, file = _read_mapping(base, FILE)
    words = _variants(data, file, "regions", canonical_too=False)
    not_inside = _str_list(data, "not_inside", file, "not_inside", required=False)
    mainland = _str_list(data, "mainland", file, "mainland", required=False)
    for word in (*words, *not_inside, *mainland):
        if not word:
            raise KnowledgeError(file, None, "an empty word would match every question")
        if to_simplified(word) != word:
            raise KnowledgeError(file, word, "write it in simplified characters")
    return Jurisdiction(words=words, not_inside=tuple(not_inside), mainland=tuple(mainland))
