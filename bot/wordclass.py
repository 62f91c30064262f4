"""Word classes kept as data in faq/: words looked up in a question's simplified text."""

from __future__ import annotations

from dataclasses import dataclass

from .kb_read import KnowledgeError, _str_list
from .text import to_simplified


@dataclass(frozen=True)
class WordClass:
    """Words of one kind ('逾期', '还不上': a debt problem), and longer words that contain one
    of them without being of that kind ('逾期率')."""

    words: tuple[str, ...]
    not_inside: tuple[str, ...] = ()

    def found(self, text: str) -> list[str]:
        """The words of the class in the simplified `text`, outside the `not_inside` words."""
        for longer in self.not_inside:
            text = text.replace(longer, " ")
        return [word for word in self.words if word in text]


def read_words(data: dict, file: str, key: str, required: bool = True) -> tuple[str, ...]:
    """A list of words from a faq/ file: each non-empty and in simplified characters (questions
    are converted to simplified before words are looked up)."""
    words = _str_list(data, key, file, key, required=required)
    for word in words:
        if to_simplified(word) != word:
            raise KnowledgeError(file, key, f"'{word}': write it in simplified characters")
    if len(set(words)) != len(words):
        twice = next(w for w in words if words.count(w) > 1)
        raise KnowledgeError(file, key, f"'{twice}' is listed twice")
    return tuple(words)
