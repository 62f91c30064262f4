"""Segment Chinese text with jieba, a trimmed main dictionary and the domain words."""

from __future__ import annotations

import logging
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

# jieba imports pkg_resources only to find its own files, which costs ~0.1 s at start-up
# and a deprecation warning on new setuptools; without it jieba falls back to plain open().
if "jieba" not in sys.modules:
    _blocked = "pkg_resources" not in sys.modules
    if _blocked:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]
    import jieba

    if _blocked:
        del sys.modules["pkg_resources"]
else:  # pragma: no cover - someone imported jieba before us
    import jieba

jieba.setLogLevel(logging.WARNING)

_FREQ = 30000  # a domain word's frequency: high enough to beat any split of it


class Segmenter:
    """jieba's tokenizer over `main_dict`, with `userdict` and `extra_words` as whole words."""

    def __init__(self, main_dict: Path, userdict: Path, extra_words: Iterable[str] = ()) -> None:
        self._tokenizer = jieba.Tokenizer(dictionary=str(main_dict))
        self._tokenizer.tmp_dir = tempfile.gettempdir()
        self._tokenizer.initialize()
        with open(userdict, "rb") as handle:  # jieba leaves a path it opened unclosed
            self._tokenizer.load_userdict(handle)
        for word in extra_words:
            if len(word) > 1 and not self._tokenizer.FREQ.get(word):  # prefixes are stored as 0
                self._tokenizer.add_word(word, _FREQ)

    def cut(self, text: str) -> list[str]:
        """Words of `text`, spaces dropped; no HMM guessing, so unknown runs stay characters."""
        return [w for w in self._tokenizer.cut(text, HMM=False) if not w.isspace()]
