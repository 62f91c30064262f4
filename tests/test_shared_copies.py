"""The repository's copies of ../shared (the contract, the development sets) stay current.

A clone alone passes its tests with the copies; beside ../shared (as on a developer's machine
and in CI) they must equal the originals, so a change there is noticed and copied.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
COPIES = {
    "docs/spec/intents.md": "spec/intents.md",
    "tests/data/dev.tsv": "eval/dev.tsv",
    "tests/data/real_dev_public.tsv": "eval/real-dev.tsv",
}


@pytest.mark.parametrize(("copy", "original"), COPIES.items())
def test_copy_is_in_the_repository(copy: str, original: str) -> None:
    assert (ROOT / copy).is_file(), f"{copy} is missing: copy it from ../shared/{original}"


@pytest.mark.skipif(not SHARED.is_dir(), reason="no ../shared beside this checkout")
@pytest.mark.parametrize(("copy", "original"), COPIES.items())
def test_copy_equals_shared(copy: str, original: str) -> None:
    source = SHARED / original
    if not source.is_file():
        pytest.skip(f"../shared/{original} is not there")
    assert (ROOT / copy).read_bytes() == source.read_bytes(), (
        f"../shared/{original} changed: cp ../shared/{original} {copy}"
    )
