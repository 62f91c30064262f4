"""Segment Chinese text with jieba, a trimmed main dictionary and the domain words."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
import tempfile
from collections.abc import Iterable, Sequence
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

    def __init__(
        self,
        main_dict: Path,
        userdict: Path,
        extra_words: Iterable[str] = (),
        cache_dir: Path | None = None,
    ) -> None:
        self._cache_dir = Path(cache_dir or tempfile.gettempdir())
        self._tokenizer = jieba.Tokenizer(dictionary=str(main_dict))
        self._tokenizer.tmp_dir = str(self._cache_dir)
        self._tokenizer.initialize()
        extra = sorted({w for w in extra_words if len(w) > 1})
        with open(userdict, "rb") as handle:  # jieba leaves a path it opened unclosed
            user_bytes = handle.read()
            handle.seek(0)
            self._tokenizer.load_userdict(handle)
        for word in extra:
            if not self._tokenizer.FREQ.get(word):  # prefixes are stored as 0
                self._tokenizer.add_word(word, _FREQ)
        # The same dictionaries always cut a text the same way: what identifies the cut
        # knowledge-base phrasings kept in the temp folder (like jieba's own dictionary cache).
        digest = hashlib.sha256(f"{jieba.__version__} {_FREQ}\n".encode())
        digest.update(Path(main_dict).read_bytes())
        digest.update(user_bytes)
        digest.update("\n".join(extra).encode())
        self._cache = self._cache_dir / f"overdue-bot-cut-{digest.hexdigest()[:20]}.json"

    def cut(self, text: str) -> list[str]:
        """Words of `text`, spaces dropped; no HMM guessing, so unknown runs stay characters."""
        return [w for w in self._tokenizer.cut(text, HMM=False) if not w.isspace()]

    def cut_all(self, texts: Sequence[str]) -> list[list[str]]:
        """`cut` for each of the knowledge base's own texts, remembered in the temp folder
        between runs (0.1 s of a cold start). Only the knowledge base's texts are passed here:
        users' messages are never written to disk. A missing or broken file is rebuilt."""
        try:
            stored = json.loads(self._cache.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            stored = {}
        known = {
            text: cut
            for text, cut in (stored.items() if isinstance(stored, dict) else ())
            if isinstance(cut, list) and all(isinstance(word, str) for word in cut)
        }
        words = [known.get(text) for text in texts]
        missing = [i for i, cut in enumerate(words) if cut is None]
        for i in missing:
            words[i] = self.cut(texts[i])
        if missing:  # the file then holds exactly these texts: edited phrasings drop out
            partial = self._cache.with_suffix(f".{os.getpid()}.tmp")
            current = dict(zip(texts, words, strict=True))
            try:
                partial.write_text(json.dumps(current, ensure_ascii=False), encoding="utf-8")
                os.replace(partial, self._cache)
            except OSError:  # a read-only temp folder: no cache, same answers
                partial.unlink(missing_ok=True)
        return words  # type: ignore[return-value]
