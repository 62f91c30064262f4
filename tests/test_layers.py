"""Layering: matching never depends on how replies are written."""

import ast
from pathlib import Path

import bot

BOT = Path(bot.__file__).parent


def _imports(module: str) -> set[str]:
    tree = ast.parse((BOT / f"{module}.py").read_text(encoding="utf-8"))
    return {
        node.module or ""
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.level == 1
    }


def test_matching_does_not_import_the_composer():
    for module in ("matcher", "arbiter", "twopart", "ids"):
        assert "compose" not in _imports(module), module
        assert "engine" not in _imports(module), module


def test_shared_names_have_one_home():
    from bot import compose, engine, ids, matcher

    assert engine.OUT_OF_SCOPE is ids.OUT_OF_SCOPE  # the engine's public name still works
    for module in (compose, matcher):
        source = Path(module.__file__).read_text(encoding="utf-8")
        assert 'OUT_OF_SCOPE = "' not in source and "DECISIVE = 3" not in source
