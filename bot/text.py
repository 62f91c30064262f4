"""Normalise user text and convert between traditional and simplified characters."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import opencc
import yaml

FIXES_FILE = "traditional_fixes.yaml"
MAX_CHARS = 500  # what the matcher reads of a message; the rest cannot change the intent

_SPACE = re.compile(r"\s+")
# Punctuation inside numbers carries meaning ('1.5个月', '2026-10-01', '-5天', '24%'); thousands
# separators do not ('1,000天').
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_NUMERIC_MARK = re.compile(r"(?<=\d)[./](?=\d)|-(?=\d)|(?<=\d)%")


@lru_cache(maxsize=2)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def _keep(char: str) -> str:
    """Letters, digits and CJK stay; everything else (emoji, punctuation, controls) is a space."""
    category = unicodedata.category(char)
    if category[0] in "LN":
        return char
    return " "


def normalise(text: str) -> str:
    """NFKC (full-width to half-width), lower case, punctuation/emoji/controls to spaces
    (except the marks inside numbers)."""
    text = unicodedata.normalize("NFKC", text[: MAX_CHARS * 2]).lower()
    text = _THOUSANDS.sub("", text)
    marks = {m.start() for m in _NUMERIC_MARK.finditer(text)}
    text = "".join(c if i in marks else _keep(c) for i, c in enumerate(text))
    return _SPACE.sub(" ", text).strip()[:MAX_CHARS]


def to_simplified(text: str) -> str:
    """Traditional characters to simplified."""
    return _converter("t2s").convert(text)


def load_fixes(path: Path) -> dict[str, str]:
    """The corrections of faq/traditional_fixes.yaml (wrong -> right), validated."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None
    fixes = data.get("fixes") if isinstance(data, dict) else None
    if not isinstance(fixes, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and k and k != v for k, v in fixes.items()
    ):
        raise ValueError("'fixes' must map wrong forms to different right forms")
    for wrong in fixes:
        for right in fixes.values():
            if wrong in right:
                raise ValueError(f"{wrong!r} would undo the fix to {right!r}")
    return fixes


@lru_cache(maxsize=1)
def _fixes() -> tuple[dict[str, str], re.Pattern[str] | None]:
    from .knowledge import default_faq_dir

    fixes = load_fixes(default_faq_dir() / FIXES_FILE)
    words = sorted(fixes, key=len, reverse=True)
    return fixes, re.compile("|".join(map(re.escape, words))) if words else None


@lru_cache(maxsize=4096)  # replies are built from a few hundred curated pieces
def to_traditional(text: str) -> str:
    """Simplified characters to traditional (Taiwan standard forms), with OpenCC's known
    mistakes for our words corrected (faq/traditional_fixes.yaml: 髮卡 -> 發卡)."""
    converted = _converter("s2tw").convert(text)  # Taiwan forms (為, 才), the most familiar
    fixes, pattern = _fixes()
    return pattern.sub(lambda m: fixes[m.group()], converted) if pattern else converted


def simplify(text: str) -> tuple[str, bool]:
    """`text` in simplified characters, and whether it was written mostly in traditional."""
    simplified = to_simplified(text)
    if simplified == text:
        return text, False
    traditional = to_traditional(text)
    trad_only = sum(a != b for a, b in zip(text, simplified, strict=False))
    simp_only = sum(a != b for a, b in zip(text, traditional, strict=False))
    return simplified, trad_only > simp_only


def is_traditional(text: str) -> bool:
    """Whether `text` is written mostly in traditional characters."""
    return simplify(text)[1]


def has_text(text: str) -> bool:
    """Whether `text` has any letter or digit (not only emoji, symbols or spaces)."""
    return any(unicodedata.category(c)[0] in "LN" for c in text)
