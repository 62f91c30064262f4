"""Take a page title's clickbait tail and an opening address off a question (faq/clickbait.yaml)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .kb_read import KnowledgeError, _read_mapping
from .wordclass import WordClass, read_words

FILE = "clickbait.yaml"


@dataclass(frozen=True)
class Tails:
    """Words that mark a trailing piece as clickbait ('一文说清', '手把手') and a leading piece
    as an address ('律师', '老哥')."""

    tails: WordClass = field(default_factory=lambda: WordClass(()))
    addressees: tuple[str, ...] = ()
    addressee_chars: int = 4

    def strip(self, text: str) -> str:
        """Normalised simplified `text` (pieces separated by spaces) without its clickbait
        pieces at the end and an address at the start; never empties it."""
        pieces = text.split(" ")
        while len(pieces) > 1 and self.tails.found(pieces[-1]):
            pieces.pop()
        first = pieces[0]
        if (
            len(pieces) > 1
            and len(first) <= self.addressee_chars
            and first.endswith(self.addressees)
        ):
            pieces.pop(0)
        return " ".join(pieces)


def load_tails(base: Path) -> Tails:
    """faq/clickbait.yaml, validated; an empty `Tails` when the file is absent."""
    if not (base / FILE).is_file():
        return Tails()
    data, file = _read_mapping(base, FILE)
    chars = data.get("addressee_chars", 4)
    if not isinstance(chars, int) or isinstance(chars, bool) or chars < 1:
        raise KnowledgeError(file, "addressee_chars", "expected a positive whole number")
    return Tails(
        tails=WordClass(read_words(data, file, "tails")),
        addressees=read_words(data, file, "addressees", required=False),
        addressee_chars=chars,
    )
