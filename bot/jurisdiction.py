"""Taiwan and Hong Kong wording: which other region a question is about (faq/jurisdiction.yaml)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .kb_read import KnowledgeError, _read_mapping
from .wordclass import WordClass, read_words

FILE = "jurisdiction.yaml"


@dataclass(frozen=True)
class Jurisdiction:
    """The words of regions whose rules differ from the mainland rules the answers describe."""

    words: WordClass = field(default_factory=lambda: WordClass(()))
    region_of: dict[str, str] = field(default_factory=dict)  # '联征' -> '台湾'
    mainland: WordClass = field(default_factory=lambda: WordClass(()))  # '内地的网贷'

    def regions(self, text: str) -> tuple[str, ...]:
        """The regions whose words the simplified `text` uses, in the file's order; none when
        it names none or says the debt is a mainland one ('内地的网贷')."""
        if self.mainland.found(text):
            return ()
        found = {self.region_of[word] for word in self.words.found(text)}
        return tuple(dict.fromkeys(r for r in self.region_of.values() if r in found))


def load_jurisdiction(base: Path) -> Jurisdiction:
    """faq/jurisdiction.yaml, validated: every word in simplified characters, listed once."""
    data, file = _read_mapping(base, FILE)
    regions = data.get("regions")
    if not isinstance(regions, dict) or not regions:
        raise KnowledgeError(file, None, "expected a mapping 'regions' of region -> words")
    region_of: dict[str, str] = {}
    for region, _ in regions.items():
        for word in read_words(regions, file, str(region)):
            previous = region_of.setdefault(word, str(region))
            if previous != region:
                raise KnowledgeError(file, str(region), f"'{word}' is already a word of {previous}")
    return Jurisdiction(
        words=WordClass(tuple(region_of), read_words(data, file, "not_inside", required=False)),
        region_of=region_of,
        mainland=WordClass(read_words(data, file, "mainland", required=False)),
    )
