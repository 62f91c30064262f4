"""Reading the files of faq/: strict YAML, typed fields, and errors that name file and entry."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

try:  # libyaml parses the knowledge base several times faster than pure Python
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - pyyaml wheels ship libyaml
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]


class _Loader(_BaseLoader):
    """YAML keeps the last of two equal keys without a word; a knowledge base must not."""

    def construct_mapping(self, node, deep=False):  # pyyaml API, untyped
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


class KnowledgeError(ValueError):
    """The knowledge base is malformed; the message names file, entry and problem."""

    def __init__(self, file: str, entry: str | None, problem: str) -> None:
        where = f"{file}: {entry}: " if entry else f"{file}: "
        super().__init__(where + problem)
        self.file, self.entry, self.problem = file, entry, problem


def _read_text(path: Path, base: Path) -> str:
    """A file of faq/ as text; a missing or non-UTF-8 file is a KnowledgeError."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KnowledgeError(_name(path, base), None, "file is missing") from None
    except UnicodeDecodeError as exc:
        raise KnowledgeError(_name(path, base), None, f"not UTF-8 text ({exc.reason})") from None


def _read_yaml(path: Path, base: Path) -> Any:
    name = _name(path, base)
    text = _read_text(path, base)
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise KnowledgeError(name, None, f"invalid YAML{at}: {problem}") from None


def _name(path: Path, base: Path) -> str:
    try:
        return str(Path("faq") / path.relative_to(base))
    except ValueError:
        return str(path)


def _text(data: dict, key: str, file: str, entry: str) -> str:
    value = data.get(key)
    if value is None:
        raise KnowledgeError(file, entry, f"missing field '{key}'")
    if not isinstance(value, str) or not value.strip():
        raise KnowledgeError(file, entry, f"field '{key}' must be non-empty text")
    return value.strip()


def _str_list(data: dict, key: str, file: str, entry: str, required: bool = True) -> list[str]:
    value = data.get(key)
    if value is None:
        if required:
            raise KnowledgeError(file, entry, f"missing field '{key}'")
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise KnowledgeError(file, entry, f"field '{key}' must be a list of non-empty texts")
    return [v.strip() for v in value]


def _read_mapping(base: Path, filename: str) -> tuple[dict, str]:
    """A YAML file that must hold a mapping, and its name for messages."""
    path = base / filename
    data = _read_yaml(path, base)
    if not isinstance(data, dict):
        raise KnowledgeError(_name(path, base), None, "expected a mapping")
    return data, _name(path, base)


def _variants(data: dict, file: str, key: str, canonical_too: bool) -> dict[str, str]:
    """A canonical -> [variants] mapping as variant -> canonical (and canonical -> itself)."""
    raw = data.get(key)
    if not isinstance(raw, dict):
        raise KnowledgeError(file, None, f"expected a mapping '{key}'")
    mapping: dict[str, str] = {}
    for canonical, variants in raw.items():
        if not isinstance(variants, list) or not all(isinstance(v, str) for v in variants):
            raise KnowledgeError(file, str(canonical), "expected a list of words")
        for variant in [*variants, canonical] if canonical_too else variants:
            previous = mapping.setdefault(variant, canonical)
            if previous != canonical:
                raise KnowledgeError(
                    file, str(canonical), f"'{variant}' is already a variant of '{previous}'"
                )
    return mapping


def _word_list(data: dict, file: str, key: str) -> frozenset[str]:
    words = data.get(key)
    if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        raise KnowledgeError(file, key, "expected a list of words")
    return frozenset(words)
