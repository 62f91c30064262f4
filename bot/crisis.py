"""Words of self-harm (faq/crisis.yaml): with one, the distress reply is the crisis text."""

from __future__ import annotations

from pathlib import Path

from .kb_read import _read_mapping
from .wordclass import WordClass, read_words

FILE = "crisis.yaml"


def load_crisis(base: Path) -> WordClass:
    """faq/crisis.yaml's words, validated: non-empty, simplified characters, listed once."""
    data, file = _read_mapping(base, FILE)
    return WordClass(read_words(data, file, "crisis"))
